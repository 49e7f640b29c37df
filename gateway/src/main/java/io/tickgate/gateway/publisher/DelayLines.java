package io.tickgate.gateway.publisher;

import io.tickgate.codec.SymbolTable;
import io.tickgate.gateway.Command;
import io.tickgate.gateway.DelayMetrics;
import io.tickgate.gateway.ErrorCode;
import io.tickgate.gateway.GatewayContext;
import io.tickgate.gateway.GatewayMetrics;
import io.tickgate.gateway.ws.Frames;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalReader;
import org.agrona.concurrent.EpochNanoClock;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Delayed data: one {@link Line} per delay value in use, shared by every session whose grant has that delay, each
 * with its own journal reader, symbol table, last-value cache, subscriber lists and fan-out, all on the publisher
 * thread (the conflation, the send buffers and the sessions' lifecycle are the live line's). A line opens when the
 * first session with its delay arrives, at the cycle header of the day that holds now less the delay, and reads
 * forward at most {@code pollLimit} records per duty cycle, like the live reader, so catching up never stalls the
 * live fan-out; its sessions' commands wait until it has caught up, so a snapshot is never older than it should be.
 * A line no session uses is closed after {@code --delay-line-grace-ms}; at most {@code --max-delay-lines} are open,
 * and a session with one more delay is refused: {@code LIMIT}, then close 1013.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class DelayLines
{
    private static final long NS_PER_MS = 1_000_000L;

    private final Journal journal;
    private final Line live;
    private final Conflation conflation;
    private final Outbound outbound;
    private final GatewayMetrics metrics;
    private final DelayMetrics delayMetrics;
    private final CycleClock clock;
    private final EpochNanoClock epochClock;
    private final Faults faults;
    private final int symbolCapacity;
    private final int maxLines;
    private final int pollLimit;
    private final long graceNs;
    private final Line[] slots;
    private final List<Line> lines = new ArrayList<>();

    DelayLines(
        final GatewayContext ctx,
        final GatewayMetrics metrics,
        final Journal journal,
        final Line live,
        final Conflation conflation,
        final Outbound outbound,
        final CycleClock clock,
        final Faults faults)
    {
        this.journal = journal;
        this.live = live;
        this.conflation = conflation;
        this.outbound = outbound;
        this.metrics = metrics;
        this.delayMetrics = metrics.delays;
        this.clock = clock;
        this.epochClock = ctx.epochClock();
        this.faults = faults;
        this.symbolCapacity = ctx.symbolCapacity();
        this.maxLines = ctx.maxDelayLines();
        this.pollLimit = ctx.pollLimit();
        this.graceNs = ctx.delayLineGraceMs() * NS_PER_MS;
        this.slots = new Line[GatewayContext.MAX_DELAY_LINES];
    }

    /**
     * The session's line: the one it joined, or, the first time the publisher meets it, the live line or the line
     * of its grant's delay (opened if need be). A session with a delay past the bound on lines is refused.
     *
     * @return the line, or null for a session that is closing or was refused.
     */
    Line lineFor(final Session session)
    {
        final Line joined = session.line();
        if (null != joined || session.isClosed())
        {
            return joined;
        }
        final long delaySeconds = session.grant().delaySeconds();
        Line line = live;
        if (delaySeconds > 0)
        {
            line = find(delaySeconds);
            if (null == line && lines.size() >= maxLines)
            {
                refuse(session, delaySeconds);
                return null;
            }
            if (null == line)
            {
                line = open(delaySeconds);
            }
            line.join();
        }
        session.line(line);
        return line;
    }

    /**
     * The session is leaving: its line has one user less.
     */
    void leave(final Session session)
    {
        final Line line = session.line();
        if (null != line && live != line)
        {
            line.leave(clock.nanoTime());
        }
    }

    /**
     * Each line reads what has come of age, releases its sessions' commands once it has caught up, and is closed
     * once unused for the grace period.
     *
     * @param commands where released commands are carried out.
     * @return records read.
     */
    int poll(final Consumer<Command> commands)
    {
        if (lines.isEmpty())
        {
            return 0;
        }
        final long nowEpochNs = epochClock.nanoTime();
        int work = 0;
        for (int i = lines.size() - 1; i >= 0; i--)
        {
            final Line line = lines.get(i);
            final int read = line.poll(nowEpochNs, pollLimit);
            work += read;
            delayMetrics.lag(line.slot(), line.lagNs());
            if (read < pollLimit && !line.held().isOpen())
            {
                line.held().release(commands);
            }
            if (line.idleFor(graceNs, clock.nanoTime()))
            {
                close(line);
                work++;
            }
        }
        return work;
    }

    /**
     * @return the lines open now; for tests.
     */
    List<Line> lines()
    {
        return lines;
    }

    void close()
    {
        for (int i = lines.size() - 1; i >= 0; i--)
        {
            close(lines.get(i));
        }
    }

    private Line find(final long delaySeconds)
    {
        for (int i = 0, size = lines.size(); i < size; i++)
        {
            final Line line = lines.get(i);
            if (line.delaySeconds() == delaySeconds)
            {
                return line;
            }
        }
        return null;
    }

    /**
     * Open a line at the cycle header of the day that holds now less the delay (the journal's start when there is
     * none that old): every record before that header is older than the delay, and the header carries each symbol's
     * last value.
     */
    private Line open(final long delaySeconds)
    {
        final long cutoffMs = epochClock.nanoTime() / NS_PER_MS - TimeUnit.SECONDS.toMillis(delaySeconds);
        final long start = journal.headerIndexAtOrBefore(cutoffMs);
        JournalReader reader = journal.reader(symbolCapacity);
        if (start >= 0 && !reader.moveToIndex(start))
        {
            // retention deleted that day meanwhile: the journal's first record is then the oldest there is
            reader.close();
            reader = journal.reader(symbolCapacity);
        }
        final SymbolTable symbols = reader.symbols();
        final LastValueCache lvc = new LastValueCache(symbols.capacity(), TimeUnit.SECONDS.toNanos(delaySeconds));
        final Subscriptions subscriptions = new Subscriptions(symbols, lvc, conflation, metrics);
        final FanOut fanOut = new FanOut(symbols, lvc, null, subscriptions, conflation, metrics, faults);
        final HeldCommands held = new HeldCommands(outbound, false, true,
            "the " + delaySeconds + " s delayed stream to catch up");
        int slot = 0;
        while (null != slots[slot])
        {
            slot++;
        }
        final Line line = new Line(delaySeconds, slot, reader, lvc, subscriptions, fanOut, held);
        slots[slot] = line;
        lines.add(line);
        delayMetrics.line(slot, delaySeconds);
        delayMetrics.lines.incrementAndGet();
        return line;
    }

    private void close(final Line line)
    {
        lines.remove(line);
        slots[line.slot()] = null;
        delayMetrics.line(line.slot(), 0);
        delayMetrics.lines.decrementAndGet();
        line.reader().close();
    }

    private void refuse(final Session session, final long delaySeconds)
    {
        delayMetrics.refused.incrementAndGet();
        outbound.sendError(session, ErrorCode.LIMIT, "the gateway serves at most " + maxLines +
            " delays at once; a delay of " + delaySeconds + " s is one too many", List.of(), null);
        session.inbox().requestClose(Frames.CLOSE_TRY_AGAIN_LATER, "too many delays");
    }
}
