package io.tickgate.gateway.publisher;

import io.tickgate.codec.SymbolTable;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalHandler;
import io.tickgate.journal.JournalReader;

/**
 * Which journal records a replay reads: from its start, only the {@link TimeBlocks} whose range of event times meets
 * the replay's (its reader is moved over the others), and nothing past its bound: the live reader's position, fixed
 * when a bounded replay starts, followed by a live one. Skipping is only a saving: a block it cannot skip (a move the
 * journal refuses) is read and filtered like any other.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class ReplayCursor implements AutoCloseable
{
    private final Journal journal;
    private final SymbolTable symbols;
    private final TimeBlocks blocks;
    private final long fromMicros;
    private final long toMicros;
    private final long fixedBound;
    private JournalReader reader;
    private long block;
    private long blockEnd = Long.MAX_VALUE;
    private boolean done;

    /**
     * @param fromMicros the earliest event time wanted, {@link Long#MIN_VALUE} for any.
     * @param toMicros   the latest event time wanted, {@link Long#MAX_VALUE} for any.
     * @param fixedBound the last journal index to read whatever the live reader does ({@link Long#MAX_VALUE} to
     *                   follow the live reader).
     */
    ReplayCursor(
        final Journal journal,
        final SymbolTable symbols,
        final TimeBlocks blocks,
        final long fromMicros,
        final long toMicros,
        final long fixedBound)
    {
        this.journal = journal;
        this.symbols = symbols;
        this.blocks = blocks;
        this.fromMicros = fromMicros;
        this.toMicros = toMicros;
        this.fixedBound = fixedBound;
        this.reader = journal.reader(symbols);
    }

    /**
     * Move to {@code journalIndex}, or to the first block after it that may hold a wanted tick. When the journal no
     * longer holds that index (its cycle was deleted), start at the journal's first record instead.
     *
     * @param journalIndex where the replay's history starts; {@link Long#MAX_VALUE} for the journal's start.
     */
    void start(final long journalIndex)
    {
        if (Long.MAX_VALUE == journalIndex || blocks.first() == blocks.end())
        {
            return;
        }
        final long first = blocks.blockOf(journalIndex);
        // the last block is read even when it misses the range now: a live replay's ticks may still arrive in it
        block = Math.min(blocks.nextCandidate(first, fromMicros, toMicros), blocks.end() - 1);
        blockEnd = nextStart(block);
        final long target = block == first ? journalIndex : blocks.start(block);
        if (!reader.moveToIndex(target))
        {
            reader.close();
            reader = journal.reader(symbols);
        }
    }

    /**
     * @return true when the event time is in the replay's range.
     */
    boolean inRange(final long eventMicros)
    {
        return eventMicros >= fromMicros && eventMicros <= toMicros;
    }

    /**
     * Read up to {@code limit} records into {@code handler}, moving over the blocks that cannot hold a wanted tick.
     *
     * @param liveIndex the live reader's position.
     * @return records read.
     */
    int poll(final JournalHandler handler, final int limit, final long liveIndex)
    {
        final long bound = Math.min(fixedBound, liveIndex);
        int read = 0;
        while (read < limit && !done)
        {
            final long upTo = Math.min(bound, blockEnd - 1);
            final int wanted = limit - read;
            final int got = reader.poll(handler, wanted, upTo);
            read += got;
            if (got < wanted)
            {
                if (upTo == bound)
                {
                    done = true;
                }
                else
                {
                    nextBlock(bound);
                }
            }
        }
        return read;
    }

    /**
     * @return true when the replay has read everything up to its bound that it may need.
     */
    boolean isDone()
    {
        return done;
    }

    public void close()
    {
        reader.close();
    }

    /**
     * The reader is at the end of its block: go on to the next block that may hold a wanted tick, or be done when
     * none starts at or before the bound.
     */
    private void nextBlock(final long bound)
    {
        final long candidate = blocks.nextCandidate(block + 1, fromMicros, toMicros);
        if (candidate >= blocks.end() || blocks.start(candidate) > bound)
        {
            done = true;
            return;
        }
        // when the journal refuses the move the reader is still at the next block, which is then read through
        block = candidate == block + 1 || reader.moveToIndex(blocks.start(candidate)) ? candidate :
            Math.max(block + 1, blocks.first());
        blockEnd = nextStart(block);
    }

    /**
     * @return the first index of the block after {@code b}; {@link Long#MAX_VALUE} when {@code b} is still the last.
     */
    private long nextStart(final long b)
    {
        return b + 1 < blocks.end() ? blocks.start(b + 1) : Long.MAX_VALUE;
    }
}
