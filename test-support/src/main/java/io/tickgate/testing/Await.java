package io.tickgate.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting for a condition with a deadline: a test that could wait forever tells nothing when it hangs.
 */
public final class Await
{
    /** The deadline when none is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private Await()
    {
    }

    /**
     * Wait, with a deadline of {@link #DEFAULT_TIMEOUT}, until the condition holds.
     *
     * @param what what is awaited, for the failure message; asked only on failure.
     * @throws AssertionError when the deadline passes first.
     */
    public static void until(final BooleanSupplier condition, final Supplier<String> what)
    {
        until(condition, DEFAULT_TIMEOUT, what);
    }

    /**
     * Wait, with a deadline, until the condition holds, checking it every millisecond.
     *
     * @param what what is awaited, for the failure message; asked only on failure.
     * @throws AssertionError when the deadline passes first.
     */
    public static void until(final BooleanSupplier condition, final Duration timeout, final Supplier<String> what)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
