package io.tickgate.gateway.publisher;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How the publisher stops serving, asked for from any thread and carried out on the publisher thread: a shutdown
 * closes every session with 1001 now; a drain first tells every session to move ({@link SessionLifecycle#drain}),
 * serves on for the drain window, then shuts down. A shutdown asked for during a drain cuts the window short.
 * <b>Note:</b> {@link #requestDrain()}, {@link #requestShutdown()} and {@link #isDraining()} are threadsafe;
 * {@link #poll()} belongs to the publisher thread.
 */
final class Stopping
{
    private final AtomicBoolean drainRequested = new AtomicBoolean();
    private final SessionLifecycle lifecycle;
    private final CycleClock clock;
    private final long drainMs;
    private volatile boolean shutdownRequested;
    private boolean draining;
    private boolean shuttingDown;
    private long drainDeadlineNs;

    Stopping(final SessionLifecycle lifecycle, final CycleClock clock, final long drainMs)
    {
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.drainMs = drainMs;
    }

    /**
     * @return true for the call that started the drain, false when one had started before.
     */
    boolean requestDrain()
    {
        return drainRequested.compareAndSet(false, true);
    }

    boolean isDraining()
    {
        return drainRequested.get();
    }

    void requestShutdown()
    {
        shutdownRequested = true;
    }

    /**
     * Start the drain asked for, and shut down when asked or when the drain's window has passed.
     *
     * @return work done.
     */
    int poll()
    {
        int work = 0;
        if (!draining && drainRequested.get())
        {
            draining = true;
            drainDeadlineNs = clock.nanoTime() + drainMs * 1_000_000L;
            work += lifecycle.drain(drainMs);
        }
        if (!shuttingDown && (shutdownRequested || (draining && clock.nanoTime() >= drainDeadlineNs)))
        {
            shuttingDown = true;
            work += lifecycle.shutdown();
        }
        return work;
    }
}
