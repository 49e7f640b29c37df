package io.tickgate.journal;

import io.tickgate.codec.SymbolTable;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.nio.file.Path;

/**
 * A journal directory: a Chronicle Queue of tick and symbol-definition records. Several processes may open the same
 * directory; at most one of them writes (see {@link JournalWriter}).
 */
public final class Journal implements AutoCloseable
{
    public static final int DEFAULT_SYMBOL_CAPACITY = 65_536;

    private final Path directory;
    private final ChronicleQueue queue;

    private Journal(final Path directory, final ChronicleQueue queue)
    {
        this.directory = directory;
        this.queue = queue;
    }

    /**
     * Open or create the journal in a directory.
     *
     * @param directory holding the queue's files; created when missing.
     * @return the open journal.
     */
    public static Journal open(final Path directory)
    {
        final SingleChronicleQueueBuilder builder = ChronicleQueue.singleBuilder(directory.toFile())
            .rollCycle(RollCycles.FAST_DAILY);
        return new Journal(directory, builder.build());
    }

    public Path directory()
    {
        return directory;
    }

    /**
     * @param symbolCapacity the most symbols the reader's table can hold.
     * @return a reader positioned at the start of the journal.
     */
    public JournalReader reader(final int symbolCapacity)
    {
        return new JournalReader(queue.createTailer(), new SymbolTable(symbolCapacity));
    }

    /**
     * A second reader for a thread that already has the journal's symbols, e.g. to replay history beside a live
     * reader; definitions it meets again are idempotent.
     *
     * @param symbols the table to share, owned by the calling thread.
     * @return a reader positioned at the start of the journal.
     */
    public JournalReader reader(final SymbolTable symbols)
    {
        return new JournalReader(queue.createTailer(), symbols);
    }

    /**
     * Take the journal's single-writer lock and rebuild the symbol table and per-symbol seqs by reading the journal.
     *
     * @param symbolCapacity the most symbols the journal may define.
     * @return the writer, owned by the calling thread.
     * @throws JournalLockedException when another writer holds the journal.
     */
    public JournalWriter writer(final int symbolCapacity)
    {
        return new JournalWriter(this, symbolCapacity);
    }

    /**
     * How many records (ticks and symbol definitions) the journal holds now; it counts index entries, without
     * reading the records, so it is cheap enough for a progress estimate.
     *
     * @return the record count at the time of the call.
     */
    public long recordCount()
    {
        return ((SingleChronicleQueue)queue).entryCount();
    }

    ChronicleQueue queue()
    {
        return queue;
    }

    public void close()
    {
        queue.close();
    }
}
