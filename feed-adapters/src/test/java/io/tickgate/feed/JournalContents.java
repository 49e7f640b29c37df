package io.tickgate.feed;

import io.tickgate.codec.TickDecoder;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Reads a journal back from the start, for assertions.
 */
final class JournalContents
{
    /** One journaled tick, copied out of the flyweight. */
    record Tick(String symbol, long seq, long eventTimeMicros, long ingestTimeNanos, long bid, long bidSize, long ask,
        long askSize, long last, long lastSize, long volume)
    {
    }

    private JournalContents()
    {
    }

    static List<Tick> read(final Journal journal)
    {
        final List<Tick> ticks = new ArrayList<>();
        try (JournalReader reader = journal.reader(4096))
        {
            while (reader.poll((final TickDecoder t, final long index) -> ticks.add(new Tick(
                reader.symbols().name(t.symbolId()), t.seq(), t.eventTimeMicros(), t.ingestTimeNanos(),
                t.bid(), t.bidSize(), t.ask(), t.askSize(), t.last(), t.lastSize(), t.volume())), 1024) > 0)
            {
                // read to the end
            }
        }
        return ticks;
    }

    /**
     * Every symbol's seqs must run 1..n in journal order.
     *
     * @return ticks per symbol.
     */
    static Map<String, Integer> assertSeqsContiguous(final List<Tick> ticks)
    {
        final Map<String, Integer> perSymbol = new TreeMap<>();
        for (final Tick tick : ticks)
        {
            final int expected = perSymbol.merge(tick.symbol(), 1, Integer::sum);
            assertEquals(expected, tick.seq(), () -> "seq of " + tick);
        }
        return perSymbol;
    }
}
