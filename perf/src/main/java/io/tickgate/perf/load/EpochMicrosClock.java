package io.tickgate.perf.load;

import java.time.Instant;

/**
 * Epoch microseconds from {@link System#nanoTime()} anchored once to the wall clock, so the feeder (which stamps
 * each tick's intended send time) and the clients (which take now) in this process share one monotonic clock and
 * allocate nothing per reading. Immutable; threadsafe.
 */
final class EpochMicrosClock
{
    private final long baseNanos;
    private final long baseEpochMicros;

    EpochMicrosClock()
    {
        final Instant now = Instant.now();
        baseNanos = System.nanoTime();
        baseEpochMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000L;
    }

    long nowMicros()
    {
        return toEpochMicros(System.nanoTime());
    }

    long toEpochMicros(final long nanoTime)
    {
        return baseEpochMicros + (nanoTime - baseNanos) / 1_000L;
    }
}
