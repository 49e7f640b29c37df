package io.tickgate.feed;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What an ingest has done, readable from any thread (metrics, CLI summary) while it runs.
 * <p>
 * <b>Note:</b> single writer: only the thread that owns the ingest increments, with a plain read and an ordered
 * write (no locked instruction on the hot path); any thread may read.
 */
public final class IngestCounters
{
    private static final int ACCEPTED = 0;
    private static final int SKIPPED = 1;
    private static final int JOURNAL_REFUSED = 2;
    private static final int PARTIAL_LINES_DROPPED = 3;
    private static final int CONNECTIONS_ACCEPTED = 4;
    private static final int CONNECTIONS_REFUSED = 5;
    private static final int CONNECTIONS_CLOSED = 6;
    private static final int CONNECTIONS_IDLE_CLOSED = 7;
    private static final int TS_CLAMPED = 8;
    private static final int TS_FUTURE_ACCEPTED = 9;
    private static final int REJECTED_BASE = 10;

    private final AtomicLongArray counts = new AtomicLongArray(REJECTED_BASE + IngestError.count());

    void onAccepted()
    {
        increment(ACCEPTED);
    }

    void onSkipped()
    {
        increment(SKIPPED);
    }

    void onRejected(final IngestError error)
    {
        increment(REJECTED_BASE + error.ordinal());
    }

    void onJournalRefused()
    {
        increment(JOURNAL_REFUSED);
    }

    void onFutureTs(final TsSkewPolicy.Action action)
    {
        increment(TsSkewPolicy.Action.CLAMP == action ? TS_CLAMPED : TS_FUTURE_ACCEPTED);
    }

    void onPartialLineDropped()
    {
        increment(PARTIAL_LINES_DROPPED);
    }

    void onConnectionAccepted()
    {
        increment(CONNECTIONS_ACCEPTED);
    }

    void onConnectionRefused()
    {
        increment(CONNECTIONS_REFUSED);
    }

    void onConnectionClosed()
    {
        increment(CONNECTIONS_CLOSED);
    }

    void onConnectionIdleClosed()
    {
        increment(CONNECTIONS_IDLE_CLOSED);
    }

    /**
     * @return lines journaled.
     */
    public long accepted()
    {
        return counts.get(ACCEPTED);
    }

    /**
     * @return header, comment and empty lines.
     */
    public long skipped()
    {
        return counts.get(SKIPPED);
    }

    /**
     * @param error kind of rejection.
     * @return malformed lines of that kind.
     */
    public long rejected(final IngestError error)
    {
        return counts.get(REJECTED_BASE + error.ordinal());
    }

    /**
     * @return malformed lines of every kind.
     */
    public long rejectedTotal()
    {
        long total = 0;
        for (int i = REJECTED_BASE; i < counts.length(); i++)
        {
            total += counts.get(i);
        }
        return total;
    }

    /**
     * @return tick lines refused for any reason: malformed ({@link #rejectedTotal()}) or refused by the journal.
     */
    public long refused()
    {
        return rejectedTotal() + journalRefused();
    }

    /**
     * @param action what the ingest did with a tick whose {@code ts} was too far ahead.
     * @return how many such ticks it rejected, clamped or accepted.
     */
    public long futureTs(final TsSkewPolicy.Action action)
    {
        return switch (action)
        {
            case REJECT -> rejected(IngestError.TS_IN_FUTURE);
            case CLAMP -> counts.get(TS_CLAMPED);
            case ACCEPT -> counts.get(TS_FUTURE_ACCEPTED);
        };
    }

    /**
     * The same counts as an acknowledgement line of TCP ingest, for the end of a {@code feed csv}.
     *
     * @return {@code accepted N rejected M skipped K}, rejected being every refused tick line.
     */
    public String summary()
    {
        return "accepted " + accepted() + " rejected " + refused() + " skipped " + skipped();
    }

    /**
     * @return well-formed ticks the journal writer refused, e.g. because its symbol table is full.
     */
    public long journalRefused()
    {
        return counts.get(JOURNAL_REFUSED);
    }

    /**
     * @return incomplete last lines dropped because a TCP client disconnected mid-line.
     */
    public long partialLinesDropped()
    {
        return counts.get(PARTIAL_LINES_DROPPED);
    }

    /**
     * @return TCP connections accepted.
     */
    public long connectionsAccepted()
    {
        return counts.get(CONNECTIONS_ACCEPTED);
    }

    /**
     * @return TCP connections closed at once because the server was at its connection limit.
     */
    public long connectionsRefused()
    {
        return counts.get(CONNECTIONS_REFUSED);
    }

    /**
     * @return TCP connections the server closed because they sent nothing for the idle timeout.
     */
    public long connectionsIdleClosed()
    {
        return counts.get(CONNECTIONS_IDLE_CLOSED);
    }

    /**
     * @return accepted TCP connections that have since closed.
     */
    public long connectionsClosed()
    {
        return counts.get(CONNECTIONS_CLOSED);
    }

    /**
     * Cold-path summary for logs and the CLI.
     *
     * @return e.g. {@code accepted=10 skipped=1 rejected=2 (bad_price=2) journalRefused=0}, then the future
     * timestamps clamped or accepted, when there were any.
     */
    public String toString()
    {
        final StringBuilder sb = new StringBuilder()
            .append("accepted=").append(accepted())
            .append(" skipped=").append(skipped())
            .append(" rejected=").append(rejectedTotal());
        String separator = " (";
        for (int i = 0; i < IngestError.count(); i++)
        {
            final IngestError error = IngestError.get(i);
            final long count = rejected(error);
            if (count > 0)
            {
                sb.append(separator).append(error.metricLabel()).append('=').append(count);
                separator = " ";
            }
        }
        if (!" (".equals(separator))
        {
            sb.append(')');
        }
        sb.append(" journalRefused=").append(journalRefused());
        appendIfAny(sb, " futureTsClamped=", futureTs(TsSkewPolicy.Action.CLAMP));
        appendIfAny(sb, " futureTsAccepted=", futureTs(TsSkewPolicy.Action.ACCEPT));
        return sb.toString();
    }

    private static void appendIfAny(final StringBuilder sb, final String name, final long count)
    {
        if (count > 0)
        {
            sb.append(name).append(count);
        }
    }

    private void increment(final int index)
    {
        counts.lazySet(index, counts.get(index) + 1);
    }
}
