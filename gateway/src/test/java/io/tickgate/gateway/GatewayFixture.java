package io.tickgate.gateway;

import io.tickgate.codec.FixedPoint;
import io.tickgate.codec.TickFields;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalWriter;
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
 * A real gateway on an ephemeral loopback port over a real journal in a temp directory, plus the journal's writer
 * for the test to append ticks with, as a feed process would.
 */
final class GatewayFixture implements AutoCloseable
{
    final Path journalDir;
    final Journal journal;
    final JournalWriter writer;
    final Gateway gateway;
    private final TickFields fields = new TickFields();
    private final HttpClient http = HttpClient.newHttpClient();
    private long eventTimeMicros = 1_764_100_000_000_000L;

    GatewayFixture(final Path journalDir, final UnaryOperator<GatewayContext> configure)
    {
        this.journalDir = journalDir;
        journal = Journal.open(journalDir);
        writer = journal.writer(Journal.DEFAULT_SYMBOL_CAPACITY);
        gateway = Gateway.launch(configure.apply(new GatewayContext().port(0).journalDir(journalDir)));
    }

    GatewayFixture(final Path journalDir)
    {
        this(journalDir, UnaryOperator.identity());
    }

    int port()
    {
        return gateway.port();
    }

    /**
     * Journal one tick whose prices derive from {@code last}.
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
            awaitSymbolsKnownToGateway();
        }
        return seq;
    }

    /**
     * A new symbol can be subscribed once the gateway has read its definition; tests subscribe right after.
     */
    void awaitSymbolsKnownToGateway()
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (gateway.symbolCount() < writer.symbols().count())
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("the gateway did not read the journal's new symbols in time");
            }
            LockSupport.parkNanos(100_000);
        }
    }

    HttpResponse<String> get(final String path)
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
        gateway.close();
        writer.close();
        journal.close();
    }
}
