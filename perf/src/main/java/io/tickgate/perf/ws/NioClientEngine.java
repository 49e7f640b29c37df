package io.tickgate.perf.ws;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The load generator's raw NIO WebSocket engine: N IO threads, each with its own {@link Selector} owning a share of
 * the connections (connection c belongs to thread c mod N) for their whole life; nothing else touches a
 * connection, so there are no locks on the data path. Connection c binds source address 127.0.0.(1 + c mod A)
 * before connecting, which spreads sockets over A loopback addresses (each has its own ~28k ephemeral ports).
 * Each thread keeps at most {@code maxConnectsInFlight} handshakes open at a time. Other threads hand work to an
 * IO thread through its task queue plus {@link Selector#wakeup()}.
 */
public final class NioClientEngine
{
    private final IoThread[] threads;

    /**
     * @param connections  one listener per connection, in order: connection c is {@code connections.get(c)}.
     * @param remote       the gateway's address.
     * @param sourceAddrs  A: how many 127.0.0.x source addresses to spread over; 0 = let the OS choose.
     */
    public NioClientEngine(
        final List<? extends WsClientListener> connections, final InetSocketAddress remote, final String path,
        final int ioThreads, final int sourceAddrs, final int readBufferBytes, final int maxConnectsInFlight)
        throws IOException
    {
        threads = new IoThread[ioThreads];
        for (int t = 0; t < ioThreads; t++)
        {
            threads[t] = new IoThread("nio-client-" + t, maxConnectsInFlight);
        }
        for (int c = 0; c < connections.size(); c++)
        {
            final InetSocketAddress local = sourceAddrs > 0 ?
                new InetSocketAddress("127.0.0." + (1 + c % sourceAddrs), 0) : null;
            threads[c % ioThreads].connections.add(
                new NioWsConnection(connections.get(c), remote, local, path, readBufferBytes, 16 << 20));
        }
    }

    /** Starts the IO threads; they connect and handshake at once. */
    public void start(final long connectTimeoutNanos)
    {
        final long deadline = System.nanoTime() + connectTimeoutNanos;
        for (final IoThread t : threads)
        {
            t.connectDeadline = deadline;
            t.start();
        }
    }

    /** @return how many connections are no longer connecting (open, failed or closed). */
    public int settled()
    {
        int n = 0;
        for (final IoThread t : threads)
        {
            n += t.settled;
        }
        return n;
    }

    /** Queues a text frame on connection c's IO thread. */
    public void sendText(final int c, final byte[] utf8)
    {
        final IoThread t = threads[c % threads.length];
        final NioWsConnection conn = t.connections.get(c / threads.length);
        t.execute(() ->
        {
            try
            {
                conn.sendText(utf8);
            }
            catch (final IOException ex)
            {
                conn.fail(ex);
            }
        });
    }

    /** Sends close 1000 on every open connection, waits up to the timeout for the answers, then stops. */
    public void closeAll(final long timeoutNanos) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeoutNanos;
        for (final IoThread t : threads)
        {
            t.execute(t::closeAllGracefully);
        }
        for (final IoThread t : threads)
        {
            t.stopped.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        for (final IoThread t : threads)
        {
            t.running = false;
            t.selector.wakeup();
            t.join(2_000);
        }
    }

    static final class IoThread extends Thread
    {
        final List<NioWsConnection> connections = new ArrayList<>();
        final Selector selector;
        final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        final CountDownLatch stopped = new CountDownLatch(1);
        private final int maxConnectsInFlight;
        private final Consumer<SelectionKey> onKey = this::onKey;
        volatile boolean running = true;
        volatile int settled;
        long connectDeadline;
        private int started;
        private boolean closing;
        private long closingDeadline;

        IoThread(final String name, final int maxConnectsInFlight) throws IOException
        {
            super(name);
            setDaemon(true);
            this.selector = Selector.open();
            this.maxConnectsInFlight = maxConnectsInFlight;
        }

        void execute(final Runnable task)
        {
            tasks.add(task);
            selector.wakeup();
        }

        @Override
        public void run()
        {
            long nextCheck = 0;
            try
            {
                while (running)
                {
                    Runnable task;
                    while (null != (task = tasks.poll()))
                    {
                        task.run();
                    }
                    startConnects();
                    selector.select(onKey, 100);
                    final long now = System.nanoTime();
                    if (now >= nextCheck)
                    {
                        nextCheck = now + 20_000_000L;
                        housekeeping(now);
                    }
                }
            }
            catch (final IOException ex)
            {
                for (final NioWsConnection c : connections)
                {
                    c.fail(ex);
                }
            }
            finally
            {
                for (final NioWsConnection c : connections)
                {
                    if (c.state != NioWsConnection.CLOSED)
                    {
                        c.close();
                    }
                }
                try
                {
                    selector.close();
                }
                catch (final IOException ignore)
                {
                    // exiting
                }
                stopped.countDown();
            }
        }

        private void onKey(final SelectionKey key)
        {
            final NioWsConnection c = (NioWsConnection)key.attachment();
            try
            {
                if (key.isValid())
                {
                    c.onReady(key.readyOps());
                }
            }
            catch (final IOException | RuntimeException ex)
            {
                c.fail(ex);
            }
        }

        private void startConnects()
        {
            while (started < connections.size() && inFlight() < maxConnectsInFlight)
            {
                final NioWsConnection c = connections.get(started++);
                inFlight++;
                try
                {
                    c.connect(selector, Math.min(connectDeadline, System.nanoTime() + 10_000_000_000L));
                }
                catch (final IOException | RuntimeException ex)
                {
                    c.fail(ex);
                }
            }
        }

        private int inFlight;

        private int inFlight()
        {
            return inFlight;
        }

        private void housekeeping(final long now)
        {
            int connecting = 0;
            int done = 0;
            for (int i = 0; i < started; i++)
            {
                final NioWsConnection c = connections.get(i);
                if (c.state < NioWsConnection.OPEN)
                {
                    if (now - c.deadlineNanos > 0)
                    {
                        c.fail(new IOException("connect/handshake timed out"));
                        done++;
                    }
                    else
                    {
                        connecting++;
                    }
                }
                else
                {
                    done++;
                }
            }
            inFlight = connecting;
            settled = done;
            if (closing && (now - closingDeadline > 0 || allClosed()))
            {
                running = false;
            }
        }

        private boolean allClosed()
        {
            for (final NioWsConnection c : connections)
            {
                if (c.state != NioWsConnection.CLOSED)
                {
                    return false;
                }
            }
            return true;
        }

        private void closeAllGracefully()
        {
            closing = true;
            closingDeadline = System.nanoTime() + 2_000_000_000L;
            for (final NioWsConnection c : connections)
            {
                try
                {
                    if (c.state == NioWsConnection.OPEN)
                    {
                        c.sendClose(1000, "load done");
                    }
                    else if (c.state < NioWsConnection.OPEN)
                    {
                        c.close();
                    }
                }
                catch (final IOException ex)
                {
                    c.close();
                }
            }
        }
    }
}
