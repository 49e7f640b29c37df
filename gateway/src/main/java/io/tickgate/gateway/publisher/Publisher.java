package io.tickgate.gateway.publisher;

import io.tickgate.codec.SymbolTable;
import io.tickgate.gateway.Command;
import io.tickgate.gateway.GatewayContext;
import io.tickgate.gateway.GatewayMetrics;
import io.tickgate.gateway.ws.BufferPool;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalReader;
import org.agrona.BitUtil;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;
import org.agrona.concurrent.NanoClock;

import java.util.List;

/**
 * The gateway's publisher thread: the one writer of subscriptions and the one route to the sockets. Each duty cycle
 * it reads the clock once, then
 * <ol>
 * <li>acts on the sessions' signals from the IO threads ({@link SessionLifecycle}),</li>
 * <li>carries out client commands ({@link Commands}),</li>
 * <li>tails the journal, each tick fanned out to its subscribers ({@link FanOut}, {@link Conflation}),</li>
 * <li>advances replays ({@link Replays}), flushes conflated updates and snapshots ({@link Conflation}),</li>
 * <li>every few milliseconds sweeps for heartbeats, pings and stalled clients ({@link Sweeper}),</li>
 * <li>writes each session given something once ({@link Outbound}) and closes what finished closing.</li>
 * </ol>
 * <b>Note:</b> not threadsafe apart from {@link #offer(Command)}, {@link #onSignal(Inbox)}, {@link #shutdown()},
 * {@link #drain()}, {@link #isDraining()}, {@link #isCaughtUp()} and {@link #buffers()}{@code .reservedBytes()},
 * which any thread may use.
 */
public final class Publisher implements Agent
{
    private static final int MIN_BUFFER = 4096;
    private static final long FIRST_INDEX_CHECK_NS = 1_000_000_000L;

    private final GatewayContext ctx;
    private final NanoClock nanoClock;
    private final CycleClock clock = new CycleClock();
    private final Journal journal;
    private final JournalReader reader;
    private final HistoryIndexer history;
    private final HeldCommands held;
    private final BufferPool buffers;
    private final ManyToOneConcurrentLinkedQueue<Inbox> signalled = new ManyToOneConcurrentLinkedQueue<>();
    private final Outbound outbound;
    private final SessionLifecycle lifecycle;
    private final Conflation conflation;
    private final DelayLines delayLines;
    private final Replays replays;
    private final Commands commands;
    private final CommandQueue commandQueue;
    private final FanOut fanOut;
    private final JournalIndex index;
    private final Sweeper sweeper;
    private final Faults faults;
    private final Stopping stopping;
    private volatile boolean caughtUp;
    private boolean started;
    private volatile boolean historyIndexed;
    private volatile long journalFirstIndex = -1;
    private final ReaderPosition readerPosition = new ReaderPosition();
    private long nextFirstIndexCheckNs;
    private long startupRecords;
    /** Where the live reader starts, -1 once it is there: moved on the publisher thread, Chronicle's tailer's own. */
    private long startIndex;

    public Publisher(final GatewayContext ctx, final GatewayMetrics metrics, final Journal journal)
    {
        this.ctx = ctx;
        this.nanoClock = ctx.nanoClock();
        this.journal = journal;
        // only the newest day is read before serving: its header carries every symbol and its last tick; the days
        // before it are indexed for replays on a thread of their own
        final long start = journal.newestHeaderIndex();
        this.reader = journal.reader(ctx.symbolCapacity());
        this.startIndex = start;
        final boolean olderDays = start >= 0 && journal.firstIndex() < start;
        this.history = olderDays ? new HistoryIndexer(journal, ctx.symbolCapacity(), start) : null;
        this.historyIndexed = !olderDays;
        this.buffers = new BufferPool(MIN_BUFFER, BitUtil.findNextPositivePowerOfTwo(ctx.maxSessionBufferBytes()),
            ctx.maxBufferMemory());

        final SymbolTable symbols = reader.symbols();
        final LastValueCache lvc = new LastValueCache(symbols.capacity());
        index = new JournalIndex(symbols.capacity());
        final Watermarks marks = new Watermarks(ctx.sessionBufferBytes());
        faults = new Faults(metrics, clock, nanoClock);
        outbound = new Outbound(metrics, symbols, clock, ctx.epochClock(), faults);
        lifecycle = new SessionLifecycle(ctx, metrics, outbound, clock, faults);
        conflation = new Conflation(outbound, lifecycle, metrics, marks, clock, faults);
        final Subscriptions subscriptions = new Subscriptions(symbols, lvc, conflation, metrics);
        final NotEntitled notEntitled = new NotEntitled(outbound, clock);
        replays = new Replays(journal, index, outbound, lifecycle, marks, clock, ctx.replayMinRate(), notEntitled);
        held = new HeldCommands(outbound, !olderDays, false, "the journal's history to be indexed");
        fanOut = new FanOut(symbols, lvc, index, subscriptions, conflation, metrics, faults);
        final Line live = new Line(0, -1, reader, lvc, subscriptions, fanOut,
            new HeldCommands(outbound, true, false, "nothing"));
        delayLines = new DelayLines(ctx, metrics, journal, live, conflation, outbound, clock, faults);
        commands = new Commands(delayLines, replays, held, outbound, metrics, ctx.maxSymbolsPerConnection(), faults,
            notEntitled);
        commandQueue = new CommandQueue(ctx.maxQueuedCommandsPerConnection(), ctx.commandQueueCapacity(),
            ctx.maxConnections(), commands);
        sweeper = new Sweeper(ctx, lifecycle, outbound, buffers, marks, clock, faults);
        stopping = new Stopping(lifecycle, clock, ctx.drainMs());
    }

    public String roleName()
    {
        return "tickgate-publisher";
    }

    /**
     * Queue a command for the publisher thread; any thread.
     *
     * @return false when the command's connection has its share of the queue ({@link CommandQueue}).
     */
    public boolean offer(final Command command)
    {
        return commandQueue.offer(command);
    }

    /**
     * A session raised signals; any thread. Travels apart from commands: an inbox is queued at most once until the
     * publisher takes its signals, so this queue is bounded by the connection count, and losing an entry to a full
     * queue would leak a session.
     */
    public void onSignal(final Inbox inbox)
    {
        signalled.offer(inbox);
    }

    /** The connections' log lines (connect, disconnect, cut-off); threadsafe. */
    public ConnectionLog connections()
    {
        return lifecycle.connections();
    }

    /**
     * @return the pool of connection buffers; its {@link BufferPool#reservedBytes()} is safe from any thread.
     */
    public BufferPool buffers()
    {
        return buffers;
    }

    /** Close every connection with 1001 (any thread); new ones are refused by the endpoint. */
    public void shutdown()
    {
        stopping.requestShutdown();
    }

    /**
     * Drain (any thread): every connection is told {@code draining} with when to reconnect, served on for
     * {@code --drain-ms}, then closed with 1001 as by {@link #shutdown()}; new ones are refused by the endpoint.
     *
     * @return true for the call that started the drain, false when one had started before.
     */
    public boolean drain()
    {
        return stopping.requestDrain();
    }

    /** True once a drain was asked for; any thread. */
    public boolean isDraining()
    {
        return stopping.isDraining();
    }

    /**
     * @return the symbols read from the journal; {@link SymbolTable#count()} and names are safe from any thread.
     */
    public SymbolTable symbols()
    {
        return reader.symbols();
    }

    /**
     * @return true once the journal was read to its end at least once, so snapshots are current.
     */
    public boolean isCaughtUp()
    {
        return caughtUp;
    }

    /**
     * @return journal records the live reader read before it was first caught up (one day's at most, from the
     * newest cycle header); 0 until then. Any thread.
     */
    public long startupRecords()
    {
        return caughtUp ? startupRecords : 0;
    }

    /**
     * @return true once replays can reach every day of the journal: the days before the newest one are indexed.
     * Any thread.
     */
    public boolean isHistoryIndexed()
    {
        return historyIndexed;
    }

    /**
     * @return journal records the history indexer has read so far (0 when there was no older day). Any thread.
     */
    public long historyRecords()
    {
        return null == history ? 0 : history.recordsRead();
    }

    /** Where the live reader is, for the lag behind the journal's head; any thread. */
    public ReaderPosition readerPosition()
    {
        return readerPosition;
    }

    /**
     * @return the journal's first index as the publisher last saw it (checked once a second), -1 before the first
     * check. Any thread.
     */
    public long journalFirstIndex()
    {
        return journalFirstIndex;
    }

    /**
     * @return the delay lines; publisher thread only (tests).
     */
    DelayLines delayLines()
    {
        return delayLines;
    }

    public void onStart()
    {
        started = true;
        startHistory();
    }

    public int doWork()
    {
        clock.update(nanoClock.nanoTime());
        int work = 0;
        for (Inbox inbox; null != (inbox = signalled.poll()); work++)
        {
            onSignals(inbox);
        }
        work += stopping.poll();
        work += commandQueue.drain();
        if (startIndex >= 0)
        {
            moveToStart();
        }
        final int ticks = reader.poll(fanOut, ctx.pollLimit());
        if (ticks > 0)
        {
            readerPosition.moved(reader.lastIndex(), fanOut.lastIngestNanos());
        }
        if (!caughtUp)
        {
            startupRecords += ticks;
            caughtUp = 0 == ticks;
            startHistory();
        }
        work += ticks;
        work += delayLines.poll(commands);
        work += lifecycle.closeFaulted();
        work += followJournal();
        work += detachLeaving();
        work += replays.poll();
        work += conflation.flush();
        work += sweeper.sweepIfDue();
        work += lifecycle.closeOverflowed();
        work += lifecycle.closeFinished();
        outbound.flush();
        work += lifecycle.closeBroken();
        return work;
    }

    /**
     * The journal's cycles before {@code firstIndex} were deleted (retention): replays no longer go there, and
     * requests for that history are refused. Publisher thread only.
     *
     * @param firstIndex the first journal index the journal still holds.
     */
    public void forgetBefore(final long firstIndex)
    {
        index.forgetBefore(firstIndex);
    }

    public void onClose()
    {
        if (null != history)
        {
            history.close();
        }
        replays.close();
        delayLines.close();
        reader.close();
    }

    /**
     * The older days are indexed once the newest one is read, not beside it: on two cores the history thread would
     * otherwise take half the machine from the read that start-up waits for.
     */
    private void startHistory()
    {
        if (started && caughtUp && null != history)
        {
            history.start();
        }
    }

    private void moveToStart()
    {
        if (!reader.moveToIndex(startIndex))
        {
            throw new IllegalStateException("journal index " + startIndex + " vanished before the gateway read it");
        }
        startIndex = -1;
    }

    /**
     * Join the history once it is indexed, then carry out the commands that waited for it; and at most once a second
     * see whether retention deleted the journal's oldest days, to forget them.
     */
    private int followJournal()
    {
        int work = 0;
        if (!held.isOpen())
        {
            final JournalIndex older = history.take();
            if (null != older)
            {
                index.prepend(older);
                if (journalFirstIndex >= 0)
                {
                    index.forgetBefore(journalFirstIndex);
                }
                historyIndexed = true;
                held.release(commands);
                work++;
            }
        }
        if (clock.nanoTime() >= nextFirstIndexCheckNs)
        {
            nextFirstIndexCheckNs = clock.nanoTime() + FIRST_INDEX_CHECK_NS;
            final long first = journal.firstIndex();
            if (Long.MAX_VALUE != first && first > journalFirstIndex)
            {
                journalFirstIndex = first;
                index.forgetBefore(first);
                work++;
            }
        }
        return work;
    }

    private void onSignals(final Inbox inbox)
    {
        try
        {
            final int signals = inbox.take();
            lifecycle.onSignals(inbox.session(), signals);
            if (0 != (signals & Inbox.CONNECT))
            {
                // the session's line (a delay line opens here), or its refusal, after its welcome
                delayLines.lineFor(inbox.session());
            }
        }
        catch (final RuntimeException ex)
        {
            faults.onFault(inbox.session(), ex);
        }
    }

    /**
     * Take the sessions that stopped being open out of every subscription, replay and conflation list; done here,
     * between the loops over those lists, since a session may be cut off from inside one.
     */
    private int detachLeaving()
    {
        final List<Session> leaving = lifecycle.leaving();
        final int count = leaving.size();
        for (int i = 0; i < count; i++)
        {
            final Session session = leaving.get(i);
            if (null != session.line())
            {
                session.line().subscriptions().unsubscribeAll(session);
                delayLines.leave(session);
            }
            replays.end(session);
            conflation.remove(session);
        }
        leaving.clear();
        return count;
    }
}
