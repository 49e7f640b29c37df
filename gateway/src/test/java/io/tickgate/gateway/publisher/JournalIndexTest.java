package io.tickgate.gateway.publisher;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.tickgate.gateway.publisher.JournalIndex.SEQ_STRIDE;
import static io.tickgate.gateway.publisher.TimeBlocks.STRIDE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sparse index against a brute-force search over the same ticks: journal indexes are sparse and increasing, as
 * Chronicle's are, and event times run backwards, jump a year ahead or behind, as a broken feed's may.
 */
class JournalIndexTest
{
    private static final int SYMBOLS = 3;
    private static final long BASE_MICROS = 1_764_100_000_000_000L;

    private final JournalIndex index = new JournalIndex(8);
    private final List<long[]> ticks = new ArrayList<>(); // {symbolId, seq, eventMicros, journalIndex}
    private final Map<Long, Long> journalIndexBySymbolSeq = new HashMap<>();
    private final long[] seqs = new long[SYMBOLS];

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
        assertEquals(brute(0, 2, Math::min), index.firstEventMicros(), "the earliest time of the first block");
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
    void eachBlockHoldsTheRangeOfItsOwnTicksSoAFarFutureTickWidensOnlyItsOwn()
    {
        journalOutOfOrder(10 * STRIDE + 123, 7);
        final TimeBlocks blocks = index.blocks();
        assertEquals(0, blocks.first());
        assertEquals(blockCount(), blocks.end(), "the last block is open");
        for (int b = 0; b < blockCount(); b++)
        {
            assertEquals(ticks.get(b * STRIDE)[3], blocks.start(b), "block " + b + " starts at its first tick");
            assertEquals(brute(b, 2, Math::min), blocks.min(b), "block " + b);
            assertEquals(b, blocks.blockOf(ticks.get(b * STRIDE)[3]));
            assertEquals(b, blocks.blockOf(ticks.get(Math.min(ticks.size(), (b + 1) * STRIDE) - 1)[3]));
        }
        assertEquals(ticks.stream().mapToLong(t -> t[2]).min().orElseThrow(), index.minEventMicros());
    }

    @Test
    void aTimeStartsAtTheFirstBlockReachingItWhateverAFarFutureTickEarlierDid()
    {
        journalOutOfOrder(10 * STRIDE + 123, 7);
        final Random random = new Random(11);
        for (final long micros : queries(random, 1_000))
        {
            int expected = blockCount() - 1;
            for (int b = 0; b < blockCount(); b++)
            {
                if (brute(b, 2, Math::max) >= micros)
                {
                    expected = b;
                    break;
                }
            }
            assertEquals(ticks.get(expected * STRIDE)[3], index.indexForTime(micros), "at " + micros);
        }
        // the first two blocks hold ticks a year ahead, so their ranges cover every later time: a replay reads them
        // (for a `from`, their far-future ticks are in range), but none of the blocks between them and its time
        final long late = ticks.get(9 * STRIDE)[2];
        assertEquals(ticks.get(0)[3], index.indexForTime(late));
        assertEquals(8, index.blocks().nextCandidate(2, late, Long.MAX_VALUE));
        assertEquals(8, index.blocks().nextCandidate(2, late, late + 1_000));
    }

    @Test
    void theCandidateBlocksOfARangeHoldEveryTickInItAndMeetItByTheirRange()
    {
        journalOutOfOrder(10 * STRIDE + 123, 7);
        final TimeBlocks blocks = index.blocks();
        final Random random = new Random(13);
        final long[] times = queries(random, 1_000);
        for (int q = 0; q < 300; q++)
        {
            final long t1 = times[random.nextInt(times.length)];
            final long t2 = times[random.nextInt(times.length)];
            final long from = Math.min(t1, t2);
            final long to = q % 10 == 0 ? Long.MAX_VALUE : Math.max(t1, t2);
            final List<Long> visited = new ArrayList<>();
            for (long block = blocks.nextCandidate(0, from, to); block < blocks.end();
                block = blocks.nextCandidate(block + 1, from, to))
            {
                visited.add(block);
            }
            final List<Long> expected = new ArrayList<>();
            for (int b = 0; b < blockCount(); b++)
            {
                if (brute(b, 2, Math::max) >= from && brute(b, 2, Math::min) <= to)
                {
                    expected.add((long)b);
                }
            }
            assertEquals(expected, visited, "[" + from + ", " + to + "]");
            for (int i = 0; i < ticks.size(); i++)
            {
                final long micros = ticks.get(i)[2];
                if (micros >= from && micros <= to)
                {
                    assertTrue(visited.contains((long)(i / STRIDE)), "tick " + i + " in a visited block");
                }
            }
        }
    }

    @Test
    void forgettingTheDeletedHeadDropsItsBlocksAndSeqSamples()
    {
        journal(5 * STRIDE, 0, 3);
        final int cutAt = 2 * STRIDE + 100;
        final long cut = ticks.get(cutAt)[3];
        index.forgetBefore(cut);

        final TimeBlocks blocks = index.blocks();
        assertFalse(index.isComplete(), "its history was deleted");
        assertEquals(cut, index.firstIndex());
        assertEquals(2, blocks.first(), "block numbers stay");
        assertEquals(cut, blocks.start(2), "the block the cut goes through starts at the cut");
        assertEquals(ticks.get(3 * STRIDE)[3], blocks.start(3));
        assertEquals(brute(2, 2, Math::min), index.firstEventMicros(), "its range stays as wide as it was");
        assertEquals(cut, index.indexForTime(Long.MIN_VALUE), "nothing before the cut");
        assertEquals(2, blocks.nextCandidate(0, Long.MIN_VALUE, Long.MAX_VALUE));
        for (int symbolId = 0; symbolId < SYMBOLS; symbolId++)
        {
            final long firstKept = firstSeqAtOrAfter(symbolId, cut);
            final long sample = (firstKept + SEQ_STRIDE - 1) / SEQ_STRIDE * SEQ_STRIDE;
            assertEquals(sample, index.firstSeq(symbolId), "served from its first sample the journal holds");
            assertEquals(journalIndexOf(symbolId, sample), index.indexForSeq(symbolId, sample));
            assertTrue(index.indexForSeq(symbolId, sample + 5) >= cut);
        }

        journal(STRIDE, 0, 3);
        assertEquals(blockCount(), blocks.end(), "blocks go on after it");
        index.forgetBefore(cut - 7);
        assertEquals(cut, index.firstIndex(), "an earlier cut is no news");
    }

    @Test
    void aSymbolWithNoSampleLeftIsServedFromItsNextOne()
    {
        journal(3 * 2 * SEQ_STRIDE - 30, 0, 0);
        final long cut = journalIndexOf(0, 1_100);
        index.forgetBefore(cut);
        assertEquals(2 * SEQ_STRIDE, index.firstSeq(0), "symbol 0's samples at 1 and 1024 are gone");
        assertEquals(cut, index.indexForSeq(0, 1_100), "no sample: the journal's start");
    }

    /**
     * @return random times from a little before the first tick to a little after the last, and the times at the
     * index's edges: each tick's time around every {@link TimeBlocks#STRIDE}th tick, and one either side.
     */
    private long[] queries(final Random random, final int margin)
    {
        final List<Long> queries = new ArrayList<>();
        for (int i = 0; i < 2_000; i++)
        {
            queries.add(BASE_MICROS - margin + random.nextInt(ticks.size() * 10 + 2 * margin));
        }
        for (int stride = 0; stride < ticks.size(); stride += STRIDE)
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
     * Journal {@code count} ticks, event times 10 µs apart plus or minus up to {@code jitterMicros}.
     */
    private void journal(final int count, final long firstSeq, final int jitterMicros)
    {
        final Random random = new Random(42);
        for (int n = 0; n < count; n++)
        {
            final int i = ticks.size();
            final long micros = BASE_MICROS + i * 10L +
                (0 == jitterMicros ? 0 : random.nextInt(2 * jitterMicros + 1) - jitterMicros);
            append(firstSeq, micros);
        }
    }

    /**
     * Journal {@code count} ticks whose times are shuffled within windows of a few thousand ticks, with a tick a
     * year ahead now and then in the first two blocks, and one a year behind halfway.
     */
    private void journalOutOfOrder(final int count, final long seed)
    {
        final Random random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            long micros = BASE_MICROS + i * 10L + random.nextInt(30_000) - 15_000;
            if (i < 2 * STRIDE && random.nextInt(500) == 0)
            {
                micros += 365L * 86_400_000_000L;
            }
            else if (i == count / 2)
            {
                micros -= 365L * 86_400_000_000L;
            }
            append(0, micros);
        }
    }

    /**
     * Journal one tick, round-robin over the symbols, each symbol's seqs from {@code firstSeq + 1} on an empty
     * journal, journal indexes 7 apart.
     */
    private void append(final long firstSeq, final long micros)
    {
        final int i = ticks.size();
        final int symbolId = i % SYMBOLS;
        if (0 == i)
        {
            Arrays.fill(seqs, firstSeq);
        }
        final long seq = ++seqs[symbolId];
        final long journalIndex = 1_000L + 7L * i;
        ticks.add(new long[]{symbolId, seq, micros, journalIndex});
        journalIndexBySymbolSeq.put(key(symbolId, seq), journalIndex);
        index.onTick(Ticks.tick(symbolId, seq, micros), journalIndex);
    }

    private int blockCount()
    {
        return (ticks.size() + STRIDE - 1) / STRIDE;
    }

    /**
     * @return field {@code field} of the block's ticks folded with {@code fold}.
     */
    private long brute(final int block, final int field, final java.util.function.LongBinaryOperator fold)
    {
        return ticks.subList(block * STRIDE, Math.min(ticks.size(), (block + 1) * STRIDE)).stream()
            .mapToLong(t -> t[field]).reduce(fold).orElseThrow();
    }

    private long firstSeqAtOrAfter(final int symbolId, final long journalIndex)
    {
        return ticks.stream().filter(t -> t[0] == symbolId && t[3] >= journalIndex).mapToLong(t -> t[1]).min()
            .orElseThrow();
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
}
