package io.tickgate.journal;

import io.tickgate.codec.SymbolDefinitionEncoder;
import io.tickgate.codec.TickDecoder;
import io.tickgate.codec.TickEncoder;
import io.tickgate.codec.TickFields;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cycle headers, writer start-up, retention and the disk guard, on a real journal driven by a hand-set clock: days
 * pass in microseconds.
 */
@Timeout(60)
class JournalLifecycleTest
{
    private static final long DAY = TimeUnit.DAYS.toMillis(1);
    private static final long NO_GUARD = 0;

    @TempDir
    Path dir;

    private final SetTimeProvider clock = new SetTimeProvider(Instant.parse("2026-01-05T10:00:00Z"));
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final TickFields fields = new TickFields();
    private final List<String> legacySymbols = new ArrayList<>();
    private final Map<String, Integer> legacySeqs = new HashMap<>();

    @AfterEach
    void closeAll() throws Exception
    {
        for (int i = resources.size() - 1; i >= 0; i--)
        {
            resources.get(i).close();
        }
    }

    @Test
    void shouldStartEachCycleWithEverySymbolAndItsCarriedLastTick()
    {
        final Journal journal = open();
        final JournalWriter writer = writer(journal, WriterOptions.of(16).minFreeDiskBytes(NO_GUARD));
        fields.bid = 12_345;
        fields.volume = 777;
        append(writer, "AAPL", 1);
        append(writer, "AAPL", 2);
        append(writer, "MSFT", 3);
        clock.advanceMillis(DAY);
        append(writer, "IBM", 4);

        assertEquals(List.of("symbol:AAPL", "carried:AAPL#2@2", "symbol:MSFT", "carried:MSFT#1@3", "symbol:IBM",
            "tick:IBM#1@4"), events(journal.readerFromNewestHeader(16)), "the newest day stands alone");
        assertEquals(List.of("symbol:AAPL", "tick:AAPL#1@1", "tick:AAPL#2@2", "symbol:MSFT", "tick:MSFT#1@3",
            "carried:AAPL#2@2", "carried:MSFT#1@3", "symbol:IBM", "tick:IBM#1@4"), events(journal.reader(16)),
            "from the start: no symbol or tick twice, carried values apart");

        final List<JournalTest.Record> carried = new ArrayList<>();
        final List<JournalTest.Record> ticks = new ArrayList<>();
        try (JournalReader reader = journal.reader(16))
        {
            drain(reader, new JournalHandler()
            {
                public void onTick(final TickDecoder tick, final long index)
                {
                    ticks.add(record(tick));
                }

                public void onCarried(final TickDecoder tick, final long index)
                {
                    carried.add(record(tick));
                }
            });
            assertEquals(0, reader.skippedRecords());
        }
        assertEquals(List.of(ticks.get(1), ticks.get(2)), carried, "every field, seq and ingest time carried as is");
    }

    @Test
    void shouldPutTheHeaderAndTheTickInOneCycleWhenMidnightPassesDuringTheAppend()
    {
        clock.currentTimeMillis(Instant.parse("2026-01-05T23:59:59.990Z").toEpochMilli());
        clock.autoIncrement(1, TimeUnit.MILLISECONDS);
        final Journal journal = open();
        final JournalWriter writer = writer(journal, WriterOptions.of(16).minFreeDiskBytes(NO_GUARD));
        for (int i = 0; i < 40; i++)
        {
            assertTrue(append(writer, i % 2 == 0 ? "AAPL" : "MSFT", i) > 0);
        }

        final CycleHeaders headers = new CycleHeaders(journal.queue());
        assertEquals(2, headers.cycles().size(), "the appends crossed midnight");
        for (final Long cycle : headers.cycles())
        {
            assertTrue(headers.startsWithCompleteHeader(cycle.intValue()), "cycle " + cycle + " starts headed");
        }
        final List<String> lastDay = events(journal.readerFromNewestHeader(16));
        assertEquals("symbol:AAPL", lastDay.get(0));
        assertTrue(lastDay.get(1).startsWith("carried:AAPL#"), lastDay.toString());
        assertEquals("symbol:MSFT", lastDay.get(2));
        assertTrue(lastDay.get(3).startsWith("carried:MSFT#"), lastDay.toString());
        assertEquals(40, events(journal.reader(16)).stream().filter(e -> e.startsWith("tick:")).count());
    }

    @Test
    void shouldOpenTheWriterFromTheNewestHeaderAlone() throws IOException
    {
        try (Journal journal = open(); JournalWriter writer = journal.writer(WriterOptions.of(16).minFreeDiskBytes(0)))
        {
            for (int day = 0; day < 3; day++)
            {
                append(writer, "AAPL", day);
                append(writer, "MSFT", day);
                clock.advanceMillis(DAY);
            }
            append(writer, "AAPL", 3);
        }
        final List<Path> files = cycleFiles();
        assertEquals(4, files.size());
        for (final Path old : files.subList(0, 3))
        {
            Files.delete(old);
        }

        final Journal journal = open();
        final JournalWriter writer = writer(journal, WriterOptions.of(16).minFreeDiskBytes(NO_GUARD));
        assertEquals(0, writer.symbols().lookup("AAPL"));
        assertEquals(1, writer.symbols().lookup("MSFT"));
        assertEquals(4, writer.lastSeq(0), "learned from the last day alone");
        assertEquals(3, writer.lastSeq(1), "carried in the last day's header");
        assertEquals(5, append(writer, "AAPL", 4));
        assertEquals(4, append(writer, "MSFT", 4));
    }

    @Test
    void shouldReadAJournalWrittenBeforeHeadersFromItsStartAndHeadItsNextCycle() throws IOException
    {
        writeLegacy("AAPL", "MSFT", "AAPL");
        clock.advanceMillis(DAY);
        writeLegacy("MSFT");

        final Journal journal = open();
        assertEquals(List.of("symbol:AAPL", "tick:AAPL#1@0", "symbol:MSFT", "tick:MSFT#1@1", "tick:AAPL#2@2",
            "tick:MSFT#2@0"), events(journal.readerFromNewestHeader(16)), "no header: from the start");
        final JournalWriter writer = writer(journal, WriterOptions.of(16).retainCycles(1).minFreeDiskBytes(NO_GUARD));
        assertEquals(2, writer.lastSeq(0));
        assertEquals(2, writer.lastSeq(1));
        assertEquals(3, append(writer, "MSFT", 5), "same day: no header yet");
        assertEquals(2, cycleFiles().size(), "nothing deleted while no newer cycle has a header");

        clock.advanceMillis(DAY);
        assertEquals(3, append(writer, "AAPL", 6));
        assertEquals(List.of("symbol:AAPL", "carried:AAPL#2@2", "symbol:MSFT", "carried:MSFT#3@5", "tick:AAPL#3@6"),
            events(journal.readerFromNewestHeader(16)));
        assertEquals(1, cycleFiles().size(), "the legacy days go once a day with a header follows them");
        assertEquals(List.of("symbol:AAPL", "carried:AAPL#2@2", "symbol:MSFT", "carried:MSFT#3@5", "tick:AAPL#3@6"),
            events(journal.reader(16)), "a fresh reader from the start knows every symbol");
    }

    @Test
    void shouldKeepTheNewestCyclesAndCountWhatItDeletes() throws IOException
    {
        final Journal journal = open();
        final JournalWriter writer = writer(journal, WriterOptions.of(16).retainCycles(2).minFreeDiskBytes(NO_GUARD));
        final JournalReader early = journal.reader(16);
        resources.add(early);
        final List<String> earlySeen = new ArrayList<>();
        long sizeOfDeleted = 0;
        for (int day = 0; day < 5; day++)
        {
            final Map<Path, Long> before = new HashMap<>();
            for (final Path file : cycleFiles())
            {
                before.put(file, Files.size(file));
            }
            append(writer, "AAPL", day);
            append(writer, day < 2 ? "MSFT" : "IBM", day);
            if (0 == day)
            {
                assertEquals(3, early.poll(collect(early, earlySeen), 3), "a reader part way into day 1");
            }
            final List<Path> after = cycleFiles();
            assertTrue(after.size() <= 2, day + ": " + after);
            for (final Map.Entry<Path, Long> file : before.entrySet())
            {
                sizeOfDeleted += after.contains(file.getKey()) ? 0 : file.getValue();
            }
            clock.advanceMillis(DAY);
        }

        assertEquals(3, writer.status().deletedCycles());
        assertEquals(sizeOfDeleted, writer.status().deletedBytes());
        drain(early, collect(early, earlySeen));
        assertEquals(List.of("symbol:AAPL", "tick:AAPL#1@0", "symbol:MSFT", "tick:MSFT#1@0",
            "carried:AAPL#3@2", "carried:MSFT#2@1", "symbol:IBM", "carried:IBM#1@2", "tick:AAPL#4@3", "tick:IBM#2@3",
            "carried:AAPL#4@3", "carried:MSFT#2@1", "carried:IBM#2@3", "tick:AAPL#5@4", "tick:IBM#3@4"), earlySeen,
            "the reader open during deletion reads its mapped day to the end, then the days left");

        assertEquals(List.of("symbol:AAPL", "carried:AAPL#3@2", "symbol:MSFT", "carried:MSFT#2@1", "symbol:IBM",
            "carried:IBM#1@2", "tick:AAPL#4@3", "tick:IBM#2@3",
            "carried:AAPL#4@3", "carried:MSFT#2@1", "carried:IBM#2@3", "tick:AAPL#5@4", "tick:IBM#3@4"),
            events(journal.reader(16)), "a fresh reader: every symbol, its id and last seq");
        assertEquals(6, append(writer, "AAPL", 5), "seqs go on");
        assertEquals(3, append(writer, "MSFT", 5), "a symbol idle since a deleted day goes on too");
    }

    @Test
    void shouldDeleteTheOldestCyclesWhileTheJournalIsOverItsBytes() throws IOException
    {
        final Journal journal = open();
        final JournalWriter sizing = writer(journal, WriterOptions.of(16).minFreeDiskBytes(NO_GUARD));
        append(sizing, "AAPL", 0);
        final long oneDay = Files.size(cycleFiles().get(0));
        sizing.close();
        resources.remove(sizing);

        final JournalWriter writer = writer(journal,
            WriterOptions.of(16).retainBytes(oneDay * 3 - 1).minFreeDiskBytes(NO_GUARD));
        for (int day = 1; day < 6; day++)
        {
            clock.advanceMillis(DAY);
            append(writer, "AAPL", day);
            assertTrue(cycleFiles().size() <= 2, day + ": " + cycleFiles());
        }
        assertEquals(4, writer.status().deletedCycles());
        assertEquals(4 * oneDay, writer.status().deletedBytes());
        assertEquals(7, append(writer, "AAPL", 6));
    }

    @Test
    void shouldRefuseAppendsWithDiskLowBelowTheRealFreeSpaceThreshold() throws IOException
    {
        final Journal journal = open();
        final long usable = Files.getFileStore(dir).getUsableSpace();
        final JournalWriter writer = writer(journal, WriterOptions.of(16).minFreeDiskBytes(usable + (1L << 40)));

        assertEquals(JournalWriter.DISK_LOW, append(writer, "AAPL", 1));
        assertEquals(JournalWriter.DISK_LOW, append(writer, "AAPL", 2));

        assertFalse(writer.status().accepting());
        assertEquals(JournalWriter.DISK_LOW, writer.status().refusal());
        assertTrue(writer.status().reason().contains("--min-free-disk"), writer.status().reason());
        assertEquals(clock.currentTimeMillis(), writer.status().sinceMillis());
        assertEquals(2, writer.status().refusedAppends());
        assertEquals(0, journal.recordCount(), "nothing written, not even a header");
        assertEquals(-1, writer.symbols().lookup("AAPL"));
    }

    @Test
    void shouldResumeByItselfWhenSpaceReturns()
    {
        final AtomicLong free = new AtomicLong(100);
        final Journal journal = open();
        final JournalWriter writer = journal.writer(WriterOptions.of(16).minFreeDiskBytes(1_000), free::get);
        resources.add(writer);
        assertEquals(JournalWriter.DISK_LOW, append(writer, "AAPL", 1));
        final long since = writer.status().sinceMillis();

        free.set(5_000);
        clock.advanceMillis(WriteGuard.CHECK_INTERVAL_MILLIS - 1);
        assertEquals(JournalWriter.DISK_LOW, append(writer, "AAPL", 2), "free space is read at most once a second");
        assertEquals(since, writer.status().sinceMillis());

        clock.advanceMillis(1);
        assertEquals(1, append(writer, "AAPL", 3));
        assertTrue(writer.status().accepting());
        assertNull(writer.status().reason());
        assertEquals(2, writer.status().refusedAppends());
        assertEquals(List.of("symbol:AAPL", "tick:AAPL#1@3"), events(journal.reader(16)));
    }

    @Test
    void shouldRefuseWithJournalFailedWhenTheNextCycleCannotBeMappedAndLoseNothing() throws IOException
    {
        final Journal journal = open();
        final JournalWriter writer = writer(journal, WriterOptions.of(16).minFreeDiskBytes(NO_GUARD));
        assertEquals(1, append(writer, "AAPL", 1));
        assertEquals(1, append(writer, "MSFT", 2));
        final Path today = cycleFiles().get(0);
        final Path tomorrow = today.resolveSibling("20260106F.cq4");
        Files.createDirectory(tomorrow);
        Files.writeString(tomorrow.resolve("blocker"), "a directory where the next day file goes");

        clock.advanceMillis(DAY);
        assertEquals(JournalWriter.JOURNAL_FAILED, append(writer, "AAPL", 3));
        assertEquals(JournalWriter.JOURNAL_FAILED, writer.status().refusal());
        assertTrue(writer.status().reason().startsWith("journal write failed"), writer.status().reason());
        assertEquals(JournalWriter.JOURNAL_FAILED, append(writer, "AAPL", 4), "refused until the next check");

        Files.delete(tomorrow.resolve("blocker"));
        Files.delete(tomorrow);
        clock.advanceMillis(WriteGuard.CHECK_INTERVAL_MILLIS);
        assertEquals(2, append(writer, "AAPL", 5), "resumed; seqs go on");
        assertTrue(writer.status().accepting());

        final List<String> all = events(journal.reader(16));
        assertTrue(all.containsAll(List.of("tick:AAPL#1@1", "tick:MSFT#1@2", "tick:AAPL#2@5")), all.toString());
        assertEquals(3, all.stream().filter(e -> e.startsWith("tick:")).count(), all.toString());
    }

    private Journal open()
    {
        final Journal journal = Journal.open(dir, clock);
        resources.add(journal);
        return journal;
    }

    private JournalWriter writer(final Journal journal, final WriterOptions options)
    {
        final JournalWriter writer = journal.writer(options);
        resources.add(writer);
        return writer;
    }

    private long append(final JournalWriter writer, final String symbol, final long eventTime)
    {
        final byte[] bytes = symbol.getBytes(StandardCharsets.US_ASCII);
        fields.eventTimeMicros = eventTime;
        return writer.append(new UnsafeBuffer(bytes), 0, bytes.length, fields, eventTime * 1_000 + 7);
    }

    /** Records as the writer wrote them before cycle headers existed: a definition before a symbol's first tick. */
    private void writeLegacy(final String... symbols)
    {
        final List<String> known = legacySymbols;
        try (ChronicleQueue raw = ChronicleQueue.singleBuilder(dir.toFile()).rollCycle(RollCycles.FAST_DAILY)
            .timeProvider(clock).build();
            ExcerptAppender appender = raw.createAppender())
        {
            final UnsafeBuffer record = new UnsafeBuffer(new byte[TickEncoder.ENCODED_LENGTH]);
            for (int i = 0; i < symbols.length; i++)
            {
                final UnsafeBuffer name = new UnsafeBuffer(symbols[i].getBytes(StandardCharsets.US_ASCII));
                if (!known.contains(symbols[i]))
                {
                    known.add(symbols[i]);
                    write(appender, record, SymbolDefinitionEncoder.encode(record, 0,
                        SymbolDefinitionEncoder.TEMPLATE_ID, known.indexOf(symbols[i]), name, 0, name.capacity()));
                }
                final long seq = legacySeqs.merge(symbols[i], 1, Integer::sum);
                new TickEncoder().wrapAndApplyHeader(record, 0).symbolId(known.indexOf(symbols[i])).seq(seq)
                    .eventTimeMicros(i).ingestTimeNanos(i);
                write(appender, record, TickEncoder.ENCODED_LENGTH);
            }
        }
    }

    private static void write(final ExcerptAppender appender, final UnsafeBuffer record, final int length)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(record.byteArray(), 0, length);
        }
    }

    private List<Path> cycleFiles() throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(f -> f.getFileName().toString().endsWith(".cq4")).sorted().toList();
        }
    }

    private static List<String> events(final JournalReader reader)
    {
        final List<String> seen = new ArrayList<>();
        try (reader)
        {
            drain(reader, collect(reader, seen));
            assertEquals(0, reader.skippedRecords());
        }
        return seen;
    }

    private static JournalHandler collect(final JournalReader reader, final List<String> seen)
    {
        return new JournalHandler()
        {
            public void onSymbol(final int symbolId)
            {
                seen.add("symbol:" + reader.symbols().name(symbolId));
            }

            public void onTick(final TickDecoder tick, final long index)
            {
                seen.add("tick:" + name(tick));
            }

            public void onCarried(final TickDecoder tick, final long index)
            {
                seen.add("carried:" + name(tick));
            }

            private String name(final TickDecoder tick)
            {
                return reader.symbols().name(tick.symbolId()) + "#" + tick.seq() + "@" + tick.eventTimeMicros();
            }
        };
    }

    private static JournalTest.Record record(final TickDecoder t)
    {
        return new JournalTest.Record("tick", t.symbolId(), "", t.seq(), t.eventTimeMicros(), t.ingestTimeNanos(),
            t.bid(), t.bidSize(), t.ask(), t.askSize(), t.last(), t.lastSize(), t.volume());
    }

    private static int drain(final JournalReader reader, final JournalHandler handler)
    {
        int total = 0;
        int read;
        while ((read = reader.poll(handler, 100)) > 0)
        {
            total += read;
        }
        return total;
    }
}
