package io.tickgate.codec;

import org.agrona.DirectBuffer;

import static io.tickgate.codec.TickEncoder.ASK_OFFSET;
import static io.tickgate.codec.TickEncoder.ASK_SIZE_OFFSET;
import static io.tickgate.codec.TickEncoder.BID_OFFSET;
import static io.tickgate.codec.TickEncoder.BID_SIZE_OFFSET;
import static io.tickgate.codec.TickEncoder.EVENT_TIME_OFFSET;
import static io.tickgate.codec.TickEncoder.INGEST_TIME_OFFSET;
import static io.tickgate.codec.TickEncoder.LAST_OFFSET;
import static io.tickgate.codec.TickEncoder.LAST_SIZE_OFFSET;
import static io.tickgate.codec.TickEncoder.SEQ_OFFSET;
import static io.tickgate.codec.TickEncoder.SYMBOL_ID_OFFSET;
import static io.tickgate.codec.TickEncoder.VOLUME_OFFSET;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Reads a tick in place; see {@link TickEncoder} for the layout. Wrap at the start of the body (after the header).
 * <b>Note:</b> not threadsafe; one instance per thread.
 */
public final class TickDecoder
{
    private DirectBuffer buffer;
    private int body;

    /**
     * @param buffer holding the tick.
     * @param offset of the body, i.e. just after the {@link MessageHeaderDecoder header}.
     * @return this for fluent use.
     */
    public TickDecoder wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.body = offset;
        return this;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int offset()
    {
        return body;
    }

    public int symbolId()
    {
        return buffer.getInt(body + SYMBOL_ID_OFFSET, LITTLE_ENDIAN);
    }

    public long seq()
    {
        return buffer.getLong(body + SEQ_OFFSET, LITTLE_ENDIAN);
    }

    public long eventTimeMicros()
    {
        return buffer.getLong(body + EVENT_TIME_OFFSET, LITTLE_ENDIAN);
    }

    public long ingestTimeNanos()
    {
        return buffer.getLong(body + INGEST_TIME_OFFSET, LITTLE_ENDIAN);
    }

    public long bid()
    {
        return buffer.getLong(body + BID_OFFSET, LITTLE_ENDIAN);
    }

    public long ask()
    {
        return buffer.getLong(body + ASK_OFFSET, LITTLE_ENDIAN);
    }

    public long last()
    {
        return buffer.getLong(body + LAST_OFFSET, LITTLE_ENDIAN);
    }

    public long bidSize()
    {
        return buffer.getLong(body + BID_SIZE_OFFSET, LITTLE_ENDIAN);
    }

    public long askSize()
    {
        return buffer.getLong(body + ASK_SIZE_OFFSET, LITTLE_ENDIAN);
    }

    public long lastSize()
    {
        return buffer.getLong(body + LAST_SIZE_OFFSET, LITTLE_ENDIAN);
    }

    public long volume()
    {
        return buffer.getLong(body + VOLUME_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * Debug rendering; allocates, so never on the hot path.
     *
     * @param sb to append to.
     * @return sb.
     */
    public StringBuilder appendTo(final StringBuilder sb)
    {
        return sb.append("Tick{symbolId=").append(symbolId())
            .append(", seq=").append(seq())
            .append(", eventTimeMicros=").append(eventTimeMicros())
            .append(", ingestTimeNanos=").append(ingestTimeNanos())
            .append(", bid=").append(FixedPoint.toString(bid()))
            .append(", bidSize=").append(bidSize())
            .append(", ask=").append(FixedPoint.toString(ask()))
            .append(", askSize=").append(askSize())
            .append(", last=").append(FixedPoint.toString(last()))
            .append(", lastSize=").append(lastSize())
            .append(", volume=").append(volume())
            .append('}');
    }
}
