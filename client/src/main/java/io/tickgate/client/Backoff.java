package io.tickgate.client;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: attempt {@code n} waits a uniformly random time in
 * {@code [0, min(max, base * 2^(n-1))]}, so many clients cut off at once do not reconnect in lock step.
 * <b>Note:</b> stateless and threadsafe.
 */
final class Backoff
{
    private final long baseMs;
    private final long maxMs;

    Backoff(final long baseMs, final long maxMs)
    {
        this.baseMs = baseMs;
        this.maxMs = maxMs;
    }

    /**
     * @param attempt how many attempts in a row, from 1.
     * @return the upper bound of the delay for that attempt, in ms.
     */
    long capMs(final int attempt)
    {
        final int shift = Math.min(Math.max(attempt - 1, 0), 30);
        final long exponential = baseMs << shift;
        return exponential < 0 || exponential > maxMs ? maxMs : exponential;
    }

    /**
     * @param attempt how many attempts in a row, from 1.
     * @return a delay in ms, uniformly random in {@code [0, capMs(attempt)]}.
     */
    long delayMs(final int attempt)
    {
        return ThreadLocalRandom.current().nextLong(capMs(attempt) + 1);
    }
}
