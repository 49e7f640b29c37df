package io.tickgate.gateway.publisher;

import io.tickgate.feed.RateLimitedLog;
import io.tickgate.gateway.GatewayMetrics;
import org.agrona.concurrent.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the publisher's loops over sessions send an exception thrown while working for one session, so that it costs
 * that session alone: the rest of the loop goes on (every other subscriber still gets the tick), the publisher thread
 * goes on, and the session is closed at once, without a closing handshake, since its buffer and state can no longer
 * be trusted. Counted as the cut-off reason {@code internal_error}; logged at most {@link #LOGGED_PER_SECOND} times
 * a second with the stack trace.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class Faults
{
    static final int LOGGED_PER_SECOND = 5;
    private static final Logger LOG = LoggerFactory.getLogger(Faults.class);

    private final GatewayMetrics metrics;
    private final CycleClock clock;
    private final RateLimitedLog log;
    private final List<Session> faulted = new ArrayList<>();

    Faults(final GatewayMetrics metrics, final CycleClock clock, final NanoClock logClock)
    {
        this.metrics = metrics;
        this.clock = clock;
        this.log = new RateLimitedLog(LOGGED_PER_SECOND, logClock);
    }

    /**
     * Something threw while working for the session: from now on it is closed to everything, and its socket is
     * closed in this or the next duty cycle ({@link SessionLifecycle#closeFaulted()}).
     */
    void onFault(final Session session, final RuntimeException ex)
    {
        if (log.tryAcquire())
        {
            LOG.error("closing {} after an internal error; the other clients carry on", address(session), ex);
        }
        if (Session.State.OPEN == session.state())
        {
            metrics.cutOff(GatewayMetrics.CutOff.INTERNAL_ERROR);
            faulted.add(session);
        }
        if (Session.State.CLOSED != session.state())
        {
            session.closing(clock.nanoTime());
        }
    }

    /**
     * @return sessions that were open when they faulted, since the last {@link List#clear()}.
     */
    List<Session> faulted()
    {
        return faulted;
    }

    private static Object address(final Session session)
    {
        try
        {
            return session.remoteAddress();
        }
        catch (final RuntimeException ex)
        {
            return "a client (address unknown: " + ex + ")";
        }
    }
}
