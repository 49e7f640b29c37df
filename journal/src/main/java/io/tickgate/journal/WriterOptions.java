package io.tickgate.journal;

/**
 * How a {@link JournalWriter} bounds the journal.
 *
 * @param symbolCapacity   the most symbols the journal may define.
 * @param retainCycles     keep at most this many roll cycles (day files), deleting the oldest; 0 keeps all.
 * @param retainBytes      delete the oldest cycles while the cycle files take more than this; 0 keeps all.
 * @param minFreeDiskBytes refuse appends ({@link JournalWriter#DISK_LOW}) while the journal's file system has less
 *                         usable space than this; 0 turns the guard off.
 */
public record WriterOptions(int symbolCapacity, int retainCycles, long retainBytes, long minFreeDiskBytes)
{
    /**
     * 1 GiB: room for Chronicle to map the next chunks of the day file and roll to a new one, and about half an hour
     * of the demo's rate (~0.5 MB/s) for an operator to react, while being a small share of any disk a journal should
     * live on.
     */
    public static final long DEFAULT_MIN_FREE_DISK_BYTES = 1L << 30;

    public WriterOptions
    {
        if (symbolCapacity < 1)
        {
            throw new IllegalArgumentException("symbol capacity must be positive: " + symbolCapacity);
        }
        if (retainCycles < 0 || retainBytes < 0 || minFreeDiskBytes < 0)
        {
            throw new IllegalArgumentException("retention and free-disk bounds must be 0 (off) or positive: " +
                retainCycles + ", " + retainBytes + ", " + minFreeDiskBytes);
        }
    }

    /**
     * @param symbolCapacity the most symbols the journal may define.
     * @return keep every cycle, refuse appends below {@link #DEFAULT_MIN_FREE_DISK_BYTES}.
     */
    public static WriterOptions of(final int symbolCapacity)
    {
        return new WriterOptions(symbolCapacity, 0, 0, DEFAULT_MIN_FREE_DISK_BYTES);
    }

    public WriterOptions retainCycles(final int cycles)
    {
        return new WriterOptions(symbolCapacity, cycles, retainBytes, minFreeDiskBytes);
    }

    public WriterOptions retainBytes(final long bytes)
    {
        return new WriterOptions(symbolCapacity, retainCycles, bytes, minFreeDiskBytes);
    }

    public WriterOptions minFreeDiskBytes(final long bytes)
    {
        return new WriterOptions(symbolCapacity, retainCycles, retainBytes, bytes);
    }
}
