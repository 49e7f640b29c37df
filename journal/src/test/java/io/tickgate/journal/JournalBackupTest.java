package io.tickgate.journal;

import io.tickgate.codec.TickDecoder;
import io.tickgate.codec.TickFields;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backup procedure docs/operations.md gives: a day file the writer has rolled past is complete and never written
 * again, so it can be copied while the gateway runs; a journal restored from such copies reads back every tick of
 * those days with its per-symbol seq, and takes new ticks after them.
 */
@Timeout(60)
class JournalBackupTest
{
    private static final long MS = 1_000_000L;
    private static final int TICKS_PER_DAY = 1_000;

    @TempDir
    Path live;
    @TempDir
    Path backup;
    private int days;
    private final SetTimeProvider clock = new SetTimeProvider(Instant.parse("2026-03-02T12:00:00.000Z"));

    @Test
    void finishedDayFilesCopiedWhileTheWriterRunsRestoreEveryTickOfThoseDays() throws IOException
    {
        final List<String> written = new ArrayList<>();
        try (Journal journal = Journal.open(live, clock);
            JournalWriter writer = journal.writer(16))
        {
            appendDay(writer, written);
            clock.advanceMillis(24 * 3_600_000L);
            appendDay(writer, written);
            clock.advanceMillis(24 * 3_600_000L);
            appendDay(writer, new ArrayList<>());     // today's file: still being written, not in the backup

            final List<Path> finished = dayFiles(live);
            assertEquals(3, finished.size(), "one file per day: " + finished);
            for (final Path day : finished.subList(0, 2))
            {
                Files.copy(day, backup.resolve(day.getFileName()));
            }
            appendDay(writer, new ArrayList<>());     // the writer goes on (on its day file) while the copies are taken
        }

        clock.advanceMillis(24 * 3_600_000L);
        try (Journal restored = Journal.open(backup, clock);
            JournalReader reader = restored.reader(16))
        {
            assertEquals(written, readAll(reader), "every tick of the copied days, in order, with its seq");
            try (JournalWriter writer = restored.writer(16))
            {
                final TickFields fields = fields(nowNanos());
                writer.append(symbol("AAPL"), 0, 4, fields, nowNanos());
            }
            final List<String> after = readAll(reader);
            assertEquals(List.of("AAPL#" + (2 * TICKS_PER_DAY + 1)), after,
                "the restored journal takes new ticks, each symbol's seq going on from the backup's last");
        }
    }

    /** Appends TICKS_PER_DAY ticks of each of two symbols at today's time; names them NAME#SEQ in written. */
    private void appendDay(final JournalWriter writer, final List<String> written)
    {
        final int day = days++;
        for (int i = 0; i < TICKS_PER_DAY * 2; i++)
        {
            final String name = i % 2 == 0 ? "AAPL" : "MSFT";
            final long ingestNanos = nowNanos() + i * MS;
            writer.append(symbol(name), 0, name.length(), fields(ingestNanos), ingestNanos);
            written.add(name + "#" + (day * TICKS_PER_DAY + i / 2 + 1));
        }
    }

    private List<String> readAll(final JournalReader reader)
    {
        final List<String> seen = new ArrayList<>();
        final JournalHandler collect = (final TickDecoder tick, final long index) ->
            seen.add(reader.symbols().name(tick.symbolId()) + "#" + tick.seq());
        while (reader.poll(collect, 1_000) > 0)
        {
            assertTrue(seen.size() <= 4 * TICKS_PER_DAY * 2, "no more than was written");
        }
        return seen;
    }

    private static List<Path> dayFiles(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.filter(p -> p.getFileName().toString().endsWith(".cq4")).sorted().toList();
        }
    }

    private long nowNanos()
    {
        return clock.currentTimeMillis() * MS;
    }

    private static TickFields fields(final long ingestNanos)
    {
        final TickFields fields = new TickFields();
        fields.eventTimeMicros = ingestNanos / 1000;
        fields.bid = 100;
        return fields;
    }

    private static UnsafeBuffer symbol(final String name)
    {
        return new UnsafeBuffer(name.getBytes(StandardCharsets.US_ASCII));
    }
}
