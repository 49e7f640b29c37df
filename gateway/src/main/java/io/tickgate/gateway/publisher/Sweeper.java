package io.tickgate.gateway.publisher;

import io.tickgate.gateway.GatewayContext;
import io.tickgate.gateway.GatewayMetrics;
import io.tickgate.gateway.security.Grant;
import io.tickgate.gateway.security.TokenVerifier;
import io.tickgate.gateway.ws.BufferPool;
import io.tickgate.gateway.ws.Frames;
import org.agrona.concurrent.EpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * What the publisher checks every {@link #SWEEP_INTERVAL_NS} rather than per message: sessions whose token expired
 * (an {@code UNAUTHORIZED} error, then 1008), sessions whose socket took
 * nothing for the stall timeout (cut off, 1008) or whose client showed no sign of life for the peer timeout (1001),
 * WebSocket pings to quiet clients and heartbeats to idle ones, whether most clients are behind at once
 * ({@link BacklogWatch}: then queues may grow to the hard limit rather than everyone being cut off), and giving idle
 * buffer memory back.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class Sweeper
{
    static final long SWEEP_INTERVAL_NS = 20_000_000L;
    private static final long TRIM_INTERVAL_NS = 10_000_000_000L;
    private static final long KEEP_FREE_BUFFER_BYTES = 32L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

    private final GatewayContext ctx;
    private final SessionLifecycle lifecycle;
    private final Outbound outbound;
    private final BufferPool buffers;
    private final Faults faults;
    private final CycleClock clock;
    private final BacklogWatch backlogWatch;
    private final int softLimit;
    private final int hardLimit;
    private final long heartbeatNs;
    private final long stallTimeoutNs;
    private final long peerTimeoutNs;
    private final TokenVerifier verifier;
    private final EpochNanoClock epochClock;
    private long nextSweepNs;
    private long nextTrimNs;

    Sweeper(
        final GatewayContext ctx,
        final SessionLifecycle lifecycle,
        final Outbound outbound,
        final BufferPool buffers,
        final Watermarks marks,
        final CycleClock clock,
        final Faults faults)
    {
        this.ctx = ctx;
        this.lifecycle = lifecycle;
        this.outbound = outbound;
        this.buffers = buffers;
        this.faults = faults;
        this.clock = clock;
        this.softLimit = marks.cutOffBytes;
        this.hardLimit = ctx.maxSessionBufferBytes() - GatewayContext.CONTROL_SLACK;
        this.backlogWatch = new BacklogWatch(softLimit);
        this.heartbeatNs = ctx.heartbeatMs() * 1_000_000L;
        this.stallTimeoutNs = ctx.slowConsumerTimeoutMs() * 1_000_000L;
        this.peerTimeoutNs = ctx.peerTimeoutMs() * 1_000_000L;
        this.verifier = ctx.tokenVerifier();
        this.epochClock = ctx.epochClock();
        outbound.limits(softLimit, hardLimit);
    }

    /**
     * @return work done: sessions closed, pinged or sent a heartbeat.
     */
    int sweepIfDue()
    {
        final long nowNs = clock.nanoTime();
        if (nowNs < nextSweepNs)
        {
            return 0;
        }
        nextSweepNs = nowNs + SWEEP_INTERVAL_NS;
        int work = 0;
        backlogWatch.begin();
        final long nowSeconds = null == verifier ? 0 : epochClock.nanoTime() / 1_000_000_000L;
        final List<Session> sessions = lifecycle.sessions();
        for (int i = sessions.size() - 1; i >= 0; i--)
        {
            final Session session = sessions.get(i);
            if (!session.isClosed())
            {
                try
                {
                    work += sweep(session, nowNs, nowSeconds);
                }
                catch (final RuntimeException ex)
                {
                    faults.onFault(session, ex);
                }
            }
        }
        if (backlogWatch.end())
        {
            LOG.warn(backlogWatch.isMassBacklog() ?
                "most clients are behind (median backlog {} bytes): the machine is slow, not them; buffers may " +
                "grow to {} bytes before a client is cut off" :
                "clients caught up (median backlog {} bytes); back to cutting off at {} bytes",
                backlogWatch.medianBytes(), backlogWatch.isMassBacklog() ? hardLimit : softLimit);
        }
        outbound.limits(backlogWatch.isMassBacklog() ? hardLimit : softLimit, hardLimit);
        if (nowNs >= nextTrimNs)
        {
            // keep what the last period needed at its peak, and a margin; give the rest of a burst back
            nextTrimNs = nowNs + TRIM_INTERVAL_NS;
            buffers.trimIdle(KEEP_FREE_BUFFER_BYTES);
        }
        return work;
    }

    private int sweep(final Session session, final long nowNs, final long nowSeconds)
    {
        if (session.subscriptions().size() > 0)
        {
            backlogWatch.add(session.queuedBytes());
        }
        final Grant grant = session.grant();
        if (null != verifier && grant.expires() && verifier.hasExpired(grant.expiresAtSeconds(), nowSeconds))
        {
            lifecycle.closeExpired(session);
            return 1;
        }
        if (session.isStalled(nowNs, stallTimeoutNs))
        {
            lifecycle.cutOff(session, GatewayMetrics.CutOff.SLOW_CONSUMER_TIMEOUT, Frames.CLOSE_POLICY_VIOLATION,
                "slow consumer: nothing read for " + ctx.slowConsumerTimeoutMs() + " ms");
            return 1;
        }
        final long silentNs = nowNs - session.lastSignOfLifeNs();
        if (silentNs > peerTimeoutNs)
        {
            lifecycle.cutOff(session, GatewayMetrics.CutOff.UNRESPONSIVE, Frames.CLOSE_GOING_AWAY,
                "no answer to pings for " + ctx.peerTimeoutMs() + " ms");
            return 1;
        }
        int work = 0;
        if (silentNs >= heartbeatNs && nowNs - session.lastPingNs() >= heartbeatNs)
        {
            // a WebSocket ping: every client answers it unasked, so silence means the peer is gone
            session.lastPingNs(nowNs);
            outbound.sendPing(session);
            work++;
        }
        if (nowNs - session.lastWriteNs() >= heartbeatNs)
        {
            outbound.sendHeartbeat(session);
            work++;
        }
        return work;
    }
}
