package io.tickgate.gateway;

import io.tickgate.gateway.security.Grant;
import io.tickgate.gateway.ws.OutboundMetrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Delayed data's figures: the delay lines open, each line's lag behind now less its delay, the sessions refused a
 * line, and the delay accuracy: how long after it was due (its ingest time plus the delay) each delayed tick reached
 * the socket. Delayed sessions' send buffers report here ({@link OutboundMetrics}): their frames count with every
 * other frame, their latency goes to the accuracy histogram instead of the fan-out one.
 * <b>Note:</b> threadsafe; the line figures have one writer, the publisher thread.
 */
public final class DelayMetrics implements OutboundMetrics
{
    public final AtomicLong lines = new AtomicLong();
    public final AtomicLong refused = new AtomicLong();
    /** Ticks that reached a socket before they were due: never, by construction; counted to show it. */
    public final AtomicLong early = new AtomicLong();
    private final GatewayMetrics metrics;
    private final AtomicLongArray slotDelaySeconds = new AtomicLongArray(GatewayContext.MAX_DELAY_LINES);
    private final AtomicLongArray slotLagNs = new AtomicLongArray(GatewayContext.MAX_DELAY_LINES);
    private final HarvestedLatency accuracy = new HarvestedLatency();

    DelayMetrics(final GatewayMetrics metrics)
    {
        this.metrics = metrics;
    }

    /**
     * @return what a session with this grant's send buffer reports to: these figures for a delayed one, the
     * gateway's for a real-time one.
     */
    public OutboundMetrics forGrant(final Grant grant)
    {
        return grant.delaySeconds() > 0 ? this : metrics;
    }

    public void onFrame(final int messages, final int payloadBytes)
    {
        metrics.onFrame(messages, payloadBytes);
    }

    public void onSent(final long lateNs, final int messages)
    {
        if (lateNs < 0)
        {
            early.addAndGet(messages);
        }
        accuracy.record(lateNs, messages);
    }

    /**
     * A line opened in {@code slot} (0 delay: the slot was freed).
     */
    public void line(final int slot, final long delaySeconds)
    {
        slotLagNs.set(slot, 0);
        slotDelaySeconds.set(slot, delaySeconds);
    }

    public void lag(final int slot, final long lagNs)
    {
        slotLagNs.lazySet(slot, lagNs);
    }

    /**
     * @return each open line's lag in seconds, by its delay in seconds.
     */
    Map<String, Double> lagSeconds()
    {
        final Map<String, Double> lags = new LinkedHashMap<>();
        for (int i = 0; i < slotDelaySeconds.length(); i++)
        {
            final long delay = slotDelaySeconds.get(i);
            if (delay > 0)
            {
                lags.put(Long.toString(delay), slotLagNs.get(i) / 1e9);
            }
        }
        return lags;
    }

    /**
     * Move what was recorded since the last call into the cumulative histogram; once a second, with the fan-out's.
     */
    void harvest()
    {
        accuracy.harvest();
    }

    /**
     * @return the delay accuracy in the second before the last {@link #harvest()}.
     */
    LatencySummary lastInterval()
    {
        return accuracy.lastInterval();
    }

    /**
     * @return the delay accuracy since start, as of the last {@link #harvest()}.
     */
    LatencySummary accuracy()
    {
        return accuracy.cumulative();
    }
}
