package io.tickgate.perf.load;

import java.util.concurrent.locks.LockSupport;

/**
 * Bounds the whole process: when the current step is not done by its deadline it kills what was registered with
 * {@link #onExpiry} (the embedded gateway) and halts with exit code 3. Each step moves the deadline before it starts.
 */
final class Watchdog
{
    private volatile long deadline;
    private volatile Runnable onExpiry = () ->
    {
    };

    /** Starts the watchdog thread, the first step due {@code seconds} from now. */
    Watchdog(final long seconds)
    {
        extend(seconds);
        final Thread thread = new Thread(this::watch, "watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    /** The current step must be done {@code seconds} from now. */
    void extend(final long seconds)
    {
        deadline = System.nanoTime() + seconds * 1_000_000_000L;
    }

    void onExpiry(final Runnable action)
    {
        onExpiry = action;
    }

    private void watch()
    {
        for (long wait = deadline - System.nanoTime(); wait > 0; wait = deadline - System.nanoTime())
        {
            LockSupport.parkNanos(wait);
        }
        System.err.println("watchdog: run did not finish in time, exiting");
        onExpiry.run();
        Runtime.getRuntime().halt(3);
    }
}
