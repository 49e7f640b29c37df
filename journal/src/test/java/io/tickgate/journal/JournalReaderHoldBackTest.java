package io.tickgate.journal;

import io.tickgate.codec.TickDecoder;
import io.tickgate.codec.TickFields;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link JournalReader#pollIngestedBy}: a trailing reader reads a tick only once its ingest time is old enough and
 * leaves a younger one unread (Chronicle's rollback) for a later call, across day files; and
 * {@link Journal#headerIndexAtOrBefore} finds the header of the day that holds a past time.
 */
@Timeout(60)
class JournalReaderHoldBackTest
{
    private static final long DAY_MS = TimeUnit.DAYS.toMillis(1);
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;
    private final SetTimeProvider clock = new SetTimeProvider(Instant.parse("2026-01-05T23:59:59.000Z"));
    private final List<String> seen = new ArrayList<>();

    @Test
    void aTooYoungTickIsLeftUnreadUntilItIsOldEnoughAndOrderHolds()
    {
        try (Journal journal = Journal.open(dir, clock);
            JournalWriter writer = journal.writer(16);
            JournalReader reader = journal.reader(16))
        {
            final long t0 = nowNanos();
            append(writer, "AAPL", t0);
            append(writer, "MSFT", t0 + 10 * MS);
            append(writer, "AAPL", t0 + 20 * MS);
            final JournalHandler collect = collect(reader);

            assertEquals(2, reader.pollIngestedBy(collect, 100, t0 - 1), "the header and a definition: no time");
            assertEquals(t0, reader.heldBackIngestNanos());
            assertEquals(List.of(), seen);

            reader.pollIngestedBy(collect, 100, t0 + 15 * MS);
            assertEquals(List.of("AAPL#1", "MSFT#1"), seen);
            assertEquals(t0 + 20 * MS, reader.heldBackIngestNanos());
            assertEquals(t0 + 10 * MS, reader.lastIngestNanos());
            assertEquals(0, reader.pollIngestedBy(collect, 100, t0 + 15 * MS), "nothing is skipped or read twice");

            assertEquals(1, reader.pollIngestedBy(collect, 100, t0 + 20 * MS));
            assertEquals(List.of("AAPL#1", "MSFT#1", "AAPL#2"), seen);
            assertEquals(Long.MIN_VALUE, reader.heldBackIngestNanos(), "stopped at the journal's end");
        }
    }

    @Test
    void aTrailingReaderCrossesIntoTheNextDayAndStartsAtTheDayThatHoldsItsTime()
    {
        try (Journal journal = Journal.open(dir, clock);
            JournalWriter writer = journal.writer(16))
        {
            final long beforeMidnight = nowNanos();
            append(writer, "AAPL", beforeMidnight);
            clock.advanceMillis(2_000);
            final long afterMidnight = nowNanos();
            append(writer, "MSFT", afterMidnight);
            append(writer, "AAPL", afterMidnight + MS);

            final long firstDay = journal.headerIndexAtOrBefore(beforeMidnight / MS);
            final long secondDay = journal.headerIndexAtOrBefore(afterMidnight / MS);
            assertTrue(firstDay >= 0 && secondDay > firstDay, firstDay + " then " + secondDay);
            assertEquals(secondDay, journal.headerIndexAtOrBefore(afterMidnight / MS + 3 * DAY_MS),
                "a later time: the newest header");
            assertEquals(-1, journal.headerIndexAtOrBefore(beforeMidnight / MS - DAY_MS), "older than the journal");

            try (JournalReader reader = journal.reader(16))
            {
                assertTrue(reader.moveToIndex(firstDay));
                final JournalHandler collect = collect(reader);
                reader.pollIngestedBy(collect, 100, afterMidnight);
                assertEquals(List.of("AAPL#1", "MSFT#1"), seen, "over the next day's header, carried values aside");
                assertEquals(afterMidnight + MS, reader.heldBackIngestNanos());
                reader.pollIngestedBy(collect, 100, afterMidnight + MS);
                assertEquals(List.of("AAPL#1", "MSFT#1", "AAPL#2"), seen);
            }
        }
    }

    private JournalHandler collect(final JournalReader reader)
    {
        return (final TickDecoder tick, final long index) ->
            seen.add(reader.symbols().name(tick.symbolId()) + "#" + tick.seq());
    }

    private long nowNanos()
    {
        return clock.currentTimeMillis() * MS;
    }

    private static void append(final JournalWriter writer, final String symbol, final long ingestNanos)
    {
        final TickFields fields = new TickFields();
        fields.eventTimeMicros = ingestNanos / 1000;
        fields.bid = 100;
        final byte[] bytes = symbol.getBytes(StandardCharsets.US_ASCII);
        writer.append(new UnsafeBuffer(bytes), 0, bytes.length, fields, ingestNanos);
    }
}
