package io.tickgate.journal;

import net.openhft.chronicle.core.time.TimeProvider;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The journal's clock as Chronicle sees it: it picks each record's roll cycle (day file) from it. The writer pins it
 * for the length of one append, so every record of that append (a cycle header and the tick after it) lands in the
 * cycle the writer decided on, even when midnight passes in between. Other threads may read the pinned time: it is
 * a moment old.
 */
final class PinnableTime implements TimeProvider
{
    private static final long UNPINNED = Long.MIN_VALUE;

    private final TimeProvider source;
    private final AtomicLong pinnedMillis = new AtomicLong(UNPINNED);

    PinnableTime(final TimeProvider source)
    {
        this.source = source;
    }

    /**
     * @return the time now, which this clock reports until {@link #unpin()}.
     */
    long pin()
    {
        final long now = source.currentTimeMillis();
        pinnedMillis.lazySet(now);
        return now;
    }

    void unpin()
    {
        pinnedMillis.lazySet(UNPINNED);
    }

    public long currentTimeMillis()
    {
        final long pinned = pinnedMillis.get();
        return UNPINNED != pinned ? pinned : source.currentTimeMillis();
    }

    public long currentTimeMicros()
    {
        final long pinned = pinnedMillis.get();
        return UNPINNED != pinned ? pinned * 1_000L : source.currentTimeMicros();
    }

    public long currentTimeNanos()
    {
        final long pinned = pinnedMillis.get();
        return UNPINNED != pinned ? pinned * 1_000_000L : source.currentTimeNanos();
    }
}
