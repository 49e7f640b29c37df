package io.tickgate.perf.load;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * java.net.http as the {@link ClientEngine}, to compare with the NIO one: {@code --http-clients} HttpClient
 * instances (at least one per source address), connections spread over them round-robin, at most
 * {@link #MAX_CONNECTS_IN_FLIGHT} handshakes in flight.
 */
final class JdkEngine implements ClientEngine
{
    private final LoadOptions o;
    private final GatewayTarget gateway;
    private final PrintStream log;
    private final HttpClient[] clients;
    private final List<JdkListener> listeners = new ArrayList<>();

    JdkEngine(final LoadOptions o, final GatewayTarget gateway, final PrintStream log)
    {
        this.o = o;
        this.gateway = gateway;
        this.log = log;
        this.clients = newClients();
    }

    /** One per connection: java.net.http calls a connection from any of its pool's threads. */
    @Override
    public int latencyRecorders(final int connections)
    {
        return connections;
    }

    @Override
    public int open(final List<ClientConnection> connections) throws InterruptedException
    {
        final URI uri = URI.create("ws://" + gateway.host() + ":" + gateway.port() + o.streamPath());
        final Semaphore inFlight = new Semaphore(MAX_CONNECTS_IN_FLIGHT);
        final List<CompletableFuture<WebSocket>> futures = new ArrayList<>();
        final long deadline = System.nanoTime() + ClientEngine.connectTimeoutNanos(connections.size());
        for (final ClientConnection connection : connections)
        {
            final JdkListener listener = new JdkListener(connection);
            listeners.add(listener);
            if (!inFlight.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS))
            {
                connection.onFailed(new IllegalStateException("connect timed out"));
                continue;
            }
            futures.add(clients[connection.id % clients.length].newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, listener)
                .whenComplete((ws, error) ->
                {
                    inFlight.release();
                    if (null != error)
                    {
                        connection.onFailed(error);
                    }
                }));
        }
        int opened = 0;
        for (final CompletableFuture<WebSocket> f : futures)
        {
            try
            {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                opened++;
            }
            catch (final Exception ex)
            {
                // counted in the connection's failure
            }
        }
        return opened;
    }

    @Override
    public void sendText(final ClientConnection connection, final String text) throws Exception
    {
        listeners.get(connection.id).socket.sendText(text, true).get(5, TimeUnit.SECONDS);
    }

    @Override
    public void closeAll()
    {
        final List<CompletableFuture<WebSocket>> closing = new ArrayList<>();
        for (final JdkListener l : listeners)
        {
            final WebSocket ws = l.socket;
            if (null != ws && !l.connection.closed && !ws.isOutputClosed())
            {
                closing.add(ws.sendClose(WebSocket.NORMAL_CLOSURE, "load done"));
            }
        }
        try
        {
            CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0])).get(3, TimeUnit.SECONDS);
        }
        catch (final Exception ignore)
        {
            // aborted below
        }
        for (final JdkListener l : listeners)
        {
            final WebSocket ws = l.socket;
            if (null != ws)
            {
                ws.abort();
            }
        }
    }

    /** One HttpClient per source address (Java 19+ can bind one), at least {@code --http-clients}. */
    private HttpClient[] newClients()
    {
        final HttpClient[] result = new HttpClient[o.httpClientCount()];
        Method localAddress = null;
        if (o.sourceAddrs > 1)
        {
            try
            {
                localAddress = HttpClient.Builder.class.getMethod("localAddress", InetAddress.class);
            }
            catch (final NoSuchMethodException ex)
            {
                log.printf("note: java.net.http on Java %s cannot bind a local address (Java 19+ can); " +
                    "all sockets use the default source address%n", System.getProperty("java.specification.version"));
            }
        }
        for (int i = 0; i < result.length; i++)
        {
            final HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
            if (null != localAddress)
            {
                try
                {
                    localAddress.invoke(b,
                        InetAddress.getByAddress(new byte[]{ 127, 0, 0, (byte)(1 + i % o.sourceAddrs) }));
                }
                catch (final ReflectiveOperationException | IOException ex)
                {
                    throw new IllegalStateException("cannot bind source address", ex);
                }
            }
            result[i] = b.build();
        }
        return result;
    }
}
