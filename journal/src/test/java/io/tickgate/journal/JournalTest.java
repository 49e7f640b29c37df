package io.tickgate.journal;

import io.tickgate.codec.MessageHeaderEncoder;
import io.tickgate.codec.SymbolTable;
import io.tickgate.codec.TickDecoder;
import io.tickgate.codec.TickEncoder;
import io.tickgate.codec.TickFields;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class JournalTest
{
    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final TickFields fields = new TickFields();

    @AfterEach
    void closeAll() throws Exception
    {
        for (int i = resources.size() - 1; i >= 0; i--)
        {
            resources.get(i).close();
        }
    }

    @Test
    void shouldRoundTripEveryTickField()
    {
        final Journal journal = open();
        final JournalWriter writer = writer(journal, 16);
        fields.eventTimeMicros = 1_764_100_000_123_456L;
        fields.bid = 18_912_000_000L;
        fields.bidSize = 300;
        fields.ask = -50_000_000L;
        fields.askSize = Long.MAX_VALUE;
        fields.last = Long.MIN_VALUE;
        fields.lastSize = 0;
        fields.volume = 1_234_567;

        assertEquals(1, append(writer, "AAPL", 777));
        assertEquals(1, writer.appended());

        final List<Record> records = readAll(journal);
        assertEquals(List.of(Record.symbol(0, "AAPL"), new Record("tick", 0, "AAPL", 1, 1_764_100_000_123_456L, 777,
            18_912_000_000L, 300, -50_000_000L, Long.MAX_VALUE, Long.MIN_VALUE, 0, 1_234_567)), records);
    }

    @Test
    void shouldNumberSeqsFromOnePerSymbolIndependently()
    {
        final Journal journal = open();
        final JournalWriter writer = writer(journal, 16);
        final String[] order = { "AAPL", "MSFT", "AAPL", "AAPL", "BRK.B", "MSFT", "AAPL" };
        final long[] expectedSeqs = { 1, 1, 2, 3, 1, 2, 4 };
        for (int i = 0; i < order.length; i++)
        {
            fields.eventTimeMicros = i;
            assertEquals(expectedSeqs[i], append(writer, order[i], i), "tick " + i);
        }
        assertEquals(4, writer.lastSeq(0));
        assertEquals(2, writer.lastSeq(1));
        assertEquals(1, writer.lastSeq(2));

        final List<Record> ticks = ticks(readAll(journal));
        assertEquals(order.length, ticks.size());
        for (int i = 0; i < order.length; i++)
        {
            assertEquals(order[i], ticks.get(i).symbol);
            assertEquals(expectedSeqs[i], ticks.get(i).seq);
            assertEquals(i, ticks.get(i).eventTimeMicros);
        }
    }

    @Test
    void shouldDefineEachSymbolOnceBeforeItsFirstTick()
    {
        final Journal journal = open();
        final JournalWriter writer = writer(journal, 16);
        append(writer, "AAPL", 1);
        append(writer, "AAPL", 2);
        append(writer, "MSFT", 3);
        append(writer, "ABCDEFGHIJKLMNOP", 4);
        append(writer, "MSFT", 5);

        final List<Record> records = readAll(journal);
        final List<String> kinds = new ArrayList<>();
        for (final Record record : records)
        {
            kinds.add(record.kind + ":" + record.symbol + ("tick".equals(record.kind) ? ":" + record.seq : ""));
        }
        assertEquals(List.of("symbol:AAPL", "tick:AAPL:1", "tick:AAPL:2", "symbol:MSFT", "tick:MSFT:1",
            "symbol:ABCDEFGHIJKLMNOP", "tick:ABCDEFGHIJKLMNOP:1", "tick:MSFT:2"), kinds);

        try (JournalReader reader = journal.reader(16))
        {
            drain(reader, (t, i) -> { });
            assertTablesEqual(writer.symbols(), reader.symbols());
            assertEquals(0, reader.skippedRecords());
        }
    }

    @Test
    void shouldNotKnowASymbolWhoseDefinitionCouldNotBeJournaled()
    {
        final Journal journal = Journal.open(dir);
        final JournalWriter writer = journal.writer(16);
        append(writer, "AAPL", 1);
        journal.close();

        // the queue is closed: the definition cannot be written, so the symbol must not exist anywhere
        assertEquals(JournalWriter.JOURNAL_FAILED, append(writer, "MSFT", 2));
        assertEquals(JournalWriter.JOURNAL_FAILED, writer.status().refusal());
        assertTrue(writer.status().reason().startsWith("journal write failed"), writer.status().reason());
        assertEquals(-1, writer.symbols().lookup("MSFT"), "not in the writer's table");
        assertEquals(1, writer.symbols().count());
        writer.close();

        final Journal reopened = open();
        final JournalWriter next = writer(reopened, 16);
        assertEquals(1, append(next, "MSFT", 3), "a fresh symbol, first seq");
        assertEquals(1, next.symbols().lookup("MSFT"), "the id the journal gives it");
        try (JournalReader reader = reopened.reader(16))
        {
            drain(reader, (t, i) -> { });
            assertTablesEqual(next.symbols(), reader.symbols());
        }
    }

    @Test
    void shouldRefuseSecondWriterWithClearMessageUntilFirstCloses()
    {
        final Journal journal = open();
        final JournalWriter first = journal.writer(16);
        append(first, "AAPL", 1);

        final JournalLockedException sameJournal = assertThrows(JournalLockedException.class, () -> journal.writer(16));
        assertTrue(sameJournal.getMessage().contains(dir.toString()), sameJournal.getMessage());
        assertTrue(sameJournal.getMessage().contains("already has a writer"), sameJournal.getMessage());

        final Journal other = open();
        assertThrows(JournalLockedException.class, () -> other.writer(16), "a second Journal on the same directory");

        first.close();
        final JournalWriter second = writer(other, 16);
        assertEquals(2, append(second, "AAPL", 2));
        assertEquals(1, append(second, "MSFT", 3));
        assertThrows(JournalLockedException.class, () -> journal.writer(16));
    }

    @Test
    void shouldReleaseLockWhenWriterFailsToOpen()
    {
        final Journal journal = open();
        assertThrows(IllegalArgumentException.class, () -> journal.writer(0));

        final JournalWriter writer = writer(journal, 4);
        assertEquals(1, append(writer, "AAPL", 1));
    }

    @Test
    void shouldContinueSeqsAndKeepSymbolIdsAfterRestart()
    {
        final String[] symbols = { "AAPL", "MSFT", "BRK.B", "ES:Z26" };
        final int[] counts = new int[symbols.length];
        for (int run = 0; run < 3; run++)
        {
            try (Journal journal = Journal.open(dir); JournalWriter writer = journal.writer(16))
            {
                for (int i = 0; i < symbols.length; i++)
                {
                    if (counts[i] > 0)
                    {
                        assertEquals(i, writer.symbols().lookup(symbols[i]), "stable id of " + symbols[i]);
                        assertEquals(counts[i], writer.lastSeq(i), "last seq of " + symbols[i]);
                    }
                }
                assertEquals(0, writer.appended());
                for (int k = 0; k < 10 + run; k++)
                {
                    final int s = (k * 7 + run) % (run + 2);
                    counts[s]++;
                    assertEquals(counts[s], append(writer, symbols[s], k));
                }
            }
        }

        final Journal journal = open();
        final List<Record> records = readAll(journal);
        final int[] seen = new int[symbols.length];
        int definitions = 0;
        for (final Record record : records)
        {
            if ("symbol".equals(record.kind))
            {
                assertEquals(definitions, record.symbolId, "ids dense and in order");
                assertEquals(symbols[definitions], record.symbol);
                definitions++;
            }
            else
            {
                assertEquals(symbols[record.symbolId], record.symbol);
                assertEquals(++seen[record.symbolId], record.seq, "seq never restarts or repeats: " + record);
            }
        }
        assertEquals(symbols.length, definitions, "each symbol defined exactly once across restarts");
        assertEquals(List.of(counts[0], counts[1], counts[2], counts[3]), List.of(seen[0], seen[1], seen[2], seen[3]));
    }

    @Test
    void shouldReturnSymbolsFullAndWriteNothingWhenCapacityExceeded()
    {
        final Journal journal = open();
        final JournalWriter writer = writer(journal, 2);
        assertEquals(1, append(writer, "A", 1));
        assertEquals(1, append(writer, "B", 2));
        final long before = lastIndex(journal);

        assertEquals(JournalWriter.SYMBOLS_FULL, append(writer, "C", 3));

        assertEquals(before, lastIndex(journal), "nothing written");
        assertEquals(2, writer.appended());
        assertEquals(SymbolTable.NOT_FOUND, writer.symbols().lookup("C"));
        assertEquals(2, append(writer, "A", 4), "known symbols still append");
        assertEquals(5, readAll(journal).size());
    }

    @Test
    void shouldReturnInvalidSymbolAndWriteNothing()
    {
        final Journal journal = open();
        final JournalWriter writer = writer(journal, 4);
        for (final String bad : new String[]{ "", "AA PL", "ABCDEFGHIJKLMNOPQ", "A,B", "AAPL\n" })
        {
            assertEquals(JournalWriter.INVALID_SYMBOL, append(writer, bad, 1), "'" + bad + "'");
        }
        final byte[] utf8 = "AÄ".getBytes(StandardCharsets.UTF_8);
        assertEquals(JournalWriter.INVALID_SYMBOL, writer.append(new UnsafeBuffer(utf8), 0, utf8.length, fields, 1L));

        assertEquals(0, writer.appended());
        assertEquals(0, writer.symbols().count());
        assertEquals(-1, lastIndex(journal), "nothing written");
        assertEquals(1, append(writer, "AAPL", 1));
    }

    @Test
    void shouldSkipAndCountRecordsOfUnknownSchemaTemplateOrVersion()
    {
        final Journal journal = open();
        final JournalWriter writer = writer(journal, 16);
        append(writer, "AAPL", 1);

        try (ChronicleQueue raw = ChronicleQueue.singleBuilder(dir.toFile()).build();
            ExcerptAppender appender = raw.createAppender())
        {
            final UnsafeBuffer record = new UnsafeBuffer(new byte[TickEncoder.ENCODED_LENGTH]);
            new TickEncoder().wrapAndApplyHeader(record, 0).symbolId(0).seq(99);
            record.putShort(MessageHeaderEncoder.SCHEMA_ID_OFFSET, (short)0x1234, ByteOrder.LITTLE_ENDIAN);
            writeRaw(appender, record, TickEncoder.ENCODED_LENGTH);          // foreign schema

            new TickEncoder().wrapAndApplyHeader(record, 0).symbolId(0).seq(99);
            record.putShort(MessageHeaderEncoder.TEMPLATE_ID_OFFSET, (short)99, ByteOrder.LITTLE_ENDIAN);
            writeRaw(appender, record, TickEncoder.ENCODED_LENGTH);          // unknown template

            new TickEncoder().wrapAndApplyHeader(record, 0).symbolId(0).seq(99);
            record.putShort(MessageHeaderEncoder.VERSION_OFFSET, (short)0, ByteOrder.LITTLE_ENDIAN);
            writeRaw(appender, record, TickEncoder.ENCODED_LENGTH);          // version 0

            new TickEncoder().wrapAndApplyHeader(record, 0).symbolId(5).seq(99);
            writeRaw(appender, record, TickEncoder.ENCODED_LENGTH);          // tick of an undefined symbol

            new TickEncoder().wrapAndApplyHeader(record, 0).symbolId(0).seq(99);
            writeRaw(appender, record, 40);                                 // truncated tick

            writeRaw(appender, record, 3);                                  // shorter than a header
        }

        assertEquals(2, append(writer, "AAPL", 2));
        assertEquals(1, append(writer, "MSFT", 3));

        try (JournalReader reader = journal.reader(16))
        {
            final List<Long> seqs = new ArrayList<>();
            final int read = drain(reader, (t, i) -> seqs.add(t.seq()));
            assertEquals(1 + 2 + 6 + 3, read, "the cycle header, AAPL's two records, 6 foreign, 3 more");
            assertEquals(List.of(1L, 2L, 1L), seqs);
            assertEquals(6, reader.skippedRecords());
            assertEquals(2, reader.symbols().count());
        }

        writer.close();
        resources.remove(writer);
        final JournalWriter reopened = writer(journal, 16);
        assertEquals(2, reopened.lastSeq(0), "foreign records do not disturb the seq rebuild");
        assertEquals(1, reopened.lastSeq(1));
        assertEquals(3, append(reopened, "AAPL", 4));
    }

    private Journal open()
    {
        final Journal journal = Journal.open(dir);
        resources.add(journal);
        return journal;
    }

    private JournalWriter writer(final Journal journal, final int capacity)
    {
        final JournalWriter writer = journal.writer(capacity);
        resources.add(writer);
        return writer;
    }

    private long append(final JournalWriter writer, final String symbol, final long ingestTimeNanos)
    {
        final byte[] bytes = ("<" + symbol + ">").getBytes(StandardCharsets.US_ASCII);
        return writer.append(new UnsafeBuffer(bytes), 1, bytes.length - 2, fields, ingestTimeNanos);
    }

    private static void writeRaw(final ExcerptAppender appender, final UnsafeBuffer record, final int length)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(record.byteArray(), 0, length);
        }
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

    private static long lastIndex(final Journal journal)
    {
        try (JournalReader reader = journal.reader(16))
        {
            drain(reader, (t, i) -> { });
            return reader.lastIndex();
        }
    }

    private static List<Record> readAll(final Journal journal)
    {
        final List<Record> records = new ArrayList<>();
        try (JournalReader reader = journal.reader(Journal.DEFAULT_SYMBOL_CAPACITY))
        {
            drain(reader, new JournalHandler()
            {
                public void onSymbol(final int symbolId)
                {
                    records.add(Record.symbol(symbolId, reader.symbols().name(symbolId)));
                }

                public void onTick(final TickDecoder t, final long index)
                {
                    records.add(new Record("tick", t.symbolId(), reader.symbols().name(t.symbolId()), t.seq(),
                        t.eventTimeMicros(), t.ingestTimeNanos(), t.bid(), t.bidSize(), t.ask(), t.askSize(),
                        t.last(), t.lastSize(), t.volume()));
                }
            });
            assertEquals(0, reader.skippedRecords());
        }
        return records;
    }

    private static List<Record> ticks(final List<Record> records)
    {
        final List<Record> ticks = new ArrayList<>();
        for (final Record record : records)
        {
            if ("tick".equals(record.kind))
            {
                ticks.add(record);
            }
        }
        return ticks;
    }

    private static void assertTablesEqual(final SymbolTable expected, final SymbolTable actual)
    {
        assertEquals(expected.count(), actual.count());
        for (int id = 0; id < expected.count(); id++)
        {
            assertEquals(expected.name(id), actual.name(id));
            assertEquals(expected.nameLength(id), actual.nameLength(id));
            assertEquals(id, actual.lookup(expected.name(id)));
        }
    }

    /** One journal record copied out of its flyweight. */
    record Record(String kind, int symbolId, String symbol, long seq, long eventTimeMicros, long ingestTimeNanos,
        long bid, long bidSize, long ask, long askSize, long last, long lastSize, long volume)
    {
        static Record symbol(final int symbolId, final String name)
        {
            return new Record("symbol", symbolId, name, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
    }
}
