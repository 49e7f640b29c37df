package io.tickgate.gateway.publisher;

import io.tickgate.codec.TickDecoder;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalHandler;
import io.tickgate.journal.JournalReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes the journal's days before the newest cycle header, where the publisher's live reader starts, on a thread
 * of its own ({@code tickgate-history}), so the gateway serves as soon as it has read one day and replays into older
 * days still find their blocks and seq samples. It reads with its own reader and fills a {@link JournalIndex} that
 * no other thread touches until it is handed over through a volatile field; the publisher then joins it to its own
 * ({@link JournalIndex#prepend}) on its thread. Its memory is that of the index it builds (32 bytes per 4096 ticks,
 * 16 per 1024 seqs of a symbol), which the live index would have held anyway, plus one symbol-capacity table of
 * firsts while it runs.
 * <p>
 * On a failure the history is handed over empty and marked incomplete: requests for it are then refused as outside
 * the journal, never answered from the wrong place.
 */
final class HistoryIndexer implements Runnable, JournalHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(HistoryIndexer.class);
    private static final int BATCH = 4096;

    private final Journal journal;
    private final int symbolCapacity;
    private final long endIndex;
    private final JournalIndex index;
    private volatile boolean stopped;
    private volatile JournalIndex done;
    private volatile long recordsRead;
    private Thread thread;

    /**
     * @param endIndex the first index not to read: where the live reader started.
     */
    HistoryIndexer(final Journal journal, final int symbolCapacity, final long endIndex)
    {
        this.journal = journal;
        this.symbolCapacity = symbolCapacity;
        this.endIndex = endIndex;
        this.index = new JournalIndex(symbolCapacity);
    }

    /**
     * Start indexing, once; later calls do nothing.
     */
    void start()
    {
        if (null != thread)
        {
            return;
        }
        thread = new Thread(this, "tickgate-history");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * @return the finished index, once (the caller owns it from then on); null while it is being built.
     */
    JournalIndex take()
    {
        final JournalIndex finished = done;
        done = null;
        return finished;
    }

    /**
     * @return journal records read so far; any thread.
     */
    long recordsRead()
    {
        return recordsRead;
    }

    public void run()
    {
        final long startNs = System.nanoTime();
        try (JournalReader reader = journal.reader(symbolCapacity))
        {
            long read = 0;
            for (int got; !stopped && (got = reader.poll(this, BATCH, endIndex - 1)) > 0; )
            {
                read += got;
                recordsRead = read;
            }
            if (stopped)
            {
                return;
            }
            LOG.info("journal history indexed for replays: {} records in {} ms", read,
                (System.nanoTime() - startNs) / 1_000_000);
        }
        catch (final RuntimeException ex)
        {
            LOG.error("indexing the journal's history failed; replays before the newest day are refused", ex);
            index.markIncomplete();
        }
        done = index;
    }

    public void onTick(final TickDecoder tick, final long journalIndex)
    {
        index.onTick(tick, journalIndex);
    }

    /**
     * Stop reading and wait for the thread; the index is not handed over complete.
     */
    void close()
    {
        stopped = true;
        if (null != thread)
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
