package io.tickgate.perf.load;

import io.tickgate.perf.ws.NioClientEngine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** The load generator's own NIO WebSocket client ({@link NioClientEngine}) as its {@link ClientEngine}. */
final class NioEngine implements ClientEngine
{
    private static final long NANOS = 1_000_000_000L;

    private final LoadOptions o;
    private final GatewayTarget gateway;
    private NioClientEngine engine;

    NioEngine(final LoadOptions o, final GatewayTarget gateway)
    {
        this.o = o;
        this.gateway = gateway;
    }

    /** One per IO thread: all of a thread's connections record into it, with no contention. */
    @Override
    public int latencyRecorders(final int connections)
    {
        return o.ioThreads;
    }

    @Override
    public int open(final List<ClientConnection> connections) throws IOException
    {
        engine = new NioClientEngine(connections, new InetSocketAddress(gateway.host(), gateway.port()),
            o.streamPath(), o.ioThreads, o.sourceAddrs, o.readBuffer, MAX_CONNECTS_IN_FLIGHT);
        final long timeout = ClientEngine.connectTimeoutNanos(connections.size());
        final long deadline = System.nanoTime() + timeout + NANOS;
        engine.start(timeout);
        while (engine.settled() < connections.size() && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(20_000_000L);
        }
        int opened = 0;
        for (final ClientConnection c : connections)
        {
            if (c.connected)
            {
                opened++;
            }
        }
        return opened;
    }

    @Override
    public void sendText(final ClientConnection connection, final String text)
    {
        engine.sendText(connection.id, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void closeAll() throws InterruptedException
    {
        engine.closeAll(3 * NANOS);
    }
}
