package io.tickgate.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Decides whether the writer may append: it refuses with {@link JournalWriter#DISK_LOW} while the journal's file
 * system has less usable space than {@link WriterOptions#minFreeDiskBytes()}, and with
 * {@link JournalWriter#JOURNAL_FAILED} after a write threw (a mapping that failed, a full disk Chronicle met first).
 * Free space is read at most every {@link #CHECK_INTERVAL_MILLIS} and before the writer maps a new cycle; a failed
 * write is retried at the next check, so the writer resumes by itself once space is back. State changes are logged
 * once each; the state itself is in {@link JournalStatus}.
 * <b>Note:</b> not threadsafe; owned by the writer's thread.
 */
final class WriteGuard
{
    static final long CHECK_INTERVAL_MILLIS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(WriteGuard.class);

    /**
     * The usable bytes of the journal's file system (a seam for tests of the resume path).
     */
    @FunctionalInterface
    interface UsableSpace
    {
        long bytes() throws IOException;
    }

    private final long minFreeBytes;
    private final UsableSpace usableSpace;
    private final JournalStatus status;
    private long nextCheckMillis = Long.MIN_VALUE;

    WriteGuard(final long minFreeBytes, final UsableSpace usableSpace, final JournalStatus status)
    {
        this.minFreeBytes = minFreeBytes;
        this.usableSpace = usableSpace;
        this.status = status;
    }

    boolean due(final long nowMillis)
    {
        return nowMillis >= nextCheckMillis;
    }

    /**
     * Read the free space (when the guard is on) and decide.
     *
     * @param nowMillis the journal's time.
     * @return 0 when the writer may append, else the refusal code.
     */
    long check(final long nowMillis)
    {
        nextCheckMillis = nowMillis + CHECK_INTERVAL_MILLIS;
        if (minFreeBytes > 0)
        {
            final long usable;
            try
            {
                usable = usableSpace.bytes();
            }
            catch (final IOException ex)
            {
                return refuse(JournalWriter.JOURNAL_FAILED, "cannot read the free disk space: " + ex, nowMillis);
            }
            if (usable < minFreeBytes)
            {
                return refuse(JournalWriter.DISK_LOW, usable + " bytes usable on the journal's disk, below the " +
                    minFreeBytes + " it keeps free (--min-free-disk)", nowMillis);
            }
        }
        if (status.accept())
        {
            LOG.info("journal accepts appends again");
        }
        return 0;
    }

    /**
     * A write threw: refuse until the next check.
     *
     * @param failure   what was thrown.
     * @param nowMillis the journal's time.
     */
    void failed(final Throwable failure, final long nowMillis)
    {
        nextCheckMillis = nowMillis + CHECK_INTERVAL_MILLIS;
        if (status.refuse(JournalWriter.JOURNAL_FAILED, "journal write failed: " + failure, nowMillis))
        {
            LOG.error("journal write failed; appends are refused and retried every {} ms", CHECK_INTERVAL_MILLIS,
                failure);
        }
    }

    private long refuse(final long code, final String reason, final long nowMillis)
    {
        if (status.refuse(code, reason, nowMillis))
        {
            LOG.warn("journal refuses appends: {}", reason);
        }
        return code;
    }
}
