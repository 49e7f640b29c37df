package io.tickgate.codec;

/**
 * The values of one incoming tick before it is journaled: what a feed adapter fills (from CSV, the simulator, ...)
 * and the journal writer stamps with symbol id, seq and ingest time. Reused, never allocated per tick.
 * <b>Note:</b> not threadsafe.
 */
public final class TickFields
{
    public long eventTimeMicros;
    public long bid;
    public long bidSize;
    public long ask;
    public long askSize;
    public long last;
    public long lastSize;
    public long volume;

    /**
     * Write these values into a tick record being encoded.
     *
     * @param encoder wrapped over the record.
     * @return the encoder.
     */
    public TickEncoder encodeInto(final TickEncoder encoder)
    {
        return encoder
            .eventTimeMicros(eventTimeMicros)
            .bid(bid).bidSize(bidSize)
            .ask(ask).askSize(askSize)
            .last(last).lastSize(lastSize)
            .volume(volume);
    }
}
