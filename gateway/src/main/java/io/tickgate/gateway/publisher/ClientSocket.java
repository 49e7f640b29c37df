package io.tickgate.gateway.publisher;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.WritableByteChannel;

/**
 * What a {@link Session} needs of its connection: somewhere to write frames, a name for logs, and a way to close.
 * The gateway passes an XNIO connection; tests pass a socket of their own, so the publisher's pieces run without a
 * network.
 */
public interface ClientSocket
{
    /**
     * @return the non-blocking channel frames are written to.
     */
    WritableByteChannel channel();

    /**
     * Push out what the connection itself still holds of the bytes its channel took: a TLS layer keeps the last
     * record it made when the socket would not take all of it. Plain sockets hold nothing.
     *
     * @return true when nothing is held back.
     * @throws IOException when the socket is broken.
     */
    default boolean flushHeld() throws IOException
    {
        return true;
    }

    /**
     * @return the client's address, for logs.
     */
    SocketAddress remoteAddress();

    /**
     * Close the connection; idempotent and quiet.
     */
    void close();
}
