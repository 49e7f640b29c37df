package io.tickgate.feed;

import io.tickgate.journal.JournalWriter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;

/**
 * The one ingest path of every CSV adapter (file, stdin, TCP): each line from a {@link LineFramer} is parsed, then
 * journaled, counted, and logged when bad. Bad lines never stop the stream.
 * <p>
 * <b>Note:</b> not threadsafe; runs on the thread that owns the {@link JournalWriter}.
 */
public final class CsvIngest implements LineHandler
{
    private final CsvTickParser parser = new CsvTickParser();
    private final JournalWriter writer;
    private final IngestCounters counters;
    private final RateLimitedLog log;
    private final EpochNanoClock clock;
    private final EventTimePacer pacer;
    private final TsSkewPolicy tsSkew;

    /**
     * @param writer   journals accepted ticks; owned by the calling thread.
     * @param counters counts outcomes.
     * @param log      logs bad lines, rate limited.
     * @param clock    stamps each tick's ingest time (epoch nanos), the reference of {@code tsSkew}; use a
     *                 zero-allocation clock such as
     *                 {@link org.agrona.concurrent.OffsetEpochNanoClock}: {@code SystemEpochNanoClock} allocates an
     *                 {@code Instant} per call unless escape analysis removes it.
     * @param pacer    delays each tick until its event time is due, or null to go as fast as possible.
     * @param tsSkew   what to do with a tick whose {@code ts} is too far ahead of {@code clock}.
     */
    public CsvIngest(
        final JournalWriter writer,
        final IngestCounters counters,
        final RateLimitedLog log,
        final EpochNanoClock clock,
        final EventTimePacer pacer,
        final TsSkewPolicy tsSkew)
    {
        this.writer = writer;
        this.counters = counters;
        this.log = log;
        this.clock = clock;
        this.pacer = pacer;
        this.tsSkew = tsSkew;
    }

    /**
     * @return the counters this ingest updates.
     */
    public IngestCounters counters()
    {
        return counters;
    }

    /**
     * @return the log of bad lines.
     */
    public RateLimitedLog log()
    {
        return log;
    }

    /**
     * {@inheritDoc}
     */
    public void onLine(
        final CharSequence source, final long lineNumber, final DirectBuffer buffer, final int offset, final int length)
    {
        ingest(source, lineNumber, buffer, offset, length, 1 == lineNumber, null);
    }

    /**
     * One line, journaled or counted.
     *
     * @param mayBeHeader true for the line where the source's header may be (its first, bar a leading {@code #ack}).
     * @param newSymbols  what the source may still define of symbols new to the journal, or null for no limit (a TCP
     *                    client has a limit, so one client cannot fill the symbol table for good).
     * @return what became of the line.
     */
    LineOutcome ingest(
        final CharSequence source,
        final long lineNumber,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final boolean mayBeHeader,
        final NewSymbolBudget newSymbols)
    {
        final int result = parser.parse(buffer, offset, length, mayBeHeader);
        if (CsvTickParser.SKIPPED == result)
        {
            counters.onSkipped();
            return LineOutcome.SKIPPED;
        }
        if (CsvTickParser.PARSED != result)
        {
            return reject(source, lineNumber, IngestError.get(result), buffer, offset, length);
        }
        if (null != newSymbols &&
            writer.symbols().lookup(buffer, parser.symbolOffset(), parser.symbolLength()) < 0 && !newSymbols.tryTake())
        {
            return reject(source, lineNumber, IngestError.NEW_SYMBOL_LIMIT, buffer, offset, length);
        }
        if (null != pacer)
        {
            pacer.awaitEventTime(parser.fields().eventTimeMicros);
        }
        final long ingestTimeNanos = clock.nanoTime();
        if (!tsSkew.admit(parser.fields(), ingestTimeNanos, counters))
        {
            return reject(source, lineNumber, IngestError.TS_IN_FUTURE, buffer, offset, length);
        }
        final long seq = writer.append(
            buffer, parser.symbolOffset(), parser.symbolLength(), parser.fields(), ingestTimeNanos);
        if (seq > 0)
        {
            counters.onAccepted();
            return LineOutcome.ACCEPTED;
        }
        counters.onJournalRefused();
        log.journalRefused(source, lineNumber, seq);
        return LineOutcome.REJECTED;
    }

    /**
     * {@inheritDoc}
     */
    public void onLineTooLong(final CharSequence source, final long lineNumber)
    {
        reject(source, lineNumber, IngestError.LINE_TOO_LONG, null, 0, 0);
    }

    private LineOutcome reject(
        final CharSequence source,
        final long lineNumber,
        final IngestError error,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        counters.onRejected(error);
        log.rejected(source, lineNumber, error, buffer, offset, length);
        return LineOutcome.REJECTED;
    }
}
