package io.tickgate.codec;

import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Writes a quote as one protocol-v1 JSON object, straight from a {@link TickDecoder} into a reused buffer:
 * <pre>{"type":"tick","symbol":"AAPL","seq":1234,"ts":1764100000123456,"bid":189.12,"bidSize":300,...}</pre>
 * Field names are pre-encoded bytes and numbers are printed in place, so a write allocates nothing. Symbols are
 * validated ASCII, so no escaping is ever needed.
 * <b>Note:</b> stateless apart from its constants; safe to share.
 */
public final class JsonQuoteWriter
{
    /** Upper bound on one quote object's length, for sizing buffers. */
    public static final int MAX_LENGTH = 384;

    /** The two message types that carry a quote. */
    public enum Type
    {
        TICK("{\"type\":\"tick\",\"symbol\":\""),
        SNAPSHOT("{\"type\":\"snapshot\",\"symbol\":\"");

        final byte[] prefix;

        Type(final String prefix)
        {
            this.prefix = prefix.getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static final byte[] SEQ = ascii("\",\"seq\":");
    private static final byte[] TS = ascii(",\"ts\":");
    private static final byte[] BID = ascii(",\"bid\":");
    private static final byte[] BID_SIZE = ascii(",\"bidSize\":");
    private static final byte[] ASK = ascii(",\"ask\":");
    private static final byte[] ASK_SIZE = ascii(",\"askSize\":");
    private static final byte[] LAST = ascii(",\"last\":");
    private static final byte[] LAST_SIZE = ascii(",\"lastSize\":");
    private static final byte[] VOLUME = ascii(",\"volume\":");

    private JsonQuoteWriter()
    {
    }

    /**
     * @param type    tick or snapshot.
     * @param tick    decoder wrapped over the journal record.
     * @param symbols resolves the tick's symbol id to its text.
     * @param out     buffer to write into, with {@link #MAX_LENGTH} bytes of room at offset.
     * @param offset  where to start.
     * @return bytes written.
     */
    public static int write(
        final Type type,
        final TickDecoder tick,
        final SymbolTable symbols,
        final MutableDirectBuffer out,
        final int offset)
    {
        int i = offset;
        out.putBytes(i, type.prefix);
        i += type.prefix.length;
        final int symbolId = tick.symbolId();
        final int nameLength = symbols.nameLength(symbolId);
        out.putBytes(i, symbols.nameBytes(), symbols.nameOffset(symbolId), nameLength);
        i += nameLength;

        out.putBytes(i, SEQ);
        i += SEQ.length;
        i += out.putLongAscii(i, tick.seq());
        out.putBytes(i, TS);
        i += TS.length;
        i += out.putLongAscii(i, tick.eventTimeMicros());
        out.putBytes(i, BID);
        i += BID.length;
        i += FixedPoint.format(tick.bid(), out, i);
        out.putBytes(i, BID_SIZE);
        i += BID_SIZE.length;
        i += out.putLongAscii(i, tick.bidSize());
        out.putBytes(i, ASK);
        i += ASK.length;
        i += FixedPoint.format(tick.ask(), out, i);
        out.putBytes(i, ASK_SIZE);
        i += ASK_SIZE.length;
        i += out.putLongAscii(i, tick.askSize());
        out.putBytes(i, LAST);
        i += LAST.length;
        i += FixedPoint.format(tick.last(), out, i);
        out.putBytes(i, LAST_SIZE);
        i += LAST_SIZE.length;
        i += out.putLongAscii(i, tick.lastSize());
        out.putBytes(i, VOLUME);
        i += VOLUME.length;
        i += out.putLongAscii(i, tick.volume());
        out.putByte(i++, (byte)'}');
        return i - offset;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
