package io.tickgate.feed;

import io.tickgate.codec.FixedPoint;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalWriter;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvFileFeedTest
{
    private static final String CSV =
        "symbol,ts,bid,bidSize,ask,askSize,last,lastSize,volume\n" +
        "# recorded 2026-11-25\n" +
        "AAPL,1764100000123456,189.12,300,189.14,200,189.13,100,1234567\n" +
        "MSFT,1764100000123500,415.5,100,415.52,100,415.51,100,900\r\n" +
        "\n" +
        "AAPL,1764100000123600,189.11,300,189.13,200,189.12,100,1234667\n" +
        "AAPL,oops,189.11,300,189.13,200,189.12,100,1234667\n" +
        "MSFT,1764100000123700,415.5,100,415.52,100,415.51,100,1000,extra\n" +
        "CL-SPREAD,1764100000123800,-0.25,5,-0.24,5,-0.245,1,10\n" +
        "symbol,ts,bid,bidSize,ask,askSize,last,lastSize,volume\n" +
        "MSFT,1764100000123900,415.49,100,415.51,100,415.5,100,1100"; // no final newline

    @TempDir
    Path tempDir;

    private Journal journal;
    private JournalWriter writer;

    @BeforeEach
    void openJournal()
    {
        journal = Journal.open(tempDir.resolve("journal"));
        writer = journal.writer(1024);
    }

    @AfterEach
    void closeJournal()
    {
        writer.close();
        journal.close();
    }

    @Test
    void shouldJournalGoodLinesOfFileAndCountBadOnes() throws IOException
    {
        final Path file = tempDir.resolve("ticks.csv");
        Files.writeString(file, CSV, StandardCharsets.US_ASCII);

        final IngestCounters counters = newFeed(null).replay(file.toString());

        assertGoodLinesJournaled(counters);
    }

    @Test
    void shouldJournalGoodLinesFromStdin() throws IOException
    {
        final InputStream original = System.in;
        try
        {
            System.setIn(new ByteArrayInputStream(CSV.getBytes(StandardCharsets.US_ASCII)));
            assertGoodLinesJournaled(newFeed(null).replay(CsvFileFeed.STDIN));
        }
        finally
        {
            System.setIn(original);
        }
    }

    @Test
    void shouldFailClearlyOnMissingFile()
    {
        final String missing = tempDir.resolve("no-such.csv").toString();
        final IOException ex = assertThrows(IOException.class, () -> newFeed(null).replay(missing));
        assertTrue(ex.getMessage().contains(missing), ex.getMessage());
        assertTrue(ex.getMessage().contains("NoSuchFile"), ex.getMessage());
    }

    @Test
    void shouldFailClearlyOnDirectory()
    {
        final String directory = tempDir.toString();
        final IOException ex = assertThrows(IOException.class, () -> newFeed(null).replay(directory));
        assertTrue(ex.getMessage().contains(directory), ex.getMessage());
    }

    @Test
    void shouldPaceByEventTimeTimesSpeed() throws IOException
    {
        final long[] now = { 5_000_000L };
        final long stepNs = 1_000;
        final IdleStrategy advancingClock = new IdleStrategy()
        {
            public void idle(final int workCount)
            {
                idle();
            }

            public void idle()
            {
                now[0] += stepNs;
            }

            public void reset()
            {
            }
        };
        final EventTimePacer pacer = new EventTimePacer(2.0, () -> now[0], advancingClock);
        final CsvIngest ingest = new CsvIngest(
            writer, new IngestCounters(), new RateLimitedLog(10, SystemNanoClock.INSTANCE), () -> now[0], pacer,
            TsSkewPolicy.defaults());
        final String csv =
            "A,1000000,1,1,2,1,1,1,1\n" +
            "A,1001000,1,1,2,1,1,1,2\n" +
            "B,1003000,1,1,2,1,1,1,1\n" +
            "A,1002000,1,1,2,1,1,1,3\n" + // earlier than the previous one: due already, goes at once
            "B,1010000,1,1,2,1,1,1,2\n";

        new CsvFileFeed(ingest).replay(new ByteArrayInputStream(csv.getBytes(StandardCharsets.US_ASCII)));

        final List<JournalContents.Tick> ticks = JournalContents.read(journal);
        assertEquals(5, ticks.size());
        final long anchor = 5_000_000L;
        final long[] dueNs = { anchor, anchor + 500_000, anchor + 1_500_000, anchor + 1_500_000, anchor + 5_000_000 };
        for (int i = 0; i < ticks.size(); i++)
        {
            final long ingest0 = ticks.get(i).ingestTimeNanos();
            assertTrue(ingest0 >= dueNs[i] && ingest0 < dueNs[i] + stepNs, "tick " + i + " at " + ingest0);
        }
        JournalContents.assertSeqsContiguous(ticks);
    }

    @Test
    void shouldCountTicksTheJournalRefusesAndGoOn() throws IOException
    {
        try (Journal small = Journal.open(tempDir.resolve("small")); JournalWriter smallWriter = small.writer(2))
        {
            final CsvIngest ingest = new CsvIngest(smallWriter, new IngestCounters(),
                new RateLimitedLog(10, SystemNanoClock.INSTANCE), new OffsetEpochNanoClock(), null,
                TsSkewPolicy.defaults());
            final String csv = "A,1,1,1,2,1,1,1,1\nB,1,1,1,2,1,1,1,1\nC,1,1,1,2,1,1,1,1\nA,2,1,1,2,1,1,1,2\n";

            final IngestCounters counters = new CsvFileFeed(ingest)
                .replay(new ByteArrayInputStream(csv.getBytes(StandardCharsets.US_ASCII)));

            assertEquals(3, counters.accepted());
            assertEquals(1, counters.journalRefused());
            assertEquals(Map.of("A", 2, "B", 1), JournalContents.assertSeqsContiguous(JournalContents.read(small)));
        }
    }

    private CsvFileFeed newFeed(final EventTimePacer pacer)
    {
        return new CsvFileFeed(new CsvIngest(writer, new IngestCounters(),
            new RateLimitedLog(100, SystemNanoClock.INSTANCE), new OffsetEpochNanoClock(), pacer,
            TsSkewPolicy.defaults()));
    }

    private void assertGoodLinesJournaled(final IngestCounters counters)
    {
        assertEquals(5, counters.accepted(), counters.toString());
        assertEquals(3, counters.skipped(), counters.toString());
        assertEquals(2, counters.rejected(IngestError.BAD_TIMESTAMP), counters.toString()); // "oops", late header
        assertEquals(1, counters.rejected(IngestError.FIELD_COUNT), counters.toString());
        assertEquals(3, counters.rejectedTotal());

        final List<JournalContents.Tick> ticks = JournalContents.read(journal);
        assertEquals(5, ticks.size());
        final Map<String, Integer> perSymbol = JournalContents.assertSeqsContiguous(ticks);
        assertEquals(Map.of("AAPL", 2, "MSFT", 2, "CL-SPREAD", 1), perSymbol);

        final JournalContents.Tick first = ticks.get(0);
        assertEquals("AAPL", first.symbol());
        assertEquals(1764100000123456L, first.eventTimeMicros());
        assertEquals(FixedPoint.parse("189.12"), first.bid());
        assertEquals(1234567, first.volume());
        assertEquals(FixedPoint.parse("-0.245"), ticks.get(3).last());
        assertEquals(1100, ticks.get(4).volume());
    }
}
