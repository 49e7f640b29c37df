package io.tickgate.feed;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * One TCP ingest connection's counts of tick lines accepted (journaled) and rejected, and, once the client asked with
 * {@code #ack}, the {@code ack ACCEPTED REJECTED\n} lines that report them. A line read after a quiet spell is
 * acknowledged at once; while lines keep coming an acknowledgement goes every {@link #INTERVAL_NS}, so every line is
 * acknowledged within that time of being read and a busy feed gets ten a second, not one per line.
 * <p>
 * Bounded: one line of at most 44 bytes is held, written without blocking. Only the newest counts matter, so a line
 * the socket has taken none of is rewritten with the newest counts (coalesced); one it took part of is finished
 * first. A client that reads nothing costs a retry each interval and never more memory.
 * <p>
 * <b>Note:</b> not threadsafe; owned by the ingest thread.
 */
final class ConnectionAcks
{
    /** How long a line may wait for its acknowledgement, and how often a stuck one is retried. */
    static final long INTERVAL_NS = 100_000_000L;
    /** The due time of nothing. */
    static final long NONE = Long.MAX_VALUE;
    private static final byte[] PREFIX = { 'a', 'c', 'k', ' ' };
    private static final int CAPACITY = PREFIX.length + 19 + 1 + 19 + 1;

    private final ByteBuffer line = ByteBuffer.allocateDirect(CAPACITY).limit(0);
    private final UnsafeBuffer lineView = new UnsafeBuffer(line);
    private boolean enabled;
    private long accepted;
    private long rejected;
    private long sentAccepted;
    private long sentRejected;
    private long lastAckNs = Long.MIN_VALUE / 2;
    private long dueNs = NONE;

    /**
     * The client asked for acknowledgements.
     */
    void enable()
    {
        enabled = true;
    }

    /**
     * @return true once the client asked for acknowledgements.
     */
    boolean enabled()
    {
        return enabled;
    }

    /**
     * @param outcome what became of a tick line (skipped lines are not counted).
     * @param nowNs   the ingest clock.
     */
    void onLine(final LineOutcome outcome, final long nowNs)
    {
        if (LineOutcome.ACCEPTED == outcome)
        {
            accepted++;
        }
        else if (LineOutcome.REJECTED == outcome)
        {
            rejected++;
        }
        else
        {
            return;
        }
        if (enabled && NONE == dueNs)
        {
            dueNs = Math.max(lastAckNs + INTERVAL_NS, nowNs);
        }
    }

    /**
     * @return tick lines of this connection journaled.
     */
    long accepted()
    {
        return accepted;
    }

    /**
     * @return tick lines of this connection refused.
     */
    long rejected()
    {
        return rejected;
    }

    /**
     * @return when the next line should be written, or {@link #NONE}.
     */
    long dueNs()
    {
        return dueNs;
    }

    /**
     * Write an acknowledgement of the newest counts without blocking (finishing first a line the socket took part
     * of). Called when {@link #dueNs()} has come, and for the final one.
     *
     * @param channel the connection, non-blocking.
     * @param nowNs   the ingest clock.
     * @return true when the newest counts are all on their way; false when a line waits for the socket or the
     * counts moved on meanwhile (then written again at {@link #dueNs()}).
     * @throws IOException when the socket fails.
     */
    boolean write(final WritableByteChannel channel, final long nowNs) throws IOException
    {
        if (0 == line.position() || !line.hasRemaining())
        {
            format();
            lastAckNs = nowNs;
        }
        channel.write(line);
        if (line.hasRemaining())
        {
            dueNs = nowNs + INTERVAL_NS; // the client reads nothing: try again later, with the newest counts
            return false;
        }
        if (sentAccepted == accepted && sentRejected == rejected)
        {
            dueNs = NONE;
            return true;
        }
        dueNs = Math.max(lastAckNs + INTERVAL_NS, nowNs);
        return false;
    }

    private void format()
    {
        lineView.putBytes(0, PREFIX);
        int at = PREFIX.length;
        at += lineView.putNaturalLongAscii(at, accepted);
        lineView.putByte(at++, (byte)' ');
        at += lineView.putNaturalLongAscii(at, rejected);
        lineView.putByte(at++, (byte)'\n');
        line.limit(at).position(0);
        sentAccepted = accepted;
        sentRejected = rejected;
    }
}
