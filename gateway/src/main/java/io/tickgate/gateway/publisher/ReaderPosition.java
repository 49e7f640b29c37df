package io.tickgate.gateway.publisher;

/**
 * Where the publisher's live journal reader is, for the lag behind the journal's head that a scrape works out.
 * <b>Note:</b> written by the publisher thread after each poll that read ticks (once per duty cycle, not per tick);
 * read by any thread.
 */
public final class ReaderPosition
{
    private volatile long index = -1;
    private volatile long ingestNanos;

    void moved(final long lastIndex, final long lastIngestNanos)
    {
        index = lastIndex;
        ingestNanos = lastIngestNanos;
    }

    /**
     * @return the journal index of the last record read, -1 before the first.
     */
    public long index()
    {
        return index;
    }

    /**
     * @return the ingest time (ns since the epoch) of the last tick read, 0 before the first.
     */
    public long ingestNanos()
    {
        return ingestNanos;
    }
}
