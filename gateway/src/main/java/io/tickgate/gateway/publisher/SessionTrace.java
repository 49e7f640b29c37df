package io.tickgate.gateway.publisher;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a connection's log lines ({@link ConnectionLog}) tell about it beyond its address: a number, the bytes its
 * socket took and how its close began. Written by the publisher, read by the IO thread that logs the disconnect once
 * the socket is closed, hence volatile.
 * <b>Note:</b> one writer, the publisher thread; readable from any thread.
 */
public final class SessionTrace
{
    /** The close code of a connection that ended without a closing handshake (RFC 6455 §7.1.5). */
    static final int CLOSE_LOST = 1006;
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private volatile long bytesSent;
    private volatile int closeCode = CLOSE_LOST;
    private volatile String closeReason = "connection lost";

    /**
     * @return this process's number for the connection, from 1.
     */
    public long id()
    {
        return id;
    }

    void sent(final int bytes)
    {
        bytesSent = bytesSent + bytes; // one writer
    }

    long bytesSent()
    {
        return bytesSent;
    }

    /**
     * The closing handshake began with this close frame.
     */
    void closeWith(final int code, final String reason)
    {
        closeCode = code;
        closeReason = reason;
    }

    int closeCode()
    {
        return closeCode;
    }

    String closeReason()
    {
        return closeReason;
    }
}
