package io.tickgate.gateway.publisher;

import java.util.Arrays;

/**
 * The journal's time index: the journal cut into blocks of {@link #STRIDE} ticks in journal order, each with its
 * first journal index and the least and greatest event time of its ticks. A tick with a wrong or far-future time
 * only widens its own block, so a replay can skip every block whose range misses its own, whatever the feed's clock
 * did. 32 bytes a block: 4 longs (first index, min, max, and the max of every block up to it, which makes finding
 * the first block that reaches a time a binary search). About 78 KiB per 10 million ticks.
 * <p>
 * Blocks have absolute numbers that stay valid when old ones are {@link #forgetBefore forgotten}; the last block is
 * open (it grows until it has {@link #STRIDE} ticks) and its range covers every tick indexed so far.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class TimeBlocks
{
    static final int STRIDE = 4096;
    private static final int INITIAL_BLOCKS = 64;

    private long[] starts = new long[INITIAL_BLOCKS];
    private long[] mins = new long[INITIAL_BLOCKS];
    private long[] maxes = new long[INITIAL_BLOCKS];
    private long[] prefixMaxes = new long[INITIAL_BLOCKS];
    private int count;
    private long forgotten;
    private int ticksInOpen;

    void onTick(final long eventMicros, final long journalIndex)
    {
        if (0 == ticksInOpen)
        {
            if (count == starts.length)
            {
                grow();
            }
            starts[count] = journalIndex;
            mins[count] = eventMicros;
            maxes[count] = eventMicros;
            count++;
        }
        final int open = count - 1;
        mins[open] = Math.min(mins[open], eventMicros);
        maxes[open] = Math.max(maxes[open], eventMicros);
        prefixMaxes[open] = 0 == open ? maxes[open] : Math.max(prefixMaxes[open - 1], maxes[open]);
        ticksInOpen = (ticksInOpen + 1) % STRIDE;
    }

    /**
     * @return the absolute number of the first block held; {@link #end()} when none.
     */
    long first()
    {
        return forgotten;
    }

    /**
     * @return one past the absolute number of the last block (the open one).
     */
    long end()
    {
        return forgotten + count;
    }

    long start(final long block)
    {
        return starts[slot(block)];
    }

    long min(final long block)
    {
        return mins[slot(block)];
    }

    /**
     * @return the block of the tick at {@code journalIndex}: the last one starting at or before it (the first block
     * for an index before it).
     */
    long blockOf(final long journalIndex)
    {
        int low = 0;
        int high = count - 1;
        while (low < high)
        {
            final int mid = (low + high + 1) >>> 1;
            if (starts[mid] <= journalIndex)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }
        return forgotten + low;
    }

    /**
     * @return the first block with a tick at or after {@code micros}; the last block when none has.
     */
    long firstReaching(final long micros)
    {
        int low = 0;
        int high = count - 1;
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (prefixMaxes[mid] >= micros)
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }
        return forgotten + low;
    }

    /**
     * A linear scan: a replay calls it once per run of blocks it reads, so over a whole replay it visits each block
     * once (all 100,000 blocks of 400 million ticks: about 20 µs).
     *
     * @return the first block at or after {@code block} that may hold a tick with {@code from <= ts <= to};
     * {@link #end()} when none does.
     */
    long nextCandidate(final long block, final long fromMicros, final long toMicros)
    {
        for (int i = slot(Math.max(block, forgotten)); i < count; i++)
        {
            if (maxes[i] >= fromMicros && mins[i] <= toMicros)
            {
                return forgotten + i;
            }
        }
        return end();
    }

    /**
     * Drop the blocks wholly before {@code journalIndex}, the first index the journal still holds; a block it cuts
     * through starts there now (its time range stays as it was: wider than its remaining ticks need, never
     * narrower).
     */
    void forgetBefore(final long journalIndex)
    {
        if (0 == count || journalIndex <= starts[0])
        {
            return;
        }
        final int drop = slot(blockOf(journalIndex));
        count -= drop;
        forgotten += drop;
        System.arraycopy(starts, drop, starts, 0, count);
        System.arraycopy(mins, drop, mins, 0, count);
        System.arraycopy(maxes, drop, maxes, 0, count);
        starts[0] = journalIndex;
        rebuildPrefixMaxes();
    }

    /**
     * Put the blocks of the journal before this index's first in front of its own: how the history indexed on
     * another thread joins the blocks the live reader has built since. Block numbers held so far stay valid (the
     * older blocks take the numbers before them); a partial last block of {@code older} stays a block of its own.
     *
     * @param older the blocks of the journal up to where this index starts; not used afterwards.
     */
    void prepend(final TimeBlocks older)
    {
        final int total = older.count + count;
        final int capacity = Math.max(INITIAL_BLOCKS, Integer.highestOneBit(Math.max(1, total - 1)) << 1);
        starts = join(older.starts, older.count, starts, count, capacity);
        mins = join(older.mins, older.count, mins, count, capacity);
        maxes = join(older.maxes, older.count, maxes, count, capacity);
        prefixMaxes = new long[capacity];
        forgotten -= older.count;
        count = total;
        rebuildPrefixMaxes();
    }

    /**
     * @return the least event time of any block held.
     */
    long minEventMicros()
    {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < count; i++)
        {
            min = Math.min(min, mins[i]);
        }
        return min;
    }

    private int slot(final long block)
    {
        return (int)(block - forgotten);
    }

    private static long[] join(final long[] first, final int firstCount, final long[] second, final int secondCount,
        final int capacity)
    {
        final long[] joined = new long[capacity];
        System.arraycopy(first, 0, joined, 0, firstCount);
        System.arraycopy(second, 0, joined, firstCount, secondCount);
        return joined;
    }

    private void rebuildPrefixMaxes()
    {
        for (int i = 0; i < count; i++)
        {
            prefixMaxes[i] = 0 == i ? maxes[0] : Math.max(prefixMaxes[i - 1], maxes[i]);
        }
    }

    private void grow()
    {
        final int capacity = 2 * starts.length;
        starts = Arrays.copyOf(starts, capacity);
        mins = Arrays.copyOf(mins, capacity);
        maxes = Arrays.copyOf(maxes, capacity);
        prefixMaxes = Arrays.copyOf(prefixMaxes, capacity);
    }
}
