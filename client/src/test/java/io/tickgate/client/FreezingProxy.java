package io.tickgate.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy in front of a gateway that can freeze the connections it has so far: they stay open, but nothing from
 * the gateway reaches the client, as with a hung server or a dead network path. Connections made later pass.
 */
final class FreezingProxy implements AutoCloseable
{
    private final ServerSocket server;
    private final int targetPort;
    private final List<Pipe> pipes = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;

    FreezingProxy(final int targetPort) throws IOException
    {
        this.targetPort = targetPort;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "freezing-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port()
    {
        return server.getLocalPort();
    }

    int connectionsAccepted()
    {
        return pipes.size();
    }

    /**
     * Stop forwarding gateway to client on every connection accepted so far.
     */
    void freezeExisting()
    {
        for (final Pipe pipe : pipes)
        {
            pipe.frozen = true;
        }
    }

    /**
     * Cut every connection accepted so far at the TCP level (no WebSocket close frame), as a network failure would.
     */
    void dropExisting()
    {
        for (final Pipe pipe : pipes)
        {
            pipe.close();
        }
    }

    private void acceptLoop()
    {
        while (!closed)
        {
            try
            {
                final Socket client = server.accept();
                final Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                final Pipe pipe = new Pipe(client, upstream);
                pipes.add(pipe);
                pipe.start();
            }
            catch (final IOException ex)
            {
                if (!closed)
                {
                    LockSupport.parkNanos(1_000_000);
                }
            }
        }
    }

    public void close() throws IOException
    {
        closed = true;
        server.close();
        for (final Pipe pipe : pipes)
        {
            pipe.close();
        }
    }

    private static final class Pipe
    {
        final Socket client;
        final Socket upstream;
        volatile boolean frozen;
        volatile boolean closed;

        Pipe(final Socket client, final Socket upstream)
        {
            this.client = client;
            this.upstream = upstream;
        }

        void start()
        {
            thread("up", () -> pump(client, upstream, false));
            thread("down", () -> pump(upstream, client, true));
        }

        private static void thread(final String name, final Runnable body)
        {
            final Thread thread = new Thread(body, "freezing-proxy-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        private void pump(final Socket from, final Socket to, final boolean freezable)
        {
            final byte[] buffer = new byte[16 * 1024];
            try
            {
                final InputStream in = from.getInputStream();
                final OutputStream out = to.getOutputStream();
                int read;
                while ((read = in.read(buffer)) >= 0)
                {
                    while (freezable && frozen && !closed)
                    {
                        LockSupport.parkNanos(1_000_000);
                    }
                    if (closed)
                    {
                        return;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
            catch (final IOException ignore)
            {
                // either side went away
            }
            finally
            {
                close();
            }
        }

        void close()
        {
            closed = true;
            try
            {
                client.close();
            }
            catch (final IOException ignore)
            {
                // closing anyway
            }
            try
            {
                upstream.close();
            }
            catch (final IOException ignore)
            {
                // closing anyway
            }
        }
    }
}
