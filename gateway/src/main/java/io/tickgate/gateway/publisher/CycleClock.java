package io.tickgate.gateway.publisher;

import org.agrona.concurrent.NanoClock;

/**
 * The publisher's time for one duty cycle: read once from the real clock at the start of the cycle, then read by
 * every part as often as it likes at the cost of a plain field load. Agrona's {@code CycleClock} would do, but
 * its field is volatile for readers on other threads, which this one has none of: on the fan-out path that volatile
 * load per subscriber is measurable.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class CycleClock implements NanoClock
{
    private long nowNs;

    /**
     * @param nowNs the time of the cycle that starts.
     */
    void update(final long nowNs)
    {
        this.nowNs = nowNs;
    }

    public long nanoTime()
    {
        return nowNs;
    }
}
