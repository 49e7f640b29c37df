package io.tickgate.cli;

import io.tickgate.codec.FixedPoint;
import io.tickgate.codec.TickDecoder;
import io.tickgate.codec.TickFields;
import io.tickgate.feed.CsvTickFormatter;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalReader;
import io.tickgate.journal.JournalWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tickgate export}, in-process through picocli: a journal exported and re-imported with {@code feed csv} is
 * the same journal tick by tick; the filters; the refusals; and export beside a live writer.
 */
@Timeout(120)
class ExportCommandTest
{
    private static final long T0 = 1_764_100_000_000_000L;
    private static final long MAX_PRICE = FixedPoint.MAX_WHOLE_UNITS_EXCLUSIVE * FixedPoint.SCALE - 1;
    private static final long[] TRICKY_PRICES = {
        0, 1, -1, FixedPoint.SCALE, -FixedPoint.SCALE, 18_912_000_000L, -50_000_000, 12_345_678L, MAX_PRICE,
        -MAX_PRICE, 7 * FixedPoint.SCALE, 100_000 * FixedPoint.SCALE + 99_999_999 };

    @TempDir
    Path dir;
    private Path source;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final TickFields fields = new TickFields();

    @BeforeEach
    void paths()
    {
        source = dir.resolve("source");
    }

    @Test
    void shouldRoundTripThroughFeedCsvExactly() throws IOException
    {
        final int ticks = 20_000;
        try (Journal journal = Journal.open(source);
            JournalWriter writer = journal.writer(1024))
        {
            final SplittableRandom random = new SplittableRandom(11);
            for (int i = 0; i < ticks; i++)
            {
                // ts out of order on purpose: export keeps journal order, whatever the event times
                fields.eventTimeMicros = T0 + random.nextLong(0, 1_000_000_000L);
                fields.bid = price(random);
                fields.ask = price(random);
                fields.last = price(random);
                fields.bidSize = random.nextInt(4) == 0 ? Long.MAX_VALUE : random.nextLong(0, 1_000_000);
                fields.askSize = random.nextLong(0, 1000);
                fields.lastSize = random.nextInt(10) == 0 ? 0 : random.nextLong(0, Long.MAX_VALUE);
                fields.volume = i;
                append(writer, symbol(random.nextInt(300)));
            }
        }

        final Path csv = dir.resolve("export.csv");
        assertEquals(0, execute("export", "--journal", source.toString(), "--out", csv.toString()), err::toString);
        assertTrue(err.toString().contains("tickgate export: wrote " + ticks + " ticks of 300 symbols"),
            err::toString);
        final List<String> lines = Files.readAllLines(csv, StandardCharsets.US_ASCII);
        assertEquals(CsvTickFormatter.HEADER, lines.get(0));
        assertEquals(ticks + 1, lines.size());

        final Path copy = dir.resolve("copy");
        assertEquals(0, execute("feed", "csv", csv.toString(), "--journal", copy.toString()), err::toString);
        // (feed csv's summary goes to System.err, which this test does not capture; the journals say it all)

        final List<String> original = readJournal(source);
        final List<String> reimported = readJournal(copy);
        assertEquals(ticks, original.size());
        assertEquals(original.size(), reimported.size());
        for (int i = 0; i < original.size(); i++)
        {
            assertEquals(original.get(i), reimported.get(i), "tick " + i);
        }

        // the same bytes on stdout as in the file
        out.getBuffer().setLength(0);
        assertEquals(0, execute("export", "--journal", source.toString()), err::toString);
        assertEquals(Files.readString(csv, StandardCharsets.US_ASCII), out.toString());
    }

    @Test
    void shouldFilterBySymbolsAndTime()
    {
        try (Journal journal = Journal.open(source);
            JournalWriter writer = journal.writer(64))
        {
            for (int i = 0; i < 30; i++)
            {
                fields.eventTimeMicros = T0 + i * 1_000_000L;
                fields.last = i * FixedPoint.SCALE;
                append(writer, new String[]{ "AAPL", "MSFT", "IBM" }[i % 3]);
            }
        }

        assertEquals(0, execute("export", "--journal", source.toString(), "--symbols", "MSFT,IBM"), err::toString);
        final List<String> two = csvLines();
        assertEquals(20, two.size());
        assertTrue(two.stream().noneMatch(line -> line.startsWith("AAPL,")), two::toString);
        assertTrue(err.toString().contains("wrote 20 ticks of 2 symbols"), err::toString);

        // inclusive bounds; --from as epoch micros, --to as an ISO-8601 instant
        final String to = Instant.ofEpochSecond(0, (T0 + 20_000_000L) * 1000).toString();
        assertEquals(0, execute("export", "--journal", source.toString(), "--from", Long.toString(T0 + 10_000_000L),
            "--to", to), err::toString);
        final List<String> window = csvLines();
        assertEquals(11, window.size(), out::toString);
        assertEquals("MSFT," + (T0 + 10_000_000L) + ",0,0,0,0,10,0,0", window.get(0));
        assertEquals("IBM," + (T0 + 20_000_000L) + ",0,0,0,0,20,0,0", window.get(10));

        assertEquals(0, execute("export", "--journal", source.toString(), "--symbols", "AAPL",
            "--from", "2025-11-25T19:46:43Z", "--to", "2025-11-25T19:46:46Z"), err::toString);
        assertEquals(List.of("AAPL," + (T0 + 3_000_000L) + ",0,0,0,0,3,0,0",
            "AAPL," + (T0 + 6_000_000L) + ",0,0,0,0,6,0,0"), csvLines());
    }

    @Test
    void shouldRefuseBadArgumentsClearly() throws IOException
    {
        try (Journal journal = Journal.open(source);
            JournalWriter writer = journal.writer(64))
        {
            append(writer, "AAPL");
        }
        final Path missing = dir.resolve("no-such-journal");
        assertRefused("does not exist", "export", "--journal", missing.toString());
        assertFalse(Files.exists(missing), "export must not create a journal");
        final Path empty = Files.createDirectory(dir.resolve("empty"));
        assertRefused("not a tickgate journal", "export", "--journal", empty.toString());
        try (var files = Files.list(empty))
        {
            assertEquals(0, files.count(), "export must not create a journal in an empty directory");
        }
        assertRefused("--from: cannot read 'yesterday'",
            "export", "--journal", source.toString(), "--from", "yesterday");
        assertRefused("--to: cannot read '2025-13-01T00:00:00Z'", "export", "--journal", source.toString(),
            "--to", "2025-13-01T00:00:00Z");
        assertRefused("is before --from", "export", "--journal", source.toString(), "--from", "2000", "--to", "1000");
        assertRefused("not in journal " + source + ": NOPE,ZZZ", "export", "--journal", source.toString(),
            "--symbols", "AAPL,NOPE,ZZZ");
        assertRefused("'bad sym' is not a valid symbol", "export", "--journal", source.toString(),
            "--symbols", "bad sym");
        assertRefused("cannot write " + dir.resolve("nodir/x.csv"), "export", "--journal", source.toString(),
            "--out", dir.resolve("nodir/x.csv").toString());
    }

    @Test
    void shouldExportWhileAWriterHoldsTheJournal() throws IOException
    {
        try (Journal journal = Journal.open(source);
            JournalWriter writer = journal.writer(64))
        {
            for (int i = 0; i < 100; i++)
            {
                fields.eventTimeMicros = T0 + i;
                append(writer, "AAPL");
            }
            assertEquals(0, execute("export", "--journal", source.toString(), "--progress"), err::toString);
            assertEquals(100, csvLines().size());
            // the day's cycle header, AAPL's definition and 100 ticks
            assertTrue(err.toString().contains("\rexport: 102 / ~102 records [####################] 100%"),
                err::toString);

            append(writer, "MSFT");
            out.getBuffer().setLength(0);
            assertEquals(0, execute("export", "--journal", source.toString(), "--symbols", "MSFT"), err::toString);
            assertEquals(List.of("MSFT," + (T0 + 99) + ",0,0,0,0,0,0,0"), csvLines());
            assertEquals(1, writer.lastSeq(1), "the writer still writes");
        }
    }

    private void assertRefused(final String message, final String... args)
    {
        err.getBuffer().setLength(0);
        out.getBuffer().setLength(0);
        final int status = execute(args);
        assertEquals(message.startsWith("cannot write") ? 1 : 2, status, err::toString);
        assertTrue(err.toString().contains(message), () -> "expected '" + message + "' in: " + err);
        assertEquals("", out.toString());
    }

    private List<String> csvLines()
    {
        final List<String> lines = List.of(out.toString().split("\n"));
        assertEquals(CsvTickFormatter.HEADER, lines.get(0));
        final List<String> ticks = lines.subList(1, lines.size());
        out.getBuffer().setLength(0);
        return ticks;
    }

    private int execute(final String... args)
    {
        out.getBuffer().setLength(0);
        final CommandLine cli = new CommandLine(new TickgateCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private void append(final JournalWriter writer, final String symbol)
    {
        final byte[] bytes = symbol.getBytes(StandardCharsets.US_ASCII);
        writer.append(new UnsafeBuffer(bytes), 0, bytes.length, fields, 0L);
    }

    private static String symbol(final int n)
    {
        final String[] shapes = { "S", "BRK.B", "ES:Z5_", "EUR/USD-", "abcdefghijklmno" };
        final String name = shapes[n % shapes.length] + n;
        return name.length() > 16 ? name.substring(name.length() - 16) : name;
    }

    private static long price(final SplittableRandom random)
    {
        final int kind = random.nextInt(4);
        if (0 == kind)
        {
            return TRICKY_PRICES[random.nextInt(TRICKY_PRICES.length)];
        }
        if (1 == kind)
        {
            return random.nextLong(-1000, 1000) * FixedPoint.SCALE; // integers
        }
        return random.nextLong(-MAX_PRICE, MAX_PRICE + 1);
    }

    /**
     * Every field of every tick, with the seq, read back from a journal; prices printed by BigDecimal, independently of
     * the formatter under test.
     */
    private static List<String> readJournal(final Path journalDir)
    {
        final List<String> ticks = new ArrayList<>();
        final Map<String, Long> expectedSeq = new HashMap<>();
        try (Journal journal = Journal.open(journalDir);
            JournalReader reader = journal.reader(Journal.DEFAULT_SYMBOL_CAPACITY))
        {
            while (reader.poll((final TickDecoder tick, final long index) ->
            {
                final String symbol = reader.symbols().name(tick.symbolId());
                assertEquals(expectedSeq.merge(symbol, 1L, Long::sum), tick.seq(), symbol);
                ticks.add(String.join(",", symbol, Long.toString(tick.seq()),
                    Long.toString(tick.eventTimeMicros()), decimal(tick.bid()), Long.toString(tick.bidSize()),
                    decimal(tick.ask()), Long.toString(tick.askSize()), decimal(tick.last()),
                    Long.toString(tick.lastSize()), Long.toString(tick.volume())));
            }, 1024) > 0)
            {
                // read to the end
            }
        }
        return ticks;
    }

    private static String decimal(final long mantissa)
    {
        return BigDecimal.valueOf(mantissa, 8).toPlainString();
    }
}
