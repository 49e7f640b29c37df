package io.tickgate.gateway.publisher;

import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;

/**
 * A clock that moves only when the test moves it: the publisher's monotonic clock and its wall clock at once, so a
 * scenario's timeouts, heartbeats and rates happen exactly when the test says, with no sleeps.
 */
final class HandClock implements NanoClock, EpochNanoClock
{
    private long nowNs;

    HandClock(final long startNs)
    {
        nowNs = startNs;
    }

    public long nanoTime()
    {
        return nowNs;
    }

    void advanceNs(final long ns)
    {
        nowNs += ns;
    }

    void advanceMs(final long ms)
    {
        nowNs += ms * 1_000_000L;
    }
}
