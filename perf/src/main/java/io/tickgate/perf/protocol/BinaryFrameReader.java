package io.tickgate.perf.protocol;

import io.tickgate.codec.BinaryQuote;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads one binary server frame in place (docs/binary-format.md): records of an 8-byte little-endian header (block
 * length, template id, ...) and a body. Symbol definitions and quotes go to the {@link Handler}; records of other
 * templates are skipped. <b>Note:</b> not threadsafe; one per connection.
 */
public final class BinaryFrameReader
{
    private static final int RECORD_HEADER = 8;

    /** Receives the frame's records in order; a name is valid during the call only. */
    public interface Handler
    {
        void onSymbol(int wireId, CharSequence name);

        /** @param kind {@link BinaryQuote#KIND_TICK} or {@link BinaryQuote#KIND_SNAPSHOT}. */
        void onQuote(int wireId, byte kind, long seq, long ts);
    }

    private final AsciiView name = new AsciiView();

    /** @return false when a record runs past the frame's end (the records before it were delivered). */
    public boolean read(final byte[] payload, final int offset, final int length, final Handler handler)
    {
        final ByteBuffer frame = ByteBuffer.wrap(payload, offset, length).order(ByteOrder.LITTLE_ENDIAN);
        int record = offset;
        final int end = offset + length;
        while (record + RECORD_HEADER <= end)
        {
            final int blockLength = frame.getShort(record) & 0xFFFF;
            final int templateId = frame.getShort(record + 2) & 0xFFFF;
            final int body = record + RECORD_HEADER;
            if (body + blockLength > end)
            {
                return false;
            }
            if (BinaryQuote.SYMBOL_TEMPLATE_ID == templateId)
            {
                handler.onSymbol(frame.getInt(body), name.wrap(payload, body + 8, frame.getInt(body + 4)));
            }
            else if (BinaryQuote.QUOTE_TEMPLATE_ID == templateId)
            {
                handler.onQuote(frame.getInt(body), frame.get(body + 4), frame.getLong(body + 8),
                    frame.getLong(body + 16));
            }
            record = body + blockLength;
        }
        return true;
    }
}
