package io.tickgate.gateway;

import io.tickgate.codec.TickFields;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalWriter;
import io.tickgate.journal.WriterOptions;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A journal written over several UTC days of a hand-set clock, as a feed would write it over days: each tick's event
 * time is the clock's, a millisecond after the previous one, and its last price is 100 + its seq.
 */
public final class JournalDays implements AutoCloseable
{
    public static final Instant DAY_1 = Instant.parse("2026-01-05T00:00:00Z");

    public final SetTimeProvider clock = new SetTimeProvider(DAY_1);
    public final Journal journal;
    public final JournalWriter writer;
    private final TickFields fields = new TickFields();
    private final Map<String, Long> seqs = new HashMap<>();

    /**
     * @param retainDays the writer's retention, 0 to keep every day.
     */
    public JournalDays(final Path dir, final int retainDays)
    {
        journal = Journal.open(dir, clock);
        writer = journal.writer(WriterOptions.of(Journal.DEFAULT_SYMBOL_CAPACITY).retainCycles(retainDays)
            .minFreeDiskBytes(0));
    }

    /**
     * @return the start of day {@code day} (1 for the first) in µs since the epoch.
     */
    public static long dayStartMicros(final int day)
    {
        return TimeUnit.MILLISECONDS.toMicros(DAY_1.toEpochMilli() + TimeUnit.DAYS.toMillis(day - 1));
    }

    /**
     * Move the clock to the start of the given day (1 for the first); the next tick opens its day file.
     */
    public void toDay(final int day)
    {
        clock.currentTimeMillis(TimeUnit.MICROSECONDS.toMillis(dayStartMicros(day)));
    }

    /**
     * Journal {@code count} ticks of the symbol.
     *
     * @return the last one's seq.
     */
    public long ticks(final String symbol, final int count)
    {
        long seq = 0;
        for (int i = 0; i < count; i++)
        {
            seq = tick(symbol);
        }
        return seq;
    }

    public long tick(final String symbol)
    {
        final long seq = seqs.merge(symbol, 1L, Long::sum);
        fields.eventTimeMicros = clock.currentTimeMicros();
        fields.last = (100L + seq) * 100_000_000L;
        fields.bid = fields.last - 1_000_000;
        fields.ask = fields.last + 1_000_000;
        fields.bidSize = 300;
        fields.askSize = 200;
        fields.lastSize = 100;
        fields.volume = seq;
        final byte[] bytes = symbol.getBytes(StandardCharsets.US_ASCII);
        final long journaled =
            writer.append(new UnsafeBuffer(bytes), 0, bytes.length, fields, clock.currentTimeNanos());
        if (journaled != seq)
        {
            throw new IllegalStateException("journaled " + symbol + " as seq " + journaled + ", expected " + seq);
        }
        clock.advanceMillis(1);
        return seq;
    }

    public void close()
    {
        writer.close();
        journal.close();
    }
}
