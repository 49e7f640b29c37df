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

    /**
     * @param writer   journals accepted ticks; owned by the calling thread.
     * @param counters counts outcomes.
     * @param log      logs bad lines, rate limited.
     * @param clock    stamps each tick's ingest time (epoch nanos); use a zero-allocation clock such as
     *                 {@link org.agrona.concurrent.OffsetEpochNanoClock}: {@code SystemEpochNanoClock} allocates an
     *                 {@code Instant} per call unless escape analysis removes it.
     * @param pacer    delays each tick until its event time is due, or null to go as fast as possible.
     */
    public CsvIngest(
        final JournalWriter writer,
        final IngestCounters counters,
        final RateLimitedLog log,
        final EpochNanoClock clock,
        final EventTimePacer pacer)
    {
        this.writer = writer;
        this.counters = counters;
        this.log = log;
        this.clock = clock;
        this.pacer = pacer;
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
        onLine(source, lineNumber, buffer, offset, length, null);
    }

    /**
     * A line from a source that may define only so many symbols the journal does not know yet (a TCP client), so
     * one client cannot fill the symbol table for good.
     *
     * @param newSymbols what the source may still define, or null for no limit.
     */
    public void onLine(
        final CharSequence source,
        final long lineNumber,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final NewSymbolBudget newSymbols)
    {
        final int result = parser.parse(buffer, offset, length, 1 == lineNumber);
        if (CsvTickParser.PARSED == result && null != newSymbols &&
            writer.symbols().lookup(buffer, parser.symbolOffset(), parser.symbolLength()) < 0 && !newSymbols.tryTake())
        {
            counters.onRejected(IngestError.NEW_SYMBOL_LIMIT);
            log.rejected(source, lineNumber, IngestError.NEW_SYMBOL_LIMIT, buffer, offset, length);
        }
        else if (CsvTickParser.PARSED == result)
        {
            if (null != pacer)
            {
                pacer.awaitEventTime(parser.fields().eventTimeMicros);
            }
            final long seq = writer.append(
                buffer, parser.symbolOffset(), parser.symbolLength(), parser.fields(), clock.nanoTime());
            if (seq > 0)
            {
                counters.onAccepted();
            }
            else
            {
                counters.onJournalRefused();
                log.journalRefused(source, lineNumber, seq);
            }
        }
        else if (CsvTickParser.SKIPPED == result)
        {
            counters.onSkipped();
        }
        else
        {
            final IngestError error = IngestError.get(result);
            counters.onRejected(error);
            log.rejected(source, lineNumber, error, buffer, offset, length);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onLineTooLong(final CharSequence source, final long lineNumber)
    {
        counters.onRejected(IngestError.LINE_TOO_LONG);
        log.rejected(source, lineNumber, IngestError.LINE_TOO_LONG, null, 0, 0);
    }
}
