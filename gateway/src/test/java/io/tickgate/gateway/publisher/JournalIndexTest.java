package io.tickgate.gateway.publisher;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.tickgate.gateway.publisher.JournalIndex.SEQ_STRIDE;
import static io.tickgate.gateway.publisher.JournalIndex.TIME_STRIDE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sparse index against a brute-force search over the same ticks: journal indexes are sparse and increasing, as
 * Chronicle's are, and event times may run backwards a little, as a feed's may.
 */
class JournalIndexTest
{
    private static final int SYMBOLS = 3;
    private static final long BASE_MICROS = 1_764_100_000_000_000L;

    private final JournalIndex index = new JournalIndex(8);
    private final List<long[]> ticks = new ArrayList<>(); // {symbolId, seq, eventMicros, journalIndex}
    private final Map<Long, Long> journalIndexBySymbolSeq = new HashMap<>();

    @Test
    void anEmptyJournal()
    {
        assertTrue(index.isEmpty());
        assertTrue(index.isComplete());
        assertEquals(-1, index.firstIndex());
        assertEquals(0, index.firstSeq(0));
        assertEquals(-1, index.indexForSeq(0, 1));
        assertEquals(-1, index.indexForTime(BASE_MICROS));
    }

    @Test
    void theFirstOfEverything()
    {
        journal(10_000, 0, 1);
        assertFalse(index.isEmpty());
        assertTrue(index.isComplete(), "every symbol from seq 1");
        assertEquals(ticks.get(0)[3], index.firstIndex());
        assertEquals(ticks.get(0)[2], index.firstEventMicros());
        for (int symbolId = 0; symbolId < SYMBOLS; symbolId++)
        {
            assertEquals(1, index.firstSeq(symbolId));
        }
        assertEquals(0, index.firstSeq(SYMBOLS), "a symbol with no ticks");
    }

    @Test
    void indexForSeqIsTheNearestSampleAtOrBeforeTheSeq()
    {
        journal(10_000, 0, 1);
        for (int symbolId = 0; symbolId < SYMBOLS; symbolId++)
        {
            final long lastSeq = lastSeq(symbolId);
            for (long seq = 1; seq <= lastSeq; seq++)
            {
                final long sampled = Math.max(1, seq / SEQ_STRIDE * SEQ_STRIDE);
                assertEquals(journalIndexOf(symbolId, sampled), index.indexForSeq(symbolId, seq),
                    "symbol " + symbolId + " seq " + seq);
            }
            assertTrue(index.indexForSeq(symbolId, lastSeq + 5_000) <= journalIndexOf(symbolId, lastSeq));
        }
        assertEquals(index.firstIndex(), index.indexForSeq(SYMBOLS, 1), "a symbol with no ticks: the start");
    }

    @Test
    void aJournalWhoseHeadWasDeletedIsNotComplete()
    {
        journal(5_000, 1_500, 1);
        assertFalse(index.isComplete());
        assertEquals(1_501, index.firstSeq(0));
        assertEquals(journalIndexOf(0, 1_501), index.indexForSeq(0, 2_000), "from the first seq it holds");
        assertEquals(journalIndexOf(0, 2_048), index.indexForSeq(0, 2_048));
    }

    @Test
    void indexForTimeIsAtOrBeforeTheFirstTickAtOrAfterTheTimeAndWithinAStrideWhenTimesIncrease()
    {
        journal(20_000, 0, 0);
        final Random random = new Random(3);
        for (final long micros : queries(random, 100))
        {
            final int first = firstTickAtOrAfter(micros);
            final long result = index.indexForTime(micros);
            assertTrue(result <= journalIndexAt(first), "at or before the first tick at or after " + micros);
            assertTrue(first - position(result) <= TIME_STRIDE, "within a stride: " + position(result) + ", " +
                first);
        }
    }

    @Test
    void indexForTimeNeverSkipsATickWhenTimesRunBackwards()
    {
        journal(20_000, 0, 500);
        final Random random = new Random(5);
        for (final long micros : queries(random, 1_000))
        {
            assertTrue(index.indexForTime(micros) <= journalIndexAt(firstTickAtOrAfter(micros)), "at " + micros);
        }
    }

    /**
     * @return random times from a little before the first tick to a little after the last, and the times at the
     * index's edges: each tick's time around every {@link JournalIndex#TIME_STRIDE}th tick, and one either side.
     */
    private long[] queries(final Random random, final int margin)
    {
        final List<Long> queries = new ArrayList<>();
        for (int i = 0; i < 2_000; i++)
        {
            queries.add(BASE_MICROS - margin + random.nextInt(ticks.size() * 10 + 2 * margin));
        }
        for (int stride = 0; stride < ticks.size(); stride += TIME_STRIDE)
        {
            for (int position = Math.max(0, stride - 2); position <= stride + 1; position++)
            {
                final long micros = ticks.get(position)[2];
                queries.add(micros - 1);
                queries.add(micros);
                queries.add(micros + 1);
            }
        }
        return queries.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * Journal {@code count} ticks round-robin over the symbols, each symbol's seqs from {@code firstSeq + 1}, event
     * times 10 µs apart plus or minus up to {@code jitterMicros}, journal indexes 7 apart.
     */
    private void journal(final int count, final long firstSeq, final int jitterMicros)
    {
        final Random random = new Random(42);
        final long[] seqs = new long[SYMBOLS];
        java.util.Arrays.fill(seqs, firstSeq);
        for (int i = 0; i < count; i++)
        {
            final int symbolId = i % SYMBOLS;
            final long seq = ++seqs[symbolId];
            final long micros = BASE_MICROS + i * 10L +
                (0 == jitterMicros ? 0 : random.nextInt(2 * jitterMicros + 1) - jitterMicros);
            final long journalIndex = 1_000L + 7L * i;
            ticks.add(new long[]{symbolId, seq, micros, journalIndex});
            journalIndexBySymbolSeq.put(key(symbolId, seq), journalIndex);
            index.onTick(Ticks.tick(symbolId, seq, micros), journalIndex);
        }
    }

    private long lastSeq(final int symbolId)
    {
        return ticks.stream().filter(t -> t[0] == symbolId).mapToLong(t -> t[1]).max().orElseThrow();
    }

    private long journalIndexOf(final int symbolId, final long seq)
    {
        return journalIndexBySymbolSeq.get(key(symbolId, seq));
    }

    private static long key(final int symbolId, final long seq)
    {
        return ((long)symbolId << 40) | seq;
    }

    /**
     * @return the position of the first tick whose event time is at or after {@code micros}; the count when none.
     */
    private int firstTickAtOrAfter(final long micros)
    {
        for (int i = 0; i < ticks.size(); i++)
        {
            if (ticks.get(i)[2] >= micros)
            {
                return i;
            }
        }
        return ticks.size();
    }

    private long journalIndexAt(final int position)
    {
        return position < ticks.size() ? ticks.get(position)[3] : Long.MAX_VALUE;
    }

    private int position(final long journalIndex)
    {
        return (int)((journalIndex - 1_000L) / 7L);
    }
}
