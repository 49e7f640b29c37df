package io.tickgate.codec;

import io.tickgate.protocol.WireFormat;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Writes one tick, the journal's main record, in place.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   header (8 bytes, template 1)                |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           symbolId                            |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      reserved (zero)                          |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 seq (per symbol, from 1)                      |  8
 *  |                 eventTime (us since epoch)                    | 16
 *  |                 ingestTime (ns since epoch)                   | 24
 *  |                 bid  (fixed point, 8 decimals)                | 32
 *  |                 ask  (fixed point, 8 decimals)                | 40
 *  |                 last (fixed point, 8 decimals)                | 48
 *  |                 bidSize                                       | 56
 *  |                 askSize                                       | 64
 *  |                 lastSize                                      | 72
 *  |                 volume                                        | 80
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Every field after symbolId is a signed 64-bit little-endian integer. Offsets are from the end of the header. The
 * body is the wire's quote body ({@link WireFormat}), so a quote is a copy of it.
 * <b>Note:</b> not threadsafe; one instance per thread.
 */
public final class TickEncoder
{
    public static final int TEMPLATE_ID = 1;
    /**
     * A carried last value: a symbol's last tick (its own seq, times and values, unchanged) repeated in a cycle's
     * header (see {@link CycleHeaderEncoder}) so the cycle stands alone. Same body as a tick; it is not a new tick.
     */
    public static final int CARRIED_TEMPLATE_ID = 4;
    public static final int BLOCK_LENGTH = WireFormat.QUOTE_BLOCK_LENGTH;
    public static final int ENCODED_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + BLOCK_LENGTH;

    public static final int SYMBOL_ID_OFFSET = WireFormat.QUOTE_SYMBOL_ID_OFFSET;
    public static final int RESERVED_OFFSET = WireFormat.QUOTE_KIND_OFFSET;
    public static final int SEQ_OFFSET = WireFormat.QUOTE_SEQ_OFFSET;
    public static final int EVENT_TIME_OFFSET = WireFormat.QUOTE_TS_OFFSET;
    public static final int INGEST_TIME_OFFSET = WireFormat.QUOTE_INGEST_TIME_OFFSET;
    public static final int BID_OFFSET = WireFormat.QUOTE_BID_OFFSET;
    public static final int ASK_OFFSET = WireFormat.QUOTE_ASK_OFFSET;
    public static final int LAST_OFFSET = WireFormat.QUOTE_LAST_OFFSET;
    public static final int BID_SIZE_OFFSET = WireFormat.QUOTE_BID_SIZE_OFFSET;
    public static final int ASK_SIZE_OFFSET = WireFormat.QUOTE_ASK_SIZE_OFFSET;
    public static final int LAST_SIZE_OFFSET = WireFormat.QUOTE_LAST_SIZE_OFFSET;
    public static final int VOLUME_OFFSET = WireFormat.QUOTE_VOLUME_OFFSET;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private MutableDirectBuffer buffer;
    private int body;

    /**
     * Wrap a buffer and write the header, ready for the field setters.
     *
     * @param buffer to write into.
     * @param offset where the header starts.
     * @return this for fluent use.
     */
    public TickEncoder wrapAndApplyHeader(final MutableDirectBuffer buffer, final int offset)
    {
        header.wrap(buffer, offset).write(BLOCK_LENGTH, TEMPLATE_ID);
        this.buffer = buffer;
        this.body = offset + MessageHeaderEncoder.ENCODED_LENGTH;
        buffer.putInt(body + RESERVED_OFFSET, 0, LITTLE_ENDIAN);
        return this;
    }

    public TickEncoder symbolId(final int symbolId)
    {
        buffer.putInt(body + SYMBOL_ID_OFFSET, symbolId, LITTLE_ENDIAN);
        return this;
    }

    public TickEncoder seq(final long seq)
    {
        buffer.putLong(body + SEQ_OFFSET, seq, LITTLE_ENDIAN);
        return this;
    }

    public TickEncoder eventTimeMicros(final long micros)
    {
        buffer.putLong(body + EVENT_TIME_OFFSET, micros, LITTLE_ENDIAN);
        return this;
    }

    public TickEncoder ingestTimeNanos(final long nanos)
    {
        buffer.putLong(body + INGEST_TIME_OFFSET, nanos, LITTLE_ENDIAN);
        return this;
    }

    public TickEncoder bid(final long price)
    {
        buffer.putLong(body + BID_OFFSET, price, LITTLE_ENDIAN);
        return this;
    }

    public TickEncoder ask(final long price)
    {
        buffer.putLong(body + ASK_OFFSET, price, LITTLE_ENDIAN);
        return this;
    }

    public TickEncoder last(final long price)
    {
        buffer.putLong(body + LAST_OFFSET, price, LITTLE_ENDIAN);
        return this;
    }

    public TickEncoder bidSize(final long size)
    {
        buffer.putLong(body + BID_SIZE_OFFSET, size, LITTLE_ENDIAN);
        return this;
    }

    public TickEncoder askSize(final long size)
    {
        buffer.putLong(body + ASK_SIZE_OFFSET, size, LITTLE_ENDIAN);
        return this;
    }

    public TickEncoder lastSize(final long size)
    {
        buffer.putLong(body + LAST_SIZE_OFFSET, size, LITTLE_ENDIAN);
        return this;
    }

    public TickEncoder volume(final long volume)
    {
        buffer.putLong(body + VOLUME_OFFSET, volume, LITTLE_ENDIAN);
        return this;
    }
}
