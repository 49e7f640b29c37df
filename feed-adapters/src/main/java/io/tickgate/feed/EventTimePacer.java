package io.tickgate.feed;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;

/**
 * Replays ticks at their recorded pace times a speed factor: the first tick's event time anchors the clock, and each
 * later tick waits until {@code anchor + (ts - firstTs) / speed}. Deadlines come from the anchor, never from the
 * previous tick, so waits do not accumulate drift. A tick whose time is already past (or earlier than the first) goes
 * at once.
 * <p>
 * <b>Note:</b> not threadsafe; it blocks the calling thread, so use it only on a thread of its own (file replay).
 */
public final class EventTimePacer
{
    private static final double MAX_OFFSET_NS = 1e18; // ~31 years keeps anchor + offset from overflowing

    private final double speed;
    private final NanoClock clock;
    private final IdleStrategy idleStrategy;
    private boolean anchored;
    private long firstEventTimeMicros;
    private long anchorNs;

    /**
     * @param speed        1 for real time, 2 for twice as fast; must be positive.
     * @param clock        monotonic clock.
     * @param idleStrategy how to wait; a sleeping strategy suits replay.
     */
    public EventTimePacer(final double speed, final NanoClock clock, final IdleStrategy idleStrategy)
    {
        if (!(speed > 0) || Double.isInfinite(speed))
        {
            throw new IllegalArgumentException("speed must be positive and finite: " + speed);
        }
        this.speed = speed;
        this.clock = clock;
        this.idleStrategy = idleStrategy;
    }

    /**
     * Wait until a tick of this event time is due.
     *
     * @param eventTimeMicros the tick's ts.
     */
    public void awaitEventTime(final long eventTimeMicros)
    {
        if (!anchored)
        {
            anchored = true;
            firstEventTimeMicros = eventTimeMicros;
            anchorNs = clock.nanoTime();
            return;
        }
        final long dueNs = dueNs(eventTimeMicros);
        idleStrategy.reset();
        while (clock.nanoTime() - dueNs < 0)
        {
            idleStrategy.idle();
        }
    }

    /**
     * @param eventTimeMicros a tick's ts, after the first tick anchored the clock.
     * @return the clock time at which it is due.
     */
    public long dueNs(final long eventTimeMicros)
    {
        final double offsetNs = (eventTimeMicros - (double)firstEventTimeMicros) * 1000.0 / speed;
        return anchorNs + (long)Math.min(Math.max(0.0, offsetNs), MAX_OFFSET_NS);
    }
}
