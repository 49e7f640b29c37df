package io.tickgate.client;

import io.tickgate.codec.FixedPoint;
import io.tickgate.codec.TickFields;
import io.tickgate.gateway.Gateway;
import io.tickgate.gateway.GatewayContext;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalWriter;
import org.agrona.concurrent.UnsafeBuffer;

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
    final Gateway gateway;
    private final TickFields fields = new TickFields();
    private long eventTimeMicros = 1_764_100_000_000_000L;

    GatewayHarness(final Path journalDir, final UnaryOperator<GatewayContext> configure)
    {
        journal = Journal.open(journalDir);
        writer = journal.writer(Journal.DEFAULT_SYMBOL_CAPACITY);
        gateway = Gateway.launch(configure.apply(new GatewayContext().port(0).journalDir(journalDir)));
    }

    int port()
    {
        return gateway.port();
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
            while (gateway.symbolCount() < writer.symbols().count())
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
        gateway.close();
        writer.close();
        journal.close();
    }
}
