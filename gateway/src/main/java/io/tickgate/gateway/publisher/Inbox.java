package io.tickgate.gateway.publisher;

import io.tickgate.gateway.ws.Frames;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * What a connection's IO thread tells the publisher about its {@link Session}: a word of signal bits plus, when the
 * word was clear, one place in the publisher's queue, so a client can never have more than one entry there whatever
 * it sends. The fields behind a signal (the ping's payload, the close the IO thread decided) are written before it
 * is raised.
 * <b>Note:</b> the IO thread writes, the publisher thread reads and clears.
 */
public final class Inbox
{
    /** The IO thread accepted the connection. */
    public static final int CONNECT = 1;
    /** The client sent a ping; answer the latest one. */
    public static final int PING = 2;
    /** A command was dropped because the publisher's queue was full: say so. */
    public static final int BUSY = 4;
    /** The client sent a close frame. */
    public static final int PEER_CLOSE = 8;
    /** The IO thread decided to close (protocol error, abuse): {@link #requestedCloseCode()}. */
    public static final int CLOSE_REQUEST = 16;
    /** The socket is closed. */
    public static final int DISCONNECT = 32;

    private static final AtomicIntegerFieldUpdater<Inbox> SIGNALS =
        AtomicIntegerFieldUpdater.newUpdater(Inbox.class, "signals");
    private static final AtomicIntegerFieldUpdater<Inbox> COMMANDS_WAITING =
        AtomicIntegerFieldUpdater.newUpdater(Inbox.class, "commandsWaiting");

    /**
     * Where inboxes with new signals wait for the publisher.
     */
    public interface Queue
    {
        void offer(Inbox inbox);
    }

    private final Session session;
    private final Queue queue;
    private volatile int signals;
    private volatile int commandsWaiting;
    private volatile long lastInboundNs;
    private byte[] pingPayload;
    private int pingLength;
    private int requestedCloseCode;
    private String requestedCloseReason;

    Inbox(final Session session, final Queue queue, final long nowNs)
    {
        this.session = session;
        this.queue = queue;
        this.lastInboundNs = nowNs;
    }

    /**
     * @return the session the signals are about; for the publisher thread.
     */
    Session session()
    {
        return session;
    }

    /**
     * Raise signal bits; any thread.
     */
    public void signal(final int bits)
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
            queue.offer(this);
        }
    }

    /**
     * @return the signals raised since the last call, clearing them; publisher thread.
     */
    int take()
    {
        return SIGNALS.getAndSet(this, 0);
    }

    /**
     * @return the session's commands in the publisher's queue ({@link CommandQueue}).
     */
    int commandsWaiting()
    {
        return commandsWaiting;
    }

    void commandsWaiting(final int delta)
    {
        COMMANDS_WAITING.getAndAdd(this, delta);
    }

    /**
     * Something arrived from the client: it is alive.
     */
    public void onInbound(final long nowNs)
    {
        lastInboundNs = nowNs;
    }

    long lastInboundNs()
    {
        return lastInboundNs;
    }

    /**
     * Keep the latest ping's payload for the pong (RFC 6455 §5.5.3 allows answering only the latest).
     */
    public synchronized void onPing(final DirectBuffer payload, final int offset, final int length)
    {
        if (null == pingPayload)
        {
            pingPayload = new byte[Frames.MAX_CONTROL_PAYLOAD];
        }
        payload.getBytes(offset, pingPayload, 0, length);
        pingLength = length;
        signal(PING);
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
    public void requestClose(final int code, final String reason)
    {
        requestedCloseCode = code;
        requestedCloseReason = reason;
        signal(CLOSE_REQUEST);
    }

    int requestedCloseCode()
    {
        return requestedCloseCode;
    }

    String requestedCloseReason()
    {
        return requestedCloseReason;
    }
}
