package io.tickgate.gateway;

import io.tickgate.gateway.ws.Frames;
import io.tickgate.gateway.ws.SendBuffer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.channels.StreamSinkChannel;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One WebSocket client, after the handshake. Two threads touch it, each with its own fields:
 * <ul>
 * <li>the publisher thread owns the outbound side — subscriptions, the {@link SendBuffer} of finished frames, the
 * socket writes, timing and the closing handshake — so every byte to the client takes one route;</li>
 * <li>the connection's IO thread reads client frames ({@link InboundReader}) and tells the publisher what it saw
 * through {@link #signal(int) signals}: a word of bits plus, when the word was clear, one place in the
 * publisher's queue, so a client can never have more than one entry there whatever it sends.</li>
 * </ul>
 */
final class Session
{
    static final int MSG_TEXT = Frames.OP_TEXT;
    static final int MSG_BINARY = Frames.OP_BINARY;
    static final int PAYLOAD_HEADER = LastValueCache.PAYLOAD_HEADER;

    /** The IO thread accepted the connection. */
    static final int SIGNAL_CONNECT = 1;
    /** The client sent a ping; answer the latest one. */
    static final int SIGNAL_PING = 2;
    /** A command was dropped because the publisher's queue was full: say so. */
    static final int SIGNAL_BUSY = 4;
    /** The client sent a close frame. */
    static final int SIGNAL_PEER_CLOSE = 8;
    /** The IO thread decided to close (protocol error, abuse): {@link #requestedCloseCode()}. */
    static final int SIGNAL_CLOSE_REQUEST = 16;
    /** The socket is closed. */
    static final int SIGNAL_DISCONNECT = 32;

    private static final AtomicIntegerFieldUpdater<Session> SIGNALS =
        AtomicIntegerFieldUpdater.newUpdater(Session.class, "signals");

    enum State
    {
        OPEN,
        CLOSING,
        CLOSED
    }

    private final boolean binary;
    private final StreamConnection connection;
    private final SignalQueue signalQueue;
    private volatile int signals;
    private volatile long lastInboundNs;

    // written by the IO thread before it signals, read by the publisher after
    private byte[] pingPayload;
    private int pingLength;
    private int requestedCloseCode;
    private String requestedCloseReason;

    // publisher-owned
    private final SendBuffer out;
    private final SessionSubscriptions subscriptions = new SessionSubscriptions();
    private State state = State.OPEN;
    private long closeDeadlineNs;
    private boolean peerClosed;
    private long lastWriteNs;
    private long lastProgressNs;
    private long lastReadByPeerNs;
    private long lastPingNs;
    private long nextWriteNs;
    private boolean inDirtyList;
    private boolean touched;
    private boolean backlogged;
    private long[] announcedSymbols;
    private boolean degraded;
    private long dirtyDueNs;
    private ReplayJob replay;

    /**
     * Where sessions with new signals wait for the publisher.
     */
    interface SignalQueue
    {
        void offer(Session session);
    }

    Session(
        final boolean binary,
        final StreamConnection connection,
        final SendBuffer out,
        final SignalQueue signalQueue,
        final long nowNs)
    {
        this.binary = binary;
        this.connection = connection;
        this.out = out;
        this.signalQueue = signalQueue;
        this.lastInboundNs = nowNs;
    }

    /**
     * @return true when quotes go out as binary frames (docs/binary-format.md), false for JSON.
     */
    boolean isBinary()
    {
        return binary;
    }

    SocketAddress remoteAddress()
    {
        return connection.getPeerAddress();
    }

    // ---------------------------------------------------------------- IO thread to publisher

    /**
     * Raise signal bits; any thread.
     */
    void signal(final int bits)
    {
        int current;
        do
        {
            current = signals;
            if ((current & bits) == bits)
            {
                return;
            }
        }
        while (!SIGNALS.compareAndSet(this, current, current | bits));
        if (0 == current)
        {
            signalQueue.offer(this);
        }
    }

    /**
     * @return the signals raised since the last call, clearing them; publisher thread.
     */
    int takeSignals()
    {
        return SIGNALS.getAndSet(this, 0);
    }

    /**
     * Something arrived from the client: it is alive. IO thread.
     */
    void onInbound(final long nowNs)
    {
        lastInboundNs = nowNs;
    }

    /**
     * @return the last time the client showed it is there: something arrived from it, or the socket took bytes of
     * a backlog (which only a reading client makes room for).
     */
    long lastSignOfLifeNs()
    {
        return Math.max(lastInboundNs, lastReadByPeerNs);
    }

    /**
     * Keep the latest ping's payload for the pong (RFC 6455 §5.5.3 allows answering only the latest). IO thread.
     */
    synchronized void onPing(final DirectBuffer payload, final int offset, final int length)
    {
        if (null == pingPayload)
        {
            pingPayload = new byte[Frames.MAX_CONTROL_PAYLOAD];
        }
        payload.getBytes(offset, pingPayload, 0, length);
        pingLength = length;
        signal(SIGNAL_PING);
    }

    /**
     * Copy the latest ping's payload; publisher thread.
     *
     * @return its length.
     */
    synchronized int copyPing(final UnsafeBuffer into)
    {
        into.putBytes(0, pingPayload, 0, pingLength);
        return pingLength;
    }

    /**
     * The IO thread decided this connection must close.
     */
    void requestClose(final int code, final String reason)
    {
        requestedCloseCode = code;
        requestedCloseReason = reason;
        signal(SIGNAL_CLOSE_REQUEST);
    }

    int requestedCloseCode()
    {
        return requestedCloseCode;
    }

    String requestedCloseReason()
    {
        return requestedCloseReason;
    }

    // ---------------------------------------------------------------- publisher side

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

    int queuedBytes()
    {
        return out.queuedBytes();
    }

    /**
     * Queue one message for the client.
     *
     * @param msgType {@link #MSG_TEXT} for a JSON object, {@link #MSG_BINARY} for a binary record; the payload
     *                starts with its tick's ingest time ({@link #PAYLOAD_HEADER} bytes, 0 for none).
     * @param limit   most bytes the client may have queued.
     * @return false when the message would pass the limit; nothing was queued.
     */
    boolean offer(
        final int msgType,
        final DirectBuffer payload,
        final int offset,
        final int length,
        final long nowNs,
        final int limit)
    {
        final boolean wasEmpty = out.isEmpty();
        if (out.append(msgType, payload, offset + PAYLOAD_HEADER, length - PAYLOAD_HEADER, payload.getLong(offset),
            limit))
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
     * @return true when bytes remain queued.
     * @throws IOException when the socket is broken.
     */
    boolean flush(final long nowNs, final EpochNanoClock epochClock) throws IOException
    {
        final StreamSinkChannel sink = connection.getSinkChannel();
        if (out.flush(sink, epochClock) > 0)
        {
            lastProgressNs = nowNs;
            if (backlogged)
            {
                // the kernel's buffer was full and took more: the client is reading, even if its pongs wait
                // behind the backlog
                lastReadByPeerNs = nowNs;
            }
        }
        return !out.isEmpty();
    }

    long lastWriteNs()
    {
        return lastWriteNs;
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

    long lastPingNs()
    {
        return lastPingNs;
    }

    void lastPingNs(final long nowNs)
    {
        lastPingNs = nowNs;
    }

    /**
     * Start the clocks for heartbeats and stall detection.
     */
    void onRegistered(final long nowNs)
    {
        lastWriteNs = nowNs;
        lastProgressNs = nowNs;
        lastPingNs = nowNs;
    }

    /**
     * Artio-style stall detection: has the socket taken nothing of a non-empty queue for longer than the timeout?
     */
    boolean isStalled(final long nowNs, final long timeoutNs)
    {
        return !out.isEmpty() && nowNs - lastProgressNs > timeoutNs;
    }

    /**
     * The closing handshake has begun: the close frame is queued and the socket is closed by the deadline at the
     * latest.
     */
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
        IoUtils.safeClose(connection);
        out.release();
        return true;
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

    /**
     * @return when the publisher should next look at this session's dirty symbols; 0 for at once.
     */
    long dirtyDueNs()
    {
        return dirtyDueNs;
    }

    void dirtyDueNs(final long value)
    {
        dirtyDueNs = value;
    }

    /**
     * @return true while full-mode subscriptions with {@code "onSlow":"conflate"} are being conflated.
     */
    boolean isDegraded()
    {
        return degraded;
    }

    void degraded(final boolean value)
    {
        degraded = value;
    }

    ReplayJob replay()
    {
        return replay;
    }

    void replay(final ReplayJob job)
    {
        replay = job;
    }

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

    boolean inDirtyList()
    {
        return inDirtyList;
    }

    void inDirtyList(final boolean value)
    {
        inDirtyList = value;
    }
}
