package io.tickgate.gateway.publisher;

import io.tickgate.codec.TickDecoder;
import org.agrona.collections.LongArrayList;

/**
 * A sparse index of the journal, built as the publisher reads it, so a replay reads only near what it asks for:
 * the {@link TimeBlocks} (each block of 4096 ticks with its range of event times) and each symbol's journal index
 * every {@link #SEQ_STRIDE} seqs (seqs of a symbol rise in journal order, so these samples are sorted whatever the
 * feed's clock did). Old entries are {@link #forgetBefore forgotten} when the journal's oldest cycles are deleted.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class JournalIndex
{
    static final int SEQ_STRIDE = 1024;

    private final TimeBlocks blocks = new TimeBlocks();
    private final LongArrayList[] seqSamples;
    private final LongArrayList[] seqIndexes;
    private final long[] firstSeq;
    private long firstIndex = -1;
    private boolean complete = true;
    private boolean truncated;

    JournalIndex(final int symbolCapacity)
    {
        seqSamples = new LongArrayList[symbolCapacity];
        seqIndexes = new LongArrayList[symbolCapacity];
        firstSeq = new long[symbolCapacity];
    }

    void onTick(final TickDecoder tick, final long index)
    {
        if (-1 == firstIndex)
        {
            firstIndex = index;
        }
        blocks.onTick(tick.eventTimeMicros(), index);

        final int symbolId = tick.symbolId();
        final long seq = tick.seq();
        if (0 == firstSeq[symbolId])
        {
            firstSeq[symbolId] = seq;
            complete &= 1 == seq;
        }
        if (seq == firstSeq[symbolId] || seq % SEQ_STRIDE == 0)
        {
            if (null == seqSamples[symbolId])
            {
                seqSamples[symbolId] = new LongArrayList();
                seqIndexes[symbolId] = new LongArrayList();
            }
            seqSamples[symbolId].addLong(seq);
            seqIndexes[symbolId].addLong(index);
        }
    }

    /**
     * The journal's cycles before {@code journalIndex} were deleted: drop what the index holds of them, so no
     * replay is sent there and a request for that history is refused. A symbol whose first samples go is then
     * served from its first sample left (at most {@link #SEQ_STRIDE} seqs after the first one the journal still
     * holds), or from its next one when none is left: never from a seq that may be gone.
     *
     * @param journalIndex the first index the journal still holds.
     */
    void forgetBefore(final long journalIndex)
    {
        if (isEmpty() || journalIndex <= firstIndex)
        {
            return;
        }
        firstIndex = journalIndex;
        truncated = true;
        complete = false;
        blocks.forgetBefore(journalIndex);
        for (int symbolId = 0; symbolId < seqSamples.length; symbolId++)
        {
            final LongArrayList samples = seqSamples[symbolId];
            final LongArrayList indexes = seqIndexes[symbolId];
            if (null == samples || indexes.getLong(0) >= journalIndex)
            {
                continue;
            }
            final LongArrayList keptSamples = new LongArrayList();
            final LongArrayList keptIndexes = new LongArrayList();
            for (int i = 0; i < samples.size(); i++)
            {
                if (indexes.getLong(i) >= journalIndex)
                {
                    keptSamples.addLong(samples.getLong(i));
                    keptIndexes.addLong(indexes.getLong(i));
                }
            }
            final long lastDropped = samples.getLong(samples.size() - keptSamples.size() - 1);
            firstSeq[symbolId] = keptSamples.isEmpty() ? (lastDropped / SEQ_STRIDE + 1) * SEQ_STRIDE :
                keptSamples.getLong(0);
            seqSamples[symbolId] = keptSamples;
            seqIndexes[symbolId] = keptIndexes;
        }
    }

    /**
     * Join the index of the journal before this one's start, built apart (on another thread, from the journal's
     * start up to the cycle header the live reader started at), in front of this one. Each symbol's seq samples are
     * the older ones then its own; the journal is complete when the older part was and no symbol's history starts
     * past seq 1.
     *
     * @param older the index of the journal up to this one's first record; not used afterwards.
     */
    void prepend(final JournalIndex older)
    {
        blocks.prepend(older.blocks);
        if (!older.isEmpty())
        {
            firstIndex = older.firstIndex;
        }
        complete = older.complete && !truncated;
        for (int symbolId = 0; symbolId < firstSeq.length; symbolId++)
        {
            final LongArrayList samples = older.seqSamples[symbolId];
            if (null != samples)
            {
                if (null != seqSamples[symbolId])
                {
                    samples.addAll(seqSamples[symbolId]);
                    older.seqIndexes[symbolId].addAll(seqIndexes[symbolId]);
                }
                seqSamples[symbolId] = samples;
                seqIndexes[symbolId] = older.seqIndexes[symbolId];
                firstSeq[symbolId] = older.firstSeq[symbolId];
            }
            complete &= firstSeq[symbolId] <= 1;
        }
    }

    /**
     * The history before this index could not be indexed: say the journal is not complete, so requests before what
     * it holds are refused rather than answered from the wrong place.
     */
    void markIncomplete()
    {
        complete = false;
    }

    /**
     * @return true when the journal holds every symbol from seq 1, i.e. none of its history was deleted.
     */
    boolean isComplete()
    {
        return complete;
    }

    boolean isEmpty()
    {
        return -1 == firstIndex;
    }

    TimeBlocks blocks()
    {
        return blocks;
    }

    /**
     * @return where the journal starts in time: the earliest event time in its first block (for a feed whose clock
     * only goes forward, its first tick's).
     */
    long firstEventMicros()
    {
        return blocks.min(blocks.first());
    }

    /**
     * @return the earliest event time of any tick indexed.
     */
    long minEventMicros()
    {
        return blocks.minEventMicros();
    }

    /**
     * @return the first journal index the index covers, -1 when it is empty.
     */
    long firstIndex()
    {
        return firstIndex;
    }

    /**
     * @return the first seq of the symbol the journal holds, 0 when it has none.
     */
    long firstSeq(final int symbolId)
    {
        return firstSeq[symbolId];
    }

    /**
     * @return the first journal index of the first block with a tick at or after {@code micros} (the last block
     * when none has; -1 when the index is empty).
     */
    long indexForTime(final long micros)
    {
        return isEmpty() ? -1 : blocks.start(blocks.firstReaching(micros));
    }

    /**
     * @return a journal index at or before the symbol's tick with {@code seq}.
     */
    long indexForSeq(final int symbolId, final long seq)
    {
        final LongArrayList samples = seqSamples[symbolId];
        if (null == samples || samples.isEmpty())
        {
            return firstIndex;
        }
        int low = 0;
        int high = samples.size() - 1;
        while (low < high)
        {
            final int mid = (low + high + 1) >>> 1;
            if (samples.getLong(mid) <= seq)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }
        return seqIndexes[symbolId].getLong(low);
    }
}
