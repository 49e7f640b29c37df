package io.tickgate.gateway;

import io.tickgate.gateway.publisher.ClientSocket;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;

import java.net.SocketAddress;
import java.nio.channels.WritableByteChannel;

/**
 * A session's connection as XNIO gives it after the upgrade.
 */
final class XnioSocket implements ClientSocket
{
    private final StreamConnection connection;

    XnioSocket(final StreamConnection connection)
    {
        this.connection = connection;
    }

    public WritableByteChannel channel()
    {
        return connection.getSinkChannel();
    }

    public SocketAddress remoteAddress()
    {
        return connection.getPeerAddress();
    }

    public void close()
    {
        IoUtils.safeClose(connection);
    }
}
