package io.tickgate.feed;

import org.agrona.concurrent.NanoClock;

/**
 * How many log lines may go out: at most {@code perSecond} in any one-second window; the rest are counted, and the
 * count is handed to the next line that may go out, so it can say how many were held back. The one rate limit of
 * the project's log lines: bad ingest input ({@link RateLimitedLog}), refused clients, connects, disconnects and
 * cut-offs. A line held back costs a lock and a counter, no formatting and no allocation.
 * <p>
 * <b>Note:</b> threadsafe (IO threads, the publisher and the ingest thread may share one).
 */
public final class LogRate
{
    /** What {@link #tryAcquire()} returns when the line must not go out. */
    public static final long DENIED = -1;
    private static final long WINDOW_NS = 1_000_000_000L;

    private final int perSecond;
    private final NanoClock clock;
    private long windowStartNs;
    private int inWindow;
    private long heldBack;
    private volatile long heldBackTotal;

    /**
     * @param perSecond most lines in any one-second window.
     * @param clock     monotonic clock for the windows.
     */
    public LogRate(final int perSecond, final NanoClock clock)
    {
        this.perSecond = perSecond;
        this.clock = clock;
        this.windowStartNs = clock.nanoTime();
    }

    /**
     * Ask for one line now.
     *
     * @return {@link #DENIED}, or how many lines were held back since the last one that went out (0 or more).
     */
    public synchronized long tryAcquire()
    {
        final long nowNs = clock.nanoTime();
        if (nowNs - windowStartNs >= WINDOW_NS)
        {
            windowStartNs = nowNs;
            inWindow = 0;
        }
        if (inWindow >= perSecond)
        {
            heldBack++;
            heldBackTotal = heldBackTotal + 1; // under the lock
            return DENIED;
        }
        inWindow++;
        final long told = heldBack;
        heldBack = 0;
        return told;
    }

    /**
     * @return lines held back since start; any thread may read it.
     */
    public long heldBackTotal()
    {
        return heldBackTotal;
    }
}
