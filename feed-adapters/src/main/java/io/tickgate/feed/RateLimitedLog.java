package io.tickgate.feed;

import io.tickgate.journal.JournalStatus;
import io.tickgate.journal.JournalWriter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs bad input at most {@code maxPerSecond} times per second ({@link LogRate}) and counts what it held back, so a
 * client that streams garbage cannot flood the log or slow the ingest thread with formatting.
 * <p>
 * <b>Note:</b> not threadsafe; owned by the ingest thread. {@link #suppressed()} may be read from any thread.
 */
public final class RateLimitedLog
{
    private static final Logger LOG = LoggerFactory.getLogger("io.tickgate.feed.ingest");
    private static final int MAX_LOGGED_LINE = 80;

    private final LogRate rate;
    private final StringBuilder lineText = new StringBuilder(MAX_LOGGED_LINE + 3);

    /**
     * @param maxPerSecond most messages logged per second.
     * @param clock        monotonic clock for the one-second windows.
     */
    public RateLimitedLog(final int maxPerSecond, final NanoClock clock)
    {
        this.rate = new LogRate(maxPerSecond, clock);
    }

    /**
     * Ask to log one message now; the caller logs only on true. A refusal is counted as suppressed.
     *
     * @return true when the message may be logged.
     */
    public boolean tryAcquire()
    {
        final long heldBack = rate.tryAcquire();
        if (heldBack > 0)
        {
            LOG.warn("suppressed {} more ingest messages in the last window", heldBack);
        }
        return LogRate.DENIED != heldBack;
    }

    /**
     * Log a rejected line with where it came from, its start made printable.
     *
     * @param source     name of the stream.
     * @param lineNumber 1-based line number in the source.
     * @param error      why it was rejected.
     * @param buffer     holding the line; may be null when the line was not kept.
     * @param offset     of the line.
     * @param length     of the line.
     */
    public void rejected(
        final CharSequence source,
        final long lineNumber,
        final IngestError error,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        if (tryAcquire())
        {
            LOG.warn("{} line {}: rejected {}: {}: \"{}\"",
                source, lineNumber, error.metricLabel(), error.message(), printable(buffer, offset, length));
        }
    }

    /**
     * Log a line that parsed but that the journal writer refused.
     *
     * @param source     name of the stream.
     * @param lineNumber 1-based line number in the source.
     * @param code       the writer's negative result code.
     */
    public void journalRefused(final CharSequence source, final long lineNumber, final long code)
    {
        if (tryAcquire())
        {
            LOG.warn("{} line {}: journal refused the tick: {}{}", source, lineNumber, JournalStatus.describe(code),
                JournalWriter.DISK_LOW == code || JournalWriter.JOURNAL_FAILED == code ?
                " (the journal writer's state says why; it resumes by itself)" : "");
        }
    }

    /**
     * @return messages not logged because of the rate limit, since start.
     */
    public long suppressed()
    {
        return rate.heldBackTotal();
    }

    private String printable(final DirectBuffer buffer, final int offset, final int length)
    {
        lineText.setLength(0);
        if (null != buffer)
        {
            final int shown = Math.min(length, MAX_LOGGED_LINE);
            for (int i = 0; i < shown; i++)
            {
                final byte b = buffer.getByte(offset + i);
                lineText.append(b >= 0x20 && b < 0x7F ? (char)b : '?');
            }
            if (shown < length)
            {
                lineText.append("...");
            }
        }
        return lineText.toString();
    }
}
