package io.tickgate.gateway;

import io.tickgate.codec.FixedPoint;
import io.tickgate.codec.TickFields;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalWriter;
import io.tickgate.testing.Metrics;
import org.agrona.concurrent.UnsafeBuffer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * A real gateway on a loopback port over a real journal in a temp directory, plus the journal's writer for the test
 * to append ticks with, as a feed process would. The gateway can be stopped and started again on the same port and
 * journal while the writer stays open. Shared with other modules' tests through the gateway's test jar (it needs
 * {@link Gateway}, so it cannot live in test-support, which the gateway's own tests depend on).
 */
public final class GatewayFixture implements AutoCloseable
{
    public final Path journalDir;
    public final Journal journal;
    public final JournalWriter writer;
    private final UnaryOperator<GatewayContext> configure;
    private final TickFields fields = new TickFields();
    private final HttpClient http = HttpClient.newHttpClient();
    private long eventTimeMicros = 1_764_100_000_000_000L;
    private volatile Gateway gateway;
    private volatile int port;

    /**
     * @param port      a fixed port, so a restarted gateway is found at the same address, or 0 for any free one.
     * @param configure adjusts the gateway's context.
     */
    public GatewayFixture(final Path journalDir, final int port, final UnaryOperator<GatewayContext> configure)
    {
        this.journalDir = journalDir;
        this.configure = configure;
        journal = Journal.open(journalDir);
        writer = journal.writer(Journal.DEFAULT_SYMBOL_CAPACITY);
        start(port);
    }

    public GatewayFixture(final Path journalDir, final UnaryOperator<GatewayContext> configure)
    {
        this(journalDir, 0, configure);
    }

    public GatewayFixture(final Path journalDir)
    {
        this(journalDir, UnaryOperator.identity());
    }

    public int port()
    {
        return port;
    }

    /**
     * @return the running gateway, or null while it is stopped.
     */
    public Gateway gateway()
    {
        return gateway;
    }

    /**
     * Close the gateway only; the journal and its writer stay open, so ticks can be journaled while it is down.
     */
    public void stopGateway()
    {
        final Gateway running = gateway;
        gateway = null;
        if (null != running)
        {
            running.close();
        }
    }

    /**
     * Launch a new gateway over the same journal on the same port, retrying while the port is still held by the
     * previous one's socket.
     */
    public void startGateway()
    {
        start(port);
    }

    /**
     * @return the value of a metric line of {@code /metrics}, named with its labels as it is printed, e.g.
     * {@code tickgate_cutoffs_total{reason="slow_consumer"}}.
     */
    public long metric(final String name)
    {
        return Metrics.value(gateway().metricsText(), name);
    }

    /**
     * Journal one tick whose bid and ask are {@code last} -/+ 0.01; a new symbol is waited for until the running
     * gateway knows it, since tests subscribe right after.
     *
     * @return its seq.
     */
    public long tick(final String symbol, final String last)
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
            awaitSymbolsKnownToGateway();
        }
        return seq;
    }

    /**
     * Wait, with a deadline, until the running gateway has read every symbol the journal defines.
     */
    public void awaitSymbolsKnownToGateway()
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        for (Gateway running; null != (running = gateway) && running.symbolCount() < writer.symbols().count(); )
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("the gateway did not read the journal's new symbols in time");
            }
            LockSupport.parkNanos(100_000);
        }
    }

    public HttpResponse<String> get(final String path)
    {
        try
        {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    public void close()
    {
        stopGateway();
        writer.close();
        journal.close();
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
}
