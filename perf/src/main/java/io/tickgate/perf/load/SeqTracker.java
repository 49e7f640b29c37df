package io.tickgate.perf.load;

import io.tickgate.perf.protocol.SymbolIndex;

/**
 * Checks per-symbol seqs on one connection against protocol v1: in {@code full} mode each tick's seq must be exactly
 * one more than the last seen (snapshot or tick) for that symbol; in conflated mode seqs may skip but never repeat
 * or go backwards. The first message of a symbol (snapshot, or a tick when the symbol had no last value) sets the
 * baseline. Symbols are dense indexes from {@link SymbolIndex}. <b>Note:</b> not threadsafe; one per connection.
 */
public final class SeqTracker
{
    public static final int OK = 0;
    public static final int FIRST = 1;
    public static final int GAP = 2;
    public static final int DUPLICATE = 3;
    public static final int BACKWARDS = 4;

    private final boolean full;
    private final long[] last;
    private long gapEvents;
    private long missing;
    private long duplicates;
    private long backwards;

    /**
     * @param symbols how many symbol indexes there are.
     * @param full    true for full mode (every seq), false for conflated.
     */
    public SeqTracker(final int symbols, final boolean full)
    {
        this.full = full;
        this.last = new long[symbols];
    }

    /**
     * @param symbol index of the symbol.
     * @param seq    the snapshot's seq.
     * @return {@link #FIRST}, {@link #OK}, {@link #DUPLICATE} or {@link #BACKWARDS}.
     */
    int onSnapshot(final int symbol, final long seq)
    {
        final long previous = last[symbol];
        if (0 == previous)
        {
            last[symbol] = seq;
            return FIRST;
        }
        return compare(symbol, previous, seq, false);
    }

    /**
     * @param symbol index of the symbol.
     * @param seq    the tick's seq.
     * @return {@link #FIRST}, {@link #OK}, {@link #GAP} (full mode only), {@link #DUPLICATE} or {@link #BACKWARDS}.
     */
    public int onTick(final int symbol, final long seq)
    {
        final long previous = last[symbol];
        if (0 == previous)
        {
            last[symbol] = seq;
            return FIRST;
        }
        return compare(symbol, previous, seq, full);
    }

    private int compare(final int symbol, final long previous, final long seq, final boolean strict)
    {
        if (seq == previous + 1)
        {
            last[symbol] = seq;
            return OK;
        }
        if (seq > previous)
        {
            last[symbol] = seq;
            if (strict)
            {
                gapEvents++;
                missing += seq - previous - 1;
                return GAP;
            }
            return OK;
        }
        if (seq == previous)
        {
            duplicates++;
            return DUPLICATE;
        }
        backwards++;
        return BACKWARDS;
    }

    /** @return how many times a full-mode seq jumped. */
    long gapEvents()
    {
        return gapEvents;
    }

    /** @return how many seqs were skipped in total by those jumps. */
    long missing()
    {
        return missing;
    }

    long duplicates()
    {
        return duplicates;
    }

    long backwards()
    {
        return backwards;
    }

    /** @return the last seq seen for a symbol, 0 when none. */
    long last(final int symbol)
    {
        return last[symbol];
    }
}
