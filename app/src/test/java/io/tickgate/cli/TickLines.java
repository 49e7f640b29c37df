package io.tickgate.cli;

import io.tickgate.codec.TickDecoder;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A numbered stream of CSV tick lines for the fault-injection tests: line {@code n} is a tick of symbol
 * {@code F<n % SYMBOLS>} whose volume is {@code n}, so every journaled tick names the line it came from, and the
 * journal can be checked against what was sent: each line exactly once, in order per symbol, seqs 1, 2, 3...
 */
final class TickLines
{
    static final int SYMBOLS = 10;
    private static final long BASE_TS = 1_764_100_000_000_000L;

    /** One journaled tick: its symbol, seq and the number of the line it came from. */
    record Journaled(String symbol, long seq, long line)
    {
    }

    private TickLines()
    {
    }

    static String symbol(final long line)
    {
        return "F" + (line % SYMBOLS);
    }

    static byte[] csv(final long line)
    {
        final long cents = 10_000 + line % 5_000;
        return (symbol(line) + "," + (BASE_TS + line) + "," + cents / 100 + "." + cents % 100 + ",100," +
            (cents + 1) / 100 + "." + (cents + 1) % 100 + ",200,1.5,10," + line + "\n")
            .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @return every tick in the journal, in journal order; the journal must not be open for writing elsewhere.
     */
    static List<Journaled> read(final Path directory)
    {
        final List<Journaled> ticks = new ArrayList<>();
        try (Journal journal = Journal.open(directory); JournalReader reader = journal.reader(1024))
        {
            while (reader.poll((final TickDecoder t, final long index) -> ticks.add(
                new Journaled(reader.symbols().name(t.symbolId()), t.seq(), t.volume())), 4096) > 0)
            {
                // read to the end
            }
        }
        return ticks;
    }

    /**
     * Each symbol's lines are in the journal exactly once, in order and without a hole (its first lines up to the
     * last one journaled), with seqs 1, 2, 3...: nothing lost, nothing doubled, nothing reordered.
     */
    static void assertExactlyOnceInOrder(final List<Journaled> ticks)
    {
        final Map<String, Long> lastSeq = new HashMap<>();
        final Map<String, Long> nextLine = new HashMap<>();
        for (final Journaled tick : ticks)
        {
            final long seq = lastSeq.merge(tick.symbol(), 1L, Long::sum);
            assertEquals(seq, tick.seq(), () -> "seq of " + tick);
            final long expected = nextLine.getOrDefault(tick.symbol(), (long)(tick.symbol().charAt(1) - '0'));
            assertEquals(expected, tick.line(), () -> "line of " + tick + ": lost or doubled");
            nextLine.put(tick.symbol(), expected + SYMBOLS);
        }
    }

    /**
     * Every line below {@code line} (all acknowledged) is in the journal; with {@link #assertExactlyOnceInOrder}
     * it is enough that each symbol's last journaled line is at least its last line below {@code line}.
     */
    static void assertHoldsEveryLineBefore(final List<Journaled> ticks, final long line)
    {
        final Map<String, Long> last = lastLines(ticks);
        for (long l = Math.max(0, line - SYMBOLS); l < line; l++)
        {
            final long acknowledged = l;
            assertTrue(last.getOrDefault(symbol(l), -1L) >= l, () -> "acknowledged line " + acknowledged +
                " is not in the journal");
        }
    }

    /**
     * @return the highest line journaled per symbol, from the journal's own contents.
     */
    static Map<String, Long> lastLines(final List<Journaled> ticks)
    {
        final Map<String, Long> last = new HashMap<>();
        for (final Journaled tick : ticks)
        {
            last.merge(tick.symbol(), tick.line(), Math::max);
        }
        assertTrue(last.size() <= SYMBOLS);
        return last;
    }
}
