package io.tickgate.gateway.publisher;

import io.tickgate.gateway.security.Grant;
import io.tickgate.gateway.ws.SendBuffer;
import io.tickgate.gateway.ws.SendMode;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * One WebSocket client after the handshake, as the publisher thread keeps it: the frames queued for its socket
 * ({@link SendBuffer}), its subscriptions and conflation state, its replay, the clocks behind heartbeats and stall
 * detection, and the closing handshake. What the connection's IO thread learns reaches the publisher through the
 * session's {@link Inbox}, the only part another thread touches.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
public final class Session
{
    enum State
    {
        OPEN,
        CLOSING,
        CLOSED
    }

    private final boolean binary;
    private final ClientSocket socket;
    private final SendBuffer out;
    private final Inbox inbox;
    private Grant grant;
    private final SessionSubscriptions subscriptions = new SessionSubscriptions();
    private State state = State.OPEN;
    private long closeDeadlineNs;
    private boolean peerClosed;
    private long lastWriteNs;
    private long lastProgressNs;
    private long lastReadByPeerNs;
    private long lastPingNs;
    private long nextWriteNs;
    private boolean touched;
    private boolean backlogged;
    private boolean overflowed;
    private long[] announcedSymbols;
    private ReplayJob replay;
    private Line line;
    private final SessionTrace trace = new SessionTrace();

    /**
     * @param binary      true when quotes go out as binary frames, false for JSON.
     * @param socket      the connection.
     * @param out         the session's frames, filled by the publisher.
     * @param signalQueue where the session's {@link Inbox} goes when it has news.
     * @param nowNs       the IO thread's clock: the client showed life by connecting.
     * @param grant       what the handshake's token allows ({@link Grant#OPEN} without authentication).
     */
    public Session(
        final Grant grant,
        final boolean binary,
        final ClientSocket socket,
        final SendBuffer out,
        final Inbox.Queue signalQueue,
        final long nowNs)
    {
        this.grant = grant;
        this.binary = binary;
        this.socket = socket;
        this.out = out;
        this.inbox = new Inbox(this, signalQueue, nowNs);
    }

    /**
     * @return what the IO thread uses to tell the publisher about this session.
     */
    public Inbox inbox()
    {
        return inbox;
    }

    public SocketAddress remoteAddress()
    {
        return socket.remoteAddress();
    }

    /**
     * @return true when quotes go out as binary frames (docs/binary-format.md), false for JSON.
     */
    boolean isBinary()
    {
        return binary;
    }

    /**
     * @return what the session's token allows now.
     */
    public Grant grant()
    {
        return grant;
    }

    /**
     * A refreshed token took the place of the one in force.
     */
    void grant(final Grant newGrant)
    {
        grant = newGrant;
    }

    SessionSubscriptions subscriptions()
    {
        return subscriptions;
    }

    State state()
    {
        return state;
    }

    /**
     * @return true once a close has begun: nothing more is queued for it.
     */
    boolean isClosed()
    {
        return State.OPEN != state;
    }

    // ---------------------------------------------------------------- the send buffer and the socket

    int queuedBytes()
    {
        return out.queuedBytes();
    }

    /**
     * Queue one message for the client.
     *
     * @param opcode  the frame type: text for a JSON object, binary for a binary record.
     * @param payload the message, after its tick's ingest time ({@code ingestNs}, 0 for none).
     * @param mode    what its latency is recorded under.
     * @param limit   most bytes the client may have queued.
     * @return false when the message would pass the limit; nothing was queued.
     */
    boolean offer(
        final int opcode,
        final DirectBuffer payload,
        final int offset,
        final int length,
        final long ingestNs,
        final SendMode mode,
        final long nowNs,
        final int limit)
    {
        final boolean wasEmpty = out.isEmpty();
        if (out.append(opcode, payload, offset, length, ingestNs, mode, limit))
        {
            if (wasEmpty)
            {
                lastProgressNs = nowNs;
            }
            lastWriteNs = nowNs;
            return true;
        }
        return false;
    }

    /**
     * Queue a control frame (ping, pong, close) after what is queued.
     *
     * @return false when no buffer could be had.
     */
    boolean offerControl(final int opcode, final DirectBuffer payload, final int length, final long nowNs)
    {
        if (out.isEmpty())
        {
            lastProgressNs = nowNs;
        }
        return out.appendControl(opcode, payload, 0, length);
    }

    /**
     * Write what the socket takes.
     *
     * @return true when bytes remain queued, here or in the connection's TLS layer.
     * @throws IOException when the socket is broken.
     */
    boolean flush(final long nowNs, final EpochNanoClock epochClock) throws IOException
    {
        final int written = out.flush(socket.channel(), epochClock);
        if (written > 0)
        {
            trace.sent(written);
            lastProgressNs = nowNs;
            if (backlogged)
            {
                // the kernel's buffer was full and took more: the client is reading, even if its pongs wait
                // behind the backlog
                lastReadByPeerNs = nowNs;
            }
        }
        return !out.isEmpty() || !socket.flushHeld();
    }

    /**
     * Close the socket and give the buffer back; idempotent.
     *
     * @return true when this call closed it.
     */
    boolean terminate()
    {
        if (State.CLOSED == state)
        {
            return false;
        }
        state = State.CLOSED;
        socket.close();
        out.release();
        return true;
    }

    // ---------------------------------------------------------------- write scheduling (Outbound's)

    boolean isTouched()
    {
        return touched;
    }

    void touched(final boolean value)
    {
        touched = value;
    }

    boolean isBacklogged()
    {
        return backlogged;
    }

    void backlogged(final boolean value)
    {
        backlogged = value;
    }

    /**
     * @return true once a control message did not fit: the session is to be cut off.
     */
    boolean isOverflowed()
    {
        return overflowed;
    }

    void overflowed(final boolean value)
    {
        overflowed = value;
    }

    /**
     * @return when a backlogged session's socket is next worth a write.
     */
    long nextWriteNs()
    {
        return nextWriteNs;
    }

    void nextWriteNs(final long value)
    {
        nextWriteNs = value;
    }

    /**
     * Binary sessions get a symbol's definition record before its first quote.
     */
    boolean isAnnounced(final int symbolId)
    {
        return null != announcedSymbols && symbolId < announcedSymbols.length * 64 &&
            (announcedSymbols[symbolId >>> 6] & (1L << symbolId)) != 0;
    }

    void announced(final int symbolId, final int symbolCapacity)
    {
        if (null == announcedSymbols)
        {
            announcedSymbols = new long[(symbolCapacity + 63) / 64];
        }
        announcedSymbols[symbolId >>> 6] |= 1L << symbolId;
    }

    // ---------------------------------------------------------------- liveness (the Sweeper's)

    /**
     * Start the clocks for heartbeats and stall detection.
     */
    void onRegistered(final long nowNs)
    {
        lastWriteNs = nowNs;
        lastProgressNs = nowNs;
        lastPingNs = nowNs;
    }

    long lastWriteNs()
    {
        return lastWriteNs;
    }

    long lastPingNs()
    {
        return lastPingNs;
    }

    void lastPingNs(final long nowNs)
    {
        lastPingNs = nowNs;
    }

    /**
     * @return the last time the client showed it is there: something arrived from it, or the socket took bytes of
     * a backlog (which only a reading client makes room for).
     */
    long lastSignOfLifeNs()
    {
        return Math.max(inbox.lastInboundNs(), lastReadByPeerNs);
    }

    /**
     * Artio-style stall detection: has the socket taken nothing of a non-empty queue for longer than the timeout?
     */
    boolean isStalled(final long nowNs, final long timeoutNs)
    {
        return !out.isEmpty() && nowNs - lastProgressNs > timeoutNs;
    }

    // ---------------------------------------------------------------- closing (the Lifecycle's)

    /**
     * The closing handshake has begun: the close frame is queued and the socket is closed by the deadline at the
     * latest.
     */
    /**
     * @return what the connection's log lines tell: its number, bytes sent, close code.
     */
    public SessionTrace trace()
    {
        return trace;
    }

    void closing(final long deadlineNs)
    {
        state = State.CLOSING;
        closeDeadlineNs = deadlineNs;
    }

    long closeDeadlineNs()
    {
        return closeDeadlineNs;
    }

    boolean peerClosed()
    {
        return peerClosed;
    }

    void peerClosed(final boolean value)
    {
        peerClosed = value;
    }

    // ---------------------------------------------------------------- the line it is served from (DelayLines')

    /**
     * @return the live line or the delay line of the session's delay; null until the publisher first meets the
     * session, and for a session refused a line.
     */
    Line line()
    {
        return line;
    }

    void line(final Line value)
    {
        line = value;
    }

    // ---------------------------------------------------------------- replay (the Replays')

    ReplayJob replay()
    {
        return replay;
    }

    void replay(final ReplayJob job)
    {
        replay = job;
    }
}
