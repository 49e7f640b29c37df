package io.tickgate.journal;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.NavigableSet;

/**
 * Deletes the oldest whole cycle files while there are more than {@link WriterOptions#retainCycles()} or they take
 * more than {@link WriterOptions#retainBytes()}, on the writer's thread, at each roll and every
 * {@link #CHECK_INTERVAL_MILLIS}. It never deletes the newest cycle nor the one being written, and it deletes only up
 * to a cycle that starts with a complete header, so the oldest cycle left always names every symbol and carries
 * every last seq: a reader from the start still sees correct ids and seqs that continue.
 * <p>
 * Readers in this process are not disturbed: on Linux an unlinked file stays readable through the mapping a tailer
 * holds, and the queue's directory listing is refreshed afterwards so new tailers start at the oldest cycle left.
 * A replay tailer still in a deleted cycle carries on to the next cycle left.
 * <b>Note:</b> not threadsafe; owned by the writer's thread.
 */
final class Retention
{
    static final long CHECK_INTERVAL_MILLIS = 60_000;
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final SingleChronicleQueue queue;
    private final CycleHeaders headers;
    private final int retainCycles;
    private final long retainBytes;
    private final JournalStatus status;
    private final DateTimeFormatter fileNames;
    private long nextCheckMillis = Long.MIN_VALUE;

    Retention(
        final SingleChronicleQueue queue,
        final CycleHeaders headers,
        final WriterOptions options,
        final JournalStatus status)
    {
        this.queue = queue;
        this.headers = headers;
        this.retainCycles = options.retainCycles();
        this.retainBytes = options.retainBytes();
        this.status = status;
        this.fileNames = DateTimeFormatter.ofPattern(queue.rollCycle().format()).withZone(ZoneOffset.UTC);
    }

    /**
     * @param nowMillis the journal's time.
     * @return whether a periodic check is due.
     */
    boolean due(final long nowMillis)
    {
        return nowMillis >= nextCheckMillis && (retainCycles > 0 || retainBytes > 0);
    }

    /**
     * Delete what the bounds say may go.
     *
     * @param nowMillis    the journal's time.
     * @param currentCycle the cycle being written.
     */
    void run(final long nowMillis, final int currentCycle)
    {
        nextCheckMillis = nowMillis + CHECK_INTERVAL_MILLIS;
        if (retainCycles <= 0 && retainBytes <= 0)
        {
            return;
        }
        queue.refreshDirectoryListing();
        final NavigableSet<Long> present = headers.cycles();
        final int count = present.size();
        final int[] cycles = new int[count];
        final long[] sizes = new long[count];
        long total = 0;
        int i = 0;
        for (final Long cycle : present)
        {
            cycles[i] = cycle.intValue();
            sizes[i] = size(file(cycles[i]));
            total += sizes[i++];
        }

        int drop = retainCycles > 0 ? Math.max(0, count - retainCycles) : 0;
        if (retainBytes > 0)
        {
            int oldest = 0;
            while (total > retainBytes && oldest < count)
            {
                total -= sizes[oldest++];
            }
            drop = Math.max(drop, oldest);
        }
        drop = Math.min(drop, count - 1);
        while (drop > 0 && (cycles[drop - 1] >= currentCycle || !headers.startsWithCompleteHeader(cycles[drop])))
        {
            drop--;
        }
        delete(cycles, sizes, drop);
    }

    private void delete(final int[] cycles, final long[] sizes, final int drop)
    {
        if (0 == drop)
        {
            return;
        }
        for (int i = 0; i < drop; i++)
        {
            final Path file = file(cycles[i]);
            try
            {
                Files.delete(file);
                status.countDeleted(sizes[i]);
                LOG.info("journal retention deleted {} ({} bytes)", file, sizes[i]);
            }
            catch (final NoSuchFileException ignore)
            {
                // already gone: nothing to free
            }
            catch (final IOException ex)
            {
                LOG.warn("journal retention cannot delete {}: {}", file, ex.toString());
                break;
            }
        }
        queue.refreshDirectoryListing();
    }

    private Path file(final int cycle)
    {
        final Instant start = Instant.ofEpochMilli(queue.epoch() + (long)cycle * queue.rollCycle().lengthInMillis());
        return queue.file().toPath().resolve(fileNames.format(start) + SingleChronicleQueue.SUFFIX);
    }

    private static long size(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            return 0;
        }
    }
}
