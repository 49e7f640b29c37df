package io.tickgate.journal;

import io.tickgate.codec.SymbolTable;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A journal directory: a Chronicle Queue of tick and symbol-definition records, one file per day (roll cycle), each
 * starting with a cycle header that makes it readable on its own. Several processes may open the same directory; at
 * most one of them writes (see {@link JournalWriter}).
 */
public final class Journal implements AutoCloseable
{
    public static final int DEFAULT_SYMBOL_CAPACITY = 65_536;

    private final Path directory;
    private final PinnableTime time;
    private final SingleChronicleQueue queue;

    private Journal(final Path directory, final PinnableTime time, final SingleChronicleQueue queue)
    {
        this.directory = directory;
        this.time = time;
        this.queue = queue;
    }

    /**
     * Open or create the journal in a directory, on the system clock.
     *
     * @param directory holding the queue's files; created when missing.
     * @return the open journal.
     */
    public static Journal open(final Path directory)
    {
        return open(directory, SystemTimeProvider.CLOCK);
    }

    /**
     * Open or create the journal in a directory on a given clock, which decides the day file each record goes to
     * and paces the writer's disk and retention checks: a test can write several days in milliseconds.
     *
     * @param directory holding the queue's files; created when missing.
     * @param clock     the time source, e.g. Chronicle's {@code SetTimeProvider} in tests.
     * @return the open journal.
     */
    public static Journal open(final Path directory, final TimeProvider clock)
    {
        final PinnableTime time = new PinnableTime(clock);
        return new Journal(directory, time, ChronicleQueue.singleBuilder(directory.toFile())
            .rollCycle(RollCycles.FAST_DAILY)
            .timeProvider(time)
            .build());
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
     * A reader that starts at the newest cycle header rather than at the start: it first meets every symbol's
     * definition ({@link JournalHandler#onSymbol}) and each symbol's last tick ({@link JournalHandler#onCarried}),
     * then the ticks journaled since, so it learns the journal's current state by reading one day file at most,
     * e.g. to seed a last-value cache. On a journal without headers (written before they existed) it starts at the
     * start, which gives the same state the long way.
     *
     * @param symbolCapacity the most symbols the reader's table can hold.
     * @return a reader positioned at the newest complete cycle header.
     */
    public JournalReader readerFromNewestHeader(final int symbolCapacity)
    {
        final JournalReader reader = reader(symbolCapacity);
        final long start = newestHeaderIndex();
        if (start >= 0 && !reader.moveToIndex(start))
        {
            reader.close();
            throw new IllegalStateException("journal " + directory + ": index " + start + " vanished while opening");
        }
        return reader;
    }

    /**
     * Where {@link #readerFromNewestHeader} starts: the first index of the newest cycle that starts with a complete
     * header. Cold path: it lists the cycles and reads their headers, newest first.
     *
     * @return the journal index of that header's marker, or -1 when no cycle has one (an empty journal, or one
     * written before headers existed).
     */
    public long newestHeaderIndex()
    {
        final CycleHeaders headers = new CycleHeaders(queue);
        final int cycle = headers.newest();
        return CycleHeaders.NONE == cycle ? -1 : headers.firstIndex(cycle);
    }

    /**
     * Where a reader that trails the journal by a fixed time starts: the newest complete cycle header of a cycle
     * (day) that began at or before {@code epochMillis}. Every record before it was journaled before that day, so
     * the header's carried values are at least as old as the time. Cold path, like {@link #newestHeaderIndex()}.
     *
     * @param epochMillis a time, in ms since the epoch, on the clock that decides the journal's days.
     * @return the journal index of that header's marker, or -1 when no cycle that old has one.
     */
    public long headerIndexAtOrBefore(final long epochMillis)
    {
        final CycleHeaders headers = new CycleHeaders(queue);
        final long cycle = Math.floorDiv(epochMillis - queue.epoch(), (long)queue.rollCycle().lengthInMillis());
        final int found = cycle < 0 ? CycleHeaders.NONE :
            headers.newestAtOrBefore((int)Math.min(Integer.MAX_VALUE, cycle));
        return CycleHeaders.NONE == found ? -1 : headers.firstIndex(found);
    }

    /**
     * The journal's first index now: it moves forward when retention deletes the oldest cycles. Cheap enough to poll
     * once a second (the queue's directory listing, shared with other processes through its metadata file, is
     * re-read from disk at most once a minute).
     *
     * @return the first record's index, or {@link Long#MAX_VALUE} while the journal is empty.
     */
    public long firstIndex()
    {
        return queue.firstIndex();
    }

    /**
     * {@link #writer(WriterOptions)} keeping every cycle, with the default free-disk guard.
     *
     * @param symbolCapacity the most symbols the journal may define.
     * @return the writer, owned by the calling thread.
     * @throws JournalLockedException when another writer holds the journal.
     */
    public JournalWriter writer(final int symbolCapacity)
    {
        return writer(WriterOptions.of(symbolCapacity));
    }

    /**
     * Take the journal's single-writer lock and rebuild the symbol table, the per-symbol seqs and last values by
     * reading from the newest cycle header (the whole journal when it has none).
     *
     * @param options the symbol capacity, retention and free-disk bounds.
     * @return the writer, owned by the calling thread.
     * @throws JournalLockedException when another writer holds the journal.
     */
    public JournalWriter writer(final WriterOptions options)
    {
        return writer(options, usableSpace(directory));
    }

    JournalWriter writer(final WriterOptions options, final WriteGuard.UsableSpace usableSpace)
    {
        return new JournalWriter(this, options, usableSpace);
    }

    /**
     * How many records (ticks and symbol definitions) the journal holds now; it counts index entries, without
     * reading the records, so it is cheap enough for a progress estimate.
     *
     * @return the record count at the time of the call.
     */
    public long recordCount()
    {
        return queue.entryCount();
    }

    /**
     * How far a reader that has read up to {@code index} is behind the journal's last record; it counts index
     * entries, without reading the records, so a scrape may ask. Any thread.
     *
     * @param index the last index the reader read, -1 before the first.
     * @return records after {@code index}, up to and including the last one journaled.
     */
    public long recordsAfter(final long index)
    {
        final long last = queue.lastIndex();
        if (last < 0 || last <= index)
        {
            return 0;
        }
        // from inclusive, to exclusive: index's own record out, the last one in
        return index < 0 ? queue.entryCount() : queue.countExcerpts(index, last);
    }

    SingleChronicleQueue queue()
    {
        return queue;
    }

    PinnableTime time()
    {
        return time;
    }

    public void close()
    {
        queue.close();
    }

    private static WriteGuard.UsableSpace usableSpace(final Path directory)
    {
        try
        {
            final FileStore store = Files.getFileStore(directory);
            return store::getUsableSpace;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot find the file system of journal " + directory, ex);
        }
    }
}
