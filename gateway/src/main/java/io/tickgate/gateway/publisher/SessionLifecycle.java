package io.tickgate.gateway.publisher;

import io.tickgate.gateway.ErrorCode;
import io.tickgate.gateway.GatewayContext;
import io.tickgate.gateway.GatewayMetrics;
import io.tickgate.gateway.ws.Frames;

import java.util.ArrayList;
import java.util.List;

/**
 * The open sessions, from the IO thread's first signal to the closed socket: welcome, the signals of a live
 * connection (pings, "busy", closes), cut-offs, the closing handshake bounded by the grace period, and termination.
 * A session that stops being open is listed once in {@link #leaving()}, for the publisher to take it out of every
 * subscription, replay and conflation list at a point where no loop over those lists is running.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class SessionLifecycle
{
    private static final String TOKEN_EXPIRED = "token expired";

    private final GatewayContext ctx;
    private final GatewayMetrics metrics;
    private final Outbound outbound;
    private final CycleClock clock;
    private final Faults faults;
    private final long closeGraceNs;
    private final List<Session> sessions = new ArrayList<>();
    private final List<Session> closing = new ArrayList<>();
    private final List<Session> leaving = new ArrayList<>();
    private final ConnectionLog connections;
    private boolean shuttingDown;
    private boolean draining;

    SessionLifecycle(
        final GatewayContext ctx,
        final GatewayMetrics metrics,
        final Outbound outbound,
        final CycleClock clock,
        final Faults faults)
    {
        this.ctx = ctx;
        this.metrics = metrics;
        this.outbound = outbound;
        this.clock = clock;
        this.faults = faults;
        this.closeGraceNs = ctx.closeGraceMs() * 1_000_000L;
        this.connections = new ConnectionLog(ctx.nanoClock());
    }

    /**
     * @return the connections' log lines, shared with the IO threads.
     */
    ConnectionLog connections()
    {
        return connections;
    }

    /**
     * @return the sessions that are connected, closing included; read-only for the caller.
     */
    List<Session> sessions()
    {
        return sessions;
    }

    /**
     * @return sessions that stopped being open since the caller last cleared the list.
     */
    List<Session> leaving()
    {
        return leaving;
    }

    /**
     * Act on what the session's IO thread signalled.
     */
    void onSignals(final Session session, final int signals)
    {
        if (0 != (signals & Inbox.CONNECT))
        {
            onConnect(session);
        }
        if (0 != (signals & Inbox.PING) && !session.isClosed())
        {
            outbound.sendPong(session);
        }
        if (0 != (signals & Inbox.BUSY) && !session.isClosed())
        {
            outbound.sendBusy(session);
        }
        if (0 != (signals & Inbox.CLOSE_REQUEST))
        {
            startClose(session, session.inbox().requestedCloseCode(), session.inbox().requestedCloseReason());
        }
        if (0 != (signals & Inbox.PEER_CLOSE))
        {
            session.peerClosed(true);
            // answer the client's close (RFC 6455 §5.5.1); the socket closes once the answer is written
            startClose(session, Frames.CLOSE_NORMAL, "");
        }
        if (0 != (signals & Inbox.DISCONNECT))
        {
            terminate(session);
        }
    }

    private void onConnect(final Session session)
    {
        if (Session.State.CLOSED == session.state())
        {
            return;
        }
        sessions.add(session);
        session.onRegistered(clock.nanoTime());
        outbound.sendWelcome(session, GatewayContext.VERSION, ctx.heartbeatMs());
        if (shuttingDown)
        {
            startClose(session, Frames.CLOSE_GOING_AWAY, "server shutting down");
        }
        else if (draining)
        {
            // its upgrade raced the drain's start (later ones are refused with 503): it moves at once
            outbound.sendDraining(session, 0);
        }
    }

    /**
     * The session has more queued than it may: close it with 1008.
     */
    void closeSlowConsumer(final Session session)
    {
        cutOff(session, GatewayMetrics.CutOff.SLOW_CONSUMER, Frames.CLOSE_POLICY_VIOLATION,
            "slow consumer: " + session.queuedBytes() + " bytes queued, limit " + outbound.dataLimit());
    }

    /**
     * The session's token expired: say so, then close it with 1008; counted as a refusal ({@code expired}) and a
     * cut-off ({@code token_expired}).
     */
    void closeExpired(final Session session)
    {
        metrics.authRefused(GatewayMetrics.AuthRefused.EXPIRED);
        metrics.cutOff(GatewayMetrics.CutOff.TOKEN_EXPIRED);
        connections.cutOff(session, GatewayMetrics.CutOff.TOKEN_EXPIRED.label(), Frames.CLOSE_POLICY_VIOLATION,
            "token expired at " + session.grant().expiresAtSeconds());
        outbound.sendError(session, ErrorCode.UNAUTHORIZED, TOKEN_EXPIRED, null, null);
        startClose(session, Frames.CLOSE_POLICY_VIOLATION, TOKEN_EXPIRED);
    }

    /**
     * Close a session the gateway gave up on: counted by reason and logged with the client's address.
     */
    void cutOff(final Session session, final GatewayMetrics.CutOff why, final int code, final String reason)
    {
        metrics.cutOff(why);
        connections.cutOff(session, why.label(), code, reason);
        startClose(session, code, reason);
    }

    /**
     * Begin the closing handshake: queue the close frame after what is queued, stop sending anything else, and
     * close the socket once the client answers (or the close is written and the client has gone), or at the
     * grace deadline whatever happens.
     */
    void startClose(final Session session, final int code, final String reason)
    {
        if (session.isClosed())
        {
            return;
        }
        final long nowNs = clock.nanoTime();
        session.trace().closeWith(code, reason);
        session.closing(nowNs + closeGraceNs);
        leaving.add(session);
        closing.add(session);
        if (!outbound.sendClose(session, code, reason))
        {
            // no buffer to be had for two hundred bytes: the memory budget is spent, so skip the handshake
            session.closing(nowNs);
        }
    }

    /**
     * Tell every open session that the gateway drains, each to reconnect after its own share of the first half of
     * the drain window: session k of n after {@code k * drainMs / 2n} ms. n clients then move at an even rate
     * rather than in one burst, and all of them while this gateway still serves the ones yet to move.
     *
     * @return the sessions told.
     */
    int drain(final long drainMs)
    {
        draining = true;
        final int count = sessions.size();
        for (int i = 0; i < count; i++)
        {
            final Session session = sessions.get(i);
            if (!session.isClosed())
            {
                outbound.sendDraining(session, reconnectAfterMs(i, count, drainMs));
            }
        }
        return count;
    }

    /**
     * @return when the k-th of n sessions should reconnect, in ms from now: evenly over the first half of the window.
     */
    static long reconnectAfterMs(final int k, final int n, final long drainMs)
    {
        return drainMs / 2 * k / n;
    }

    /**
     * Close every connection with 1001, and the ones that connect from now on.
     */
    int shutdown()
    {
        shuttingDown = true;
        for (int i = sessions.size() - 1; i >= 0; i--)
        {
            startClose(sessions.get(i), Frames.CLOSE_GOING_AWAY, "server shutting down");
        }
        return sessions.size();
    }

    /**
     * Close the socket of every closing session whose handshake is done or whose grace has run out.
     */
    int closeFinished()
    {
        final long nowNs = clock.nanoTime();
        int work = 0;
        for (int i = closing.size() - 1; i >= 0; i--)
        {
            final Session session = closing.get(i);
            if (nowNs >= session.closeDeadlineNs() || (session.peerClosed() && 0 == session.queuedBytes()))
            {
                terminate(session);
                work++;
            }
        }
        return work;
    }

    /**
     * Cut off the sessions that an answer, error or heartbeat did not fit: a client must not miss one silently.
     */
    int closeOverflowed()
    {
        final List<Session> overflowed = outbound.overflowed();
        final int count = overflowed.size();
        for (int i = 0; i < count; i++)
        {
            final Session session = overflowed.get(i);
            cutOff(session, GatewayMetrics.CutOff.SLOW_CONSUMER, Frames.CLOSE_POLICY_VIOLATION,
                "slow consumer: a control message did not fit, " + session.queuedBytes() + " bytes queued");
        }
        overflowed.clear();
        return count;
    }

    /**
     * List the sessions that faulted ({@link Faults}) as leaving and closing; already past their deadline, their
     * sockets close in {@link #closeFinished()}.
     */
    int closeFaulted()
    {
        final List<Session> faulted = faults.faulted();
        final int count = faulted.size();
        for (int i = 0; i < count; i++)
        {
            final Session session = faulted.get(i);
            leaving.add(session);
            // a socket that went meanwhile (the client disconnected) is already released
            if (Session.State.CLOSED != session.state())
            {
                closing.add(session);
            }
        }
        faulted.clear();
        return count;
    }

    /**
     * Close the sessions whose socket write failed.
     */
    int closeBroken()
    {
        final List<Session> broken = outbound.broken();
        final int count = broken.size();
        for (int i = 0; i < count; i++)
        {
            final Session session = broken.get(i);
            if (!session.isClosed())
            {
                metrics.cutOff(GatewayMetrics.CutOff.SEND_ERROR);
            }
            terminate(session);
        }
        broken.clear();
        return count;
    }

    /**
     * The socket is closed (by us, by the client, or broken): release everything the session held.
     */
    private void terminate(final Session session)
    {
        final boolean wasOpen = !session.isClosed();
        if (!session.terminate())
        {
            return;
        }
        if (wasOpen)
        {
            leaving.add(session);
        }
        metrics.connectionsOpen.decrementAndGet();
        sessions.remove(session);
        closing.remove(session);
    }
}
