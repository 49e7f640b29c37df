package io.tickgate.gateway.publisher;

import io.tickgate.codec.TickDecoder;
import org.agrona.collections.LongArrayList;

/**
 * A sparse index of the journal, built as the publisher reads it, so a replay can start near where it should without
 * scanning from the beginning: every {@link #TIME_STRIDE}th tick's journal index with the highest event time seen up
 * to it, and each symbol's journal index every {@link #SEQ_STRIDE} seqs. About 10,000 entries per 10 million ticks.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class JournalIndex
{
    static final int TIME_STRIDE = 4096;
    static final int SEQ_STRIDE = 1024;

    private final LongArrayList timeMaxMicros = new LongArrayList();
    private final LongArrayList timeIndexes = new LongArrayList();
    private final LongArrayList[] seqSamples;
    private final LongArrayList[] seqIndexes;
    private final long[] firstSeq;
    private long ticks;
    private long maxEventMicros = Long.MIN_VALUE;
    private long firstEventMicros = Long.MIN_VALUE;
    private long firstIndex = -1;
    private boolean complete = true;

    JournalIndex(final int symbolCapacity)
    {
        seqSamples = new LongArrayList[symbolCapacity];
        seqIndexes = new LongArrayList[symbolCapacity];
        firstSeq = new long[symbolCapacity];
    }

    void onTick(final TickDecoder tick, final long index)
    {
        final long eventMicros = tick.eventTimeMicros();
        if (0 == ticks)
        {
            firstEventMicros = eventMicros;
            firstIndex = index;
        }
        if (ticks % TIME_STRIDE == 0)
        {
            // the max so far, so "every tick before this entry is earlier than X" holds for out-of-order feeds too
            timeMaxMicros.addLong(maxEventMicros);
            timeIndexes.addLong(index);
        }
        maxEventMicros = Math.max(maxEventMicros, eventMicros);
        ticks++;

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
     * @return true when the journal holds every symbol from seq 1, i.e. none of its history was deleted.
     */
    boolean isComplete()
    {
        return complete;
    }

    boolean isEmpty()
    {
        return 0 == ticks;
    }

    long firstEventMicros()
    {
        return firstEventMicros;
    }

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
     * @return a journal index at or before the first tick whose event time is at or after {@code micros}.
     */
    long indexForTime(final long micros)
    {
        long result = firstIndex;
        for (int i = 0, size = timeMaxMicros.size(); i < size && timeMaxMicros.getLong(i) < micros; i++)
        {
            result = timeIndexes.getLong(i);
        }
        return result;
    }

    /**
     * @return a journal index at or before the symbol's tick with {@code seq}.
     */
    long indexForSeq(final int symbolId, final long seq)
    {
        final LongArrayList samples = seqSamples[symbolId];
        if (null == samples)
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
