package io.tickgate.journal;

import io.tickgate.codec.MessageHeaderEncoder;
import io.tickgate.codec.TickDecoder;
import io.tickgate.codec.TickEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Each symbol's last journaled tick, as its record body, so that a new cycle's header can carry it and a symbol's
 * last seq is read from it (0: no tick yet). Grows with the symbol count, on the cold path of a new symbol, to at most
 * 88 bytes per symbol of the journal's capacity. As a {@link JournalHandler} it learns them by reading the journal
 * (keeping each symbol's highest seq, from ticks and carried values alike).
 * <b>Note:</b> not threadsafe; owned by the writer's thread.
 */
final class LastValues implements JournalHandler
{
    private static final int SLOT = TickEncoder.BLOCK_LENGTH;

    private final ExpandableArrayBuffer bodies = new ExpandableArrayBuffer(64 * SLOT);

    /**
     * Make room for a symbol about to be defined.
     *
     * @param symbolId the new id.
     */
    void add(final int symbolId)
    {
        bodies.checkLimit((symbolId + 1) * SLOT);
    }

    /**
     * @param symbolId a defined symbol.
     * @return the seq of its last tick, 0 when it has none.
     */
    long seq(final int symbolId)
    {
        return bodies.getLong(symbolId * SLOT + TickEncoder.SEQ_OFFSET, LITTLE_ENDIAN);
    }

    /**
     * Keep a tick as its symbol's last value.
     *
     * @param symbolId   a symbol {@link #add added} before.
     * @param source     holding the tick.
     * @param bodyOffset where its body (after the header) starts.
     */
    void store(final int symbolId, final DirectBuffer source, final int bodyOffset)
    {
        bodies.putBytes(symbolId * SLOT, source, bodyOffset, SLOT);
    }

    public void onSymbol(final int symbolId)
    {
        add(symbolId);
    }

    public void onTick(final TickDecoder tick, final long index)
    {
        keep(tick);
    }

    public void onCarried(final TickDecoder tick, final long index)
    {
        keep(tick);
    }

    /**
     * Write a symbol's last tick as a carried-value record.
     *
     * @param symbolId a symbol with at least one tick.
     * @param target   to write into.
     * @return bytes written.
     */
    int encodeCarried(final int symbolId, final MutableDirectBuffer target)
    {
        MessageHeaderEncoder.write(target, 0, TickEncoder.BLOCK_LENGTH, TickEncoder.CARRIED_TEMPLATE_ID);
        target.putBytes(MessageHeaderEncoder.ENCODED_LENGTH, bodies, symbolId * SLOT, SLOT);
        return TickEncoder.ENCODED_LENGTH;
    }

    private void keep(final TickDecoder tick)
    {
        if (tick.seq() > seq(tick.symbolId()))
        {
            store(tick.symbolId(), tick.buffer(), tick.offset());
        }
    }
}
