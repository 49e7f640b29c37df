package io.tickgate.gateway;

import io.tickgate.gateway.publisher.ClientSocket;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.ssl.SslConnection;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A session's connection as XNIO gives it after the upgrade, plain or TLS.
 */
final class XnioSocket implements ClientSocket
{
    private final StreamConnection connection;
    private final WritableByteChannel channel;

    XnioSocket(final StreamConnection connection)
    {
        this.connection = connection;
        final StreamSinkChannel sink = connection.getSinkChannel();
        this.channel = connection instanceof SslConnection ? new TlsWrites(sink) : sink;
    }

    public WritableByteChannel channel()
    {
        return channel;
    }

    public boolean flushHeld() throws IOException
    {
        return connection.getSinkChannel().flush();
    }

    public SocketAddress remoteAddress()
    {
        return connection.getPeerAddress();
    }

    public void close()
    {
        IoUtils.safeClose(connection);
    }

    /**
     * A TLS channel takes at most one record (16 KiB) per write, so one write per duty cycle would cap a session at
     * a record per cycle and take a partial write for a full socket: this writes records until the socket stops
     * taking them.
     */
    private static final class TlsWrites implements WritableByteChannel
    {
        private final StreamSinkChannel sink;

        TlsWrites(final StreamSinkChannel sink)
        {
            this.sink = sink;
        }

        public int write(final ByteBuffer src) throws IOException
        {
            int total = 0;
            while (src.hasRemaining())
            {
                final int written = sink.write(src);
                if (written <= 0)
                {
                    break;
                }
                total += written;
            }
            return total;
        }

        public boolean isOpen()
        {
            return sink.isOpen();
        }

        public void close() throws IOException
        {
            sink.close();
        }
    }
}
