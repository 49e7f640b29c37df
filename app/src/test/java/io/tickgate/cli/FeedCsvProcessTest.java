package io.tickgate.cli;

import io.tickgate.codec.TickDecoder;
import io.tickgate.gateway.Gateway;
import io.tickgate.gateway.GatewayContext;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalReader;
import io.tickgate.testing.ChildJvm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tickgate feed csv} as a real child process: a file or piped standard input goes into the journal (good lines
 * exactly, bad lines counted in the summary), and every way it can fail is a non-zero exit with a clear message.
 */
@Timeout(120)
class FeedCsvProcessTest
{
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    /** Header, comments, an empty line, good lines (one with \r\n, the last without a newline) and bad ones. */
    private static final String CSV = String.join("\n",
        "symbol,ts,bid,bidSize,ask,askSize,last,lastSize,volume",
        "# replayed by FeedCsvProcessTest",
        "AAPL,1764100000000001,189.12,300,189.14,200,189.13,100,1234567",
        "AAPL,1764100000000002,189.12,300,189.14,200",                        // field_count
        "",
        "MSFT,1764100000000003,-0.5,1,0.00000001,2,92233720367.99999999,3,4\r",
        "NOT VALID,1764100000000004,1,1,1,1,1,1,1",                           // bad_symbol
        "AAPL,yesterday,1,1,1,1,1,1,1",                                       // bad_timestamp
        "AAPL,1764100000000005,189.123456789,300,189.14,200,189.13,100,1",    // bad_price: 9 decimals
        "AAPL,1764100000000005,1.8912E2,300,189.14,200,189.13,100,1",         // bad_price: exponent
        "AAPL,1764100000000005,189.12,-300,189.14,200,189.13,100,1",          // bad_size
        "AAPL,1764100000000005,189.12,300,189.14,200,189.13,100," + "1".repeat(600), // line_too_long
        "# the last line has no newline",
        "AAPL,1764100000000006,189.2,310,189.3,210,189.25,110,1234677");
    private static final List<String> GOOD = List.of(
        "AAPL,1,1764100000000001,189.12,300,189.14,200,189.13,100,1234567",
        "MSFT,1,1764100000000003,-0.5,1,0.00000001,2,92233720367.99999999,3,4",
        "AAPL,2,1764100000000006,189.2,310,189.3,210,189.25,110,1234677");

    @TempDir
    Path dir;
    private Path logs;
    private Path journal;

    @BeforeEach
    void dirs() throws IOException
    {
        logs = Files.createDirectories(dir.resolve("logs"));
        journal = dir.resolve("journal");
    }

    @Test
    void shouldJournalAFileAndSummariseOnStderr() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("ticks.csv"), CSV, StandardCharsets.US_ASCII);
        try (ChildJvm feed = Tickgate.start(logs, "feed", "csv", file.toString(), "--journal", journal.toString()))
        {
            assertEquals(0, feed.awaitExit(EXIT_TIMEOUT), feed::describe);
            assertSummary(feed.stderr());
            ServeProcessTest.assertCleanOutput(feed);
        }
        assertEquals(GOOD, readJournal(journal));
    }

    @Test
    void shouldJournalPipedStandardInput()
    {
        try (ChildJvm feed = Tickgate.start(logs, "feed", "csv", "-", "--journal", journal.toString()))
        {
            feed.pipeToStdin(CSV.getBytes(StandardCharsets.US_ASCII));
            assertEquals(0, feed.awaitExit(EXIT_TIMEOUT), feed::describe);
            assertSummary(feed.stderr());
        }
        assertEquals(GOOD, readJournal(journal));

        // a second replay appends: seqs go on from the journal, they do not restart at 1
        try (ChildJvm feed = Tickgate.start(logs, "feed", "csv", "-", "--journal", journal.toString()))
        {
            feed.pipeToStdin("AAPL,1764100000000007,1,1,2,2,1.5,1,1\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(0, feed.awaitExit(EXIT_TIMEOUT), feed::describe);
            assertTrue(feed.stderr().contains("accepted=1 "), feed::describe);
        }
        final List<String> ticks = readJournal(journal);
        assertEquals(4, ticks.size(), ticks::toString);
        assertEquals("AAPL,3,1764100000000007,1,1,2,2,1.5,1,1", ticks.get(3));
    }

    @Test
    void shouldFailClearlyOnAMissingFile()
    {
        final Path missing = dir.resolve("no-such-file.csv");
        try (ChildJvm feed = Tickgate.start(logs, "feed", "csv", missing.toString(), "--journal", journal.toString()))
        {
            assertNotEquals(0, feed.awaitExit(EXIT_TIMEOUT), feed::describe);
            final String stderr = feed.stderr();
            assertTrue(stderr.contains("cannot read") && stderr.contains(missing.toString()), feed::describe);
            ServeProcessTest.assertCleanOutput(feed);
        }
    }

    @Test
    void shouldRefuseSpeedZero() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("ticks.csv"), CSV, StandardCharsets.US_ASCII);
        try (ChildJvm feed = Tickgate.start(logs, "feed", "csv", file.toString(), "--journal", journal.toString(),
            "--speed", "0"))
        {
            assertNotEquals(0, feed.awaitExit(EXIT_TIMEOUT), feed::describe);
            assertTrue(feed.stderr().contains("--speed"), feed::describe);
            ServeProcessTest.assertCleanOutput(feed);
        }
        assertFalse(Files.exists(journal), "nothing journaled with a refused --speed");
    }

    @Test
    void shouldRefuseEveryTickWhileTheDiskIsBelowMinFreeDiskAndSayWhy() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("ticks.csv"), CSV, StandardCharsets.US_ASCII);
        try (ChildJvm feed = Tickgate.start(logs, "feed", "csv", file.toString(), "--journal", journal.toString(),
            "--min-free-disk", Long.toString(Long.MAX_VALUE)))
        {
            assertEquals(0, feed.awaitExit(EXIT_TIMEOUT), feed::describe);
            final String stderr = feed.stderr();
            assertTrue(stderr.contains("accepted=0 ") && stderr.contains("journalRefused=3"), feed::describe);
            assertTrue(stderr.contains("journal refused the tick: DISK_LOW"), feed::describe);
        }
        assertEquals(List.of(), readJournal(journal));
    }

    @Test
    void shouldRefuseANegativeRetention() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("ticks.csv"), CSV, StandardCharsets.US_ASCII);
        try (ChildJvm feed = Tickgate.start(logs, "feed", "csv", file.toString(), "--journal", journal.toString(),
            "--retain-days", "-1"))
        {
            assertEquals(2, feed.awaitExit(EXIT_TIMEOUT), feed::describe);
            assertTrue(feed.stderr().contains("must be 0 (off) or positive"), feed::describe);
            ServeProcessTest.assertCleanOutput(feed);
        }
        assertFalse(Files.exists(journal), "nothing journaled with a refused option");
    }

    @Test
    void shouldRefuseAJournalThatAGatewayWithASimulatorWrites() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("ticks.csv"), CSV, StandardCharsets.US_ASCII);
        try (Gateway gateway = Gateway.launch(new GatewayContext().port(0).simSymbols(5).simRate(100)
            .journalDir(journal));
            ChildJvm feed = Tickgate.start(logs, "feed", "csv", file.toString(), "--journal", journal.toString()))
        {
            assertNotEquals(0, feed.awaitExit(EXIT_TIMEOUT), feed::describe);
            assertTrue(feed.stderr().contains("already has a writer"), feed::describe);
            ServeProcessTest.assertCleanOutput(feed);
            assertTrue(gateway.metricsText().contains("tickgate_ingest_accepted_total 0.0\n"), "nothing of the file");
        }
    }

    @Test
    void shouldPrintTheCountsOnStdoutAndExitOneUnderStrictWhenALineWasRefused() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("ticks.csv"),
            CSV + "\nFUTURE,9999999999999999,1,1,2,1,1.5,1,1\n", StandardCharsets.US_ASCII);
        try (ChildJvm feed = Tickgate.start(logs, "feed", "csv", file.toString(), "--journal", journal.toString(),
            "--progress"))
        {
            assertEquals(0, feed.awaitExit(EXIT_TIMEOUT), feed::describe);
            assertEquals("accepted 3 rejected 8 skipped 4\n", feed.stdout(), feed::describe);
            assertTrue(feed.stderr().contains("line_too_long=1 ts_in_future=1) journalRefused=0"), feed::describe);
            // the progress line's last state: every line counted, and the refused ones
            assertTrue(Pattern.compile("\rfeed csv: 15 lines, [0-9]+ lines/s, 8 refused \n").matcher(feed.stderr())
                .find(), feed::describe);
        }
        try (ChildJvm strict = Tickgate.start(logs, "feed", "csv", file.toString(), "--journal",
            dir.resolve("strict").toString(), "--strict", "--ts-skew-policy", "clamp"))
        {
            assertEquals(1, strict.awaitExit(EXIT_TIMEOUT), strict::describe);
            assertEquals("accepted 4 rejected 7 skipped 4\n", strict.stdout(), "the future tick clamped, not refused");
            assertTrue(strict.stderr().contains("futureTsClamped=1"), strict::describe);
            ServeProcessTest.assertCleanOutput(strict);
        }
        assertEquals(4, readJournal(dir.resolve("strict")).size(), "strict journals the good lines all the same");

        final Path clean = Files.writeString(dir.resolve("clean.csv"), "AAPL,1764100000000001,1,1,2,1,1.5,1,1\n",
            StandardCharsets.US_ASCII);
        try (ChildJvm strict = Tickgate.start(logs, "feed", "csv", clean.toString(), "--journal",
            dir.resolve("clean").toString(), "--strict"))
        {
            assertEquals(0, strict.awaitExit(EXIT_TIMEOUT), strict::describe);
            assertEquals("accepted 1 rejected 0 skipped 0\n", strict.stdout());
        }
    }

    @Test
    void shouldRefuseBadTimestampSkewOptionsWithStatusTwo() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("ticks.csv"), CSV, StandardCharsets.US_ASCII);
        for (final List<String> option :
            List.of(List.of("--max-ts-skew-ms", "-1"), List.of("--ts-skew-policy", "drop")))
        {
            try (ChildJvm feed = Tickgate.start(logs, "feed", "csv", file.toString(), "--journal", journal.toString(),
                option.get(0), option.get(1)))
            {
                assertEquals(2, feed.awaitExit(EXIT_TIMEOUT), feed::describe);
                assertTrue(feed.stderr().contains("invalid " + option.get(0) + ": " + option.get(1)), feed::describe);
                ServeProcessTest.assertCleanOutput(feed);
            }
        }
        assertFalse(Files.exists(journal), "nothing journaled with a refused option");
    }

    private static void assertSummary(final String stderr)
    {
        assertTrue(stderr.contains("tickgate feed csv: accepted=3 skipped=4 rejected=7 (field_count=1 " +
            "bad_symbol=1 bad_timestamp=1 bad_price=2 bad_size=1 line_too_long=1)"), stderr);
    }

    /**
     * The journal's ticks as CSV-like lines: symbol, seq, ts, then the prices exactly and the integers.
     */
    private static List<String> readJournal(final Path journalDir)
    {
        final List<String> ticks = new ArrayList<>();
        try (Journal journal = Journal.open(journalDir);
            JournalReader reader = journal.reader(Journal.DEFAULT_SYMBOL_CAPACITY))
        {
            while (reader.poll((final TickDecoder tick, final long index) -> ticks.add(String.join(",",
                reader.symbols().name(tick.symbolId()), Long.toString(tick.seq()),
                Long.toString(tick.eventTimeMicros()), price(tick.bid()), Long.toString(tick.bidSize()),
                price(tick.ask()), Long.toString(tick.askSize()), price(tick.last()), Long.toString(tick.lastSize()),
                Long.toString(tick.volume()))), 1024) > 0)
            {
                // read to the end
            }
        }
        return ticks;
    }

    /**
     * The mantissa as a plain decimal computed here, independently of the codec's formatter.
     */
    private static String price(final long mantissa)
    {
        return BigDecimal.valueOf(mantissa, 8).stripTrailingZeros().toPlainString();
    }
}
