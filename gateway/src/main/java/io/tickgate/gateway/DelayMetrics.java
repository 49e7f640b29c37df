package io.tickgate.gateway;

import io.tickgate.gateway.security.Grant;
import io.tickgate.gateway.ws.OutboundMetrics;
import io.tickgate.gateway.ws.SendMode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Delayed data's figures: the delay lines open, each line's lag behind now less its delay, the sessions refused a
 * line, and the ticks sent early (never). Delayed sessions' send buffers report here ({@link OutboundMetrics}): their
 * frames count with every other frame, and their latency, how long after it was due (its ingest time plus the delay)
 * each delayed tick reached the socket, is the fan-out latency of {@link SendMode#DELAYED}.
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

    public void onSent(final long lateNs, final int messages, final SendMode mode)
    {
        if (lateNs < 0)
        {
            early.addAndGet(messages);
        }
        metrics.onSent(lateNs, messages, SendMode.DELAYED);
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
}
