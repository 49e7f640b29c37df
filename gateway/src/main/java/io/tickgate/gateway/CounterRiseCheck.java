package io.tickgate.gateway;

import org.agrona.concurrent.NanoClock;

import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * A {@link HealthCheck} on a counter of bad events: a problem while the counter has gone up within the window (or
 * since the previous look, when {@code /health} was not asked for a while), so one error long ago does not leave
 * the gateway degraded for good while the counter still shows it.
 * <b>Note:</b> threadsafe.
 */
final class CounterRiseCheck implements HealthCheck
{
    private final String name;
    private final LongSupplier counter;
    private final LongFunction<String> detail;
    private final NanoClock clock;
    private final long windowNs;
    private long seen;
    private long roseAtNs;
    private boolean rose;

    /**
     * @param detail what to say, given the counter's value.
     */
    CounterRiseCheck(
        final String name,
        final LongSupplier counter,
        final LongFunction<String> detail,
        final NanoClock clock,
        final long windowNs)
    {
        this.name = name;
        this.counter = counter;
        this.detail = detail;
        this.clock = clock;
        this.windowNs = windowNs;
    }

    public synchronized Problem check()
    {
        final long nowNs = clock.nanoTime();
        final long value = counter.getAsLong();
        if (value != seen)
        {
            seen = value;
            roseAtNs = nowNs;
            rose = true;
        }
        return rose && nowNs - roseAtNs < windowNs ? new Problem(name, false, detail.apply(value)) : null;
    }
}
