package io.tickgate.gateway;

import io.tickgate.gateway.publisher.ClientSocket;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.ssl.SslConnection;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.RejectedExecutionException;

/**
 * A session's connection as XNIO gives it after the upgrade, plain or TLS. The publisher writes, the IO thread
 * reads; either may close.
 * <p>
 * With TLS, XNIO's engine frees its buffers when the connection closes without taking its unwrap lock, and an
 * unwrap takes its buffer before the lock: a close must never run while the IO thread reads, nor while the publisher
 * writes. So a TLS connection is closed on its IO thread, and under this socket's lock, which the publisher's
 * writes hold too (uncontended but for a close).
 */
final class XnioSocket implements ClientSocket
{
    private final StreamConnection connection;
    private final WritableByteChannel channel;
    private final boolean tls;
    private boolean closed;

    XnioSocket(final StreamConnection connection)
    {
        this.connection = connection;
        final StreamSinkChannel sink = connection.getSinkChannel();
        this.tls = connection instanceof SslConnection;
        this.channel = tls ? new TlsWrites(sink) : sink;
    }

    public WritableByteChannel channel()
    {
        return channel;
    }

    public boolean flushHeld() throws IOException
    {
        if (!tls)
        {
            return connection.getSinkChannel().flush();
        }
        synchronized (this)
        {
            if (closed)
            {
                throw new ClosedChannelException();
            }
            return connection.getSinkChannel().flush();
        }
    }

    public SocketAddress remoteAddress()
    {
        return connection.getPeerAddress();
    }

    /**
     * Close the connection; any thread, idempotent. With TLS, on the connection's IO thread (at once when called
     * there, else as its next task).
     */
    public void close()
    {
        if (!tls)
        {
            IoUtils.safeClose(connection);
            return;
        }
        final XnioIoThread ioThread = connection.getIoThread();
        if (Thread.currentThread() == ioThread)
        {
            closeTls();
            return;
        }
        try
        {
            ioThread.execute(this::closeTls);
        }
        catch (final RejectedExecutionException ex)
        {
            // the IO thread is gone (the server is stopping), so nothing reads any more
            closeTls();
        }
    }

    private synchronized void closeTls()
    {
        closed = true;
        IoUtils.safeClose(connection);
    }

    /**
     * A TLS channel takes at most one record (16 KiB) per write, so one write per duty cycle would cap a session at
     * a record per cycle and take a partial write for a full socket: this writes records until the socket stops
     * taking them, under the socket's lock.
     */
    private final class TlsWrites implements WritableByteChannel
    {
        private final StreamSinkChannel sink;

        TlsWrites(final StreamSinkChannel sink)
        {
            this.sink = sink;
        }

        public int write(final ByteBuffer src) throws IOException
        {
            synchronized (XnioSocket.this)
            {
                if (closed)
                {
                    throw new ClosedChannelException();
                }
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
        }

        public boolean isOpen()
        {
            return sink.isOpen();
        }

        public void close()
        {
            XnioSocket.this.close();
        }
    }
}
