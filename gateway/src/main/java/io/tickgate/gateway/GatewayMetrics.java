package io.tickgate.gateway;

import io.tickgate.gateway.ws.OutboundMetrics;
import io.tickgate.gateway.ws.SendMode;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's counters and its fan-out latency histograms. Counters are atomics, incremented per frame or per
 * event (never per byte); the latency is recorded wait-free by the thread that writes the sockets and harvested at
 * each scrape ({@link FanOutLatency}).
 * <b>Note:</b> threadsafe.
 */
public final class GatewayMetrics implements OutboundMetrics
{
    /** Why the gateway closed a client. */
    public enum CutOff
    {
        SLOW_CONSUMER,
        SLOW_CONSUMER_TIMEOUT,
        UNRESPONSIVE,
        ABUSE,
        PROTOCOL_ERROR,
        SEND_ERROR,
        INTERNAL_ERROR,
        TOKEN_EXPIRED;

        public String label()
        {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Why the gateway turned a connection away right after its handshake (close 1013). */
    enum Refused
    {
        SHUTTING_DOWN("shutting down"),
        CONNECTION_LIMIT("too many connections"),
        BUFFER_MEMORY("connection buffer memory full");

        private final String reason;

        Refused(final String reason)
        {
            this.reason = reason;
        }

        String reason()
        {
            return reason;
        }

        public String label()
        {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Why a handshake, request or token refresh was refused for its token or its address (not its origin). */
    public enum AuthRefused
    {
        NO_TOKEN,
        BAD_TOKEN,
        EXPIRED,
        PER_IP;

        public String label()
        {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public final AtomicLong connectionsOpen = new AtomicLong();
    public final AtomicLong connectionsTotal = new AtomicLong();
    public final AtomicLong subscriptions = new AtomicLong();
    public final AtomicLong ticksIn = new AtomicLong();
    public final AtomicLong messagesOut = new AtomicLong();
    public final AtomicLong framesOut = new AtomicLong();
    public final AtomicLong bytesOut = new AtomicLong();
    public final AtomicLong conflated = new AtomicLong();
    public final AtomicLong commands = new AtomicLong();
    public final AtomicLong droppedControl = new AtomicLong();
    public final AtomicLong agentErrors = new AtomicLong();
    public final AtomicLong drains = new AtomicLong();
    private volatile String lastAgentError;
    private final Map<CutOff, AtomicLong> cutOffs = new EnumMap<>(CutOff.class);
    private final Map<ErrorCode, AtomicLong> errors = new EnumMap<>(ErrorCode.class);
    private final Map<Refused, AtomicLong> refused = new EnumMap<>(Refused.class);
    private final Map<AuthRefused, AtomicLong> authRefused = new EnumMap<>(AuthRefused.class);

    private final FanOutLatency fanOut = new FanOutLatency();
    public final DelayMetrics delays = new DelayMetrics(this);

    public GatewayMetrics()
    {
        for (final CutOff reason : CutOff.values())
        {
            cutOffs.put(reason, new AtomicLong());
        }
        for (final ErrorCode code : ErrorCode.values())
        {
            errors.put(code, new AtomicLong());
        }
        for (final Refused reason : Refused.values())
        {
            refused.put(reason, new AtomicLong());
        }
        for (final AuthRefused reason : AuthRefused.values())
        {
            authRefused.put(reason, new AtomicLong());
        }
    }

    public void onFrame(final int messages, final int payloadBytes)
    {
        // one writer (the publisher thread): plain increments published with lazySet, no locked instructions
        framesOut.lazySet(framesOut.get() + 1);
        messagesOut.lazySet(messagesOut.get() + messages);
        bytesOut.lazySet(bytesOut.get() + payloadBytes);
    }

    public void onSent(final long latencyNs, final int messages, final SendMode mode)
    {
        fanOut.record(mode, latencyNs, messages);
    }

    /**
     * An exception escaped an agent's duty cycle (the agent carries on).
     */
    void agentError(final Throwable throwable)
    {
        lastAgentError = throwable.toString();
        agentErrors.incrementAndGet();
    }

    /**
     * @return the last agent error's class and message, or null when there was none.
     */
    String lastAgentError()
    {
        return lastAgentError;
    }

    void refuse(final Refused reason)
    {
        refused.get(reason).incrementAndGet();
    }

    long refused(final Refused reason)
    {
        return refused.get(reason).get();
    }

    public void authRefused(final AuthRefused reason)
    {
        authRefused.get(reason).incrementAndGet();
    }

    long authRefusals(final AuthRefused reason)
    {
        return authRefused.get(reason).get();
    }

    public void cutOff(final CutOff reason)
    {
        cutOffs.get(reason).incrementAndGet();
    }

    long cutOffs(final CutOff reason)
    {
        return cutOffs.get(reason).get();
    }

    public void error(final ErrorCode code)
    {
        errors.get(code).incrementAndGet();
    }

    long errors(final ErrorCode code)
    {
        return errors.get(code).get();
    }

    FanOutLatency fanOut()
    {
        return fanOut;
    }
}
