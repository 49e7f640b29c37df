package io.tickgate.client;

import io.tickgate.codec.FixedPoint;
import io.tickgate.codec.TickFields;
import io.tickgate.gateway.Gateway;
import io.tickgate.gateway.GatewayContext;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalWriter;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * A real gateway on a loopback port over a real journal in a temp directory, plus the journal's writer to append
 * ticks with, as a feed process would (the same arrangement as the gateway module's own test fixture).
 */
final class GatewayHarness implements AutoCloseable
{
    final Journal journal;
    final JournalWriter writer;
    private final Path journalDir;
    private final UnaryOperator<GatewayContext> configure;
    private final TickFields fields = new TickFields();
    private long eventTimeMicros = 1_764_100_000_000_000L;
    private volatile Gateway gateway;
    private volatile int port;

    GatewayHarness(final Path journalDir, final UnaryOperator<GatewayContext> configure)
    {
        this(journalDir, 0, configure);
    }

    /**
     * @param port a fixed port to listen on (so a restarted gateway is found at the same address), or 0 for any.
     */
    GatewayHarness(final Path journalDir, final int port, final UnaryOperator<GatewayContext> configure)
    {
        this.journalDir = journalDir;
        this.configure = configure;
        journal = Journal.open(journalDir);
        writer = journal.writer(Journal.DEFAULT_SYMBOL_CAPACITY);
        start(port);
    }

    int port()
    {
        return port;
    }

    Gateway gateway()
    {
        return gateway;
    }

    /**
     * Close the gateway only; the journal and its writer stay open, so ticks can be journaled while it is down.
     */
    void stopGateway()
    {
        final Gateway running = gateway;
        gateway = null;
        if (null != running)
        {
            running.close();
        }
    }

    /**
     * Launch a new gateway over the same journal directory on the same port, retrying while the port is still
     * held by the previous one's socket.
     */
    void startGateway()
    {
        start(port);
    }

    private void start(final int wantedPort)
    {
        final long deadline = System.nanoTime() + 15_000_000_000L;
        while (true)
        {
            try
            {
                gateway = Gateway.launch(configure.apply(new GatewayContext().port(wantedPort).journalDir(journalDir)));
                port = gateway.port();
                return;
            }
            catch (final RuntimeException ex)
            {
                if (0 == wantedPort || System.nanoTime() > deadline)
                {
                    throw ex;
                }
                LockSupport.parkNanos(50_000_000);
            }
        }
    }

    /**
     * @return a port that was free a moment ago.
     */
    static int freePort()
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Journal one tick whose bid and ask are {@code last} -/+ 0.01, and wait for a new symbol to be known.
     *
     * @return its seq.
     */
    long tick(final String symbol, final String last)
    {
        final long price = FixedPoint.parse(last);
        fields.eventTimeMicros = ++eventTimeMicros;
        fields.bid = price - 1_000_000;
        fields.ask = price + 1_000_000;
        fields.last = price;
        fields.bidSize = 300;
        fields.askSize = 200;
        fields.lastSize = 100;
        fields.volume = eventTimeMicros % 1_000_000;
        final byte[] bytes = symbol.getBytes(StandardCharsets.US_ASCII);
        final long seq = writer.append(
            new UnsafeBuffer(bytes), 0, bytes.length, fields, System.currentTimeMillis() * 1_000_000);
        if (1 == seq)
        {
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (null != gateway && gateway.symbolCount() < writer.symbols().count())
            {
                if (System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("the gateway did not read the new symbol in time");
                }
                LockSupport.parkNanos(100_000);
            }
        }
        return seq;
    }

    public void close()
    {
        stopGateway();
        writer.close();
        journal.close();
    }
}
