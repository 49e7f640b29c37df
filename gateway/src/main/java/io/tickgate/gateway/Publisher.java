package io.tickgate.gateway;

import io.tickgate.codec.EpochMicros;
import io.tickgate.codec.SymbolTable;
import io.tickgate.codec.TickDecoder;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalHandler;
import io.tickgate.journal.JournalReader;
import io.tickgate.gateway.ws.BufferPool;
import io.tickgate.gateway.ws.Frames;
import org.agrona.BitUtil;
import org.agrona.collections.IntArrayList;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;
import org.agrona.concurrent.NanoClock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The gateway's single publisher thread. Each duty cycle it
 * <ol>
 * <li>applies client commands queued by the IO threads (so subscription state has one writer),</li>
 * <li>tails the journal: each tick updates the {@link LastValueCache} and fans out to its subscribers,</li>
 * <li>advances replays, paced by the room in their sessions' rings,</li>
 * <li>flushes conflated updates and pending snapshots to sessions whose rings have room, and</li>
 * <li>every few milliseconds sends heartbeats and cuts off stalled sessions.</li>
 * </ol>
 * Per tick it encodes each format at most once and copies the bytes into each subscriber's ring: a full-mode
 * subscriber that has no room left is cut off (close 1008) unless it asked to be conflated when slow; a conflated
 * one is marked dirty and later sent the latest value only.
 * <b>Note:</b> not threadsafe apart from {@link #offer(Command)}, {@link #onSignal(Session)}, {@link #shutdown()}
 * and {@link #buffers()}{@code .reservedBytes()}, which any thread may use.
 */
final class Publisher implements Agent, JournalHandler
{
    static final int MAX_REPLAYS = 32;
    /** Room kept in every session's buffer above the data limits, so a close frame always fits. */
    static final int CONTROL_SLACK = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

    private static final long SWEEP_INTERVAL_NS = 20_000_000L;
    private static final int REPLAY_BATCH = 256;
    private static final long ROOM_RETRY_NS = 200_000L;
    private static final int MAX_MESSAGE_BYTES = LastValueCache.MAX_PAYLOAD + 64;
    private static final int MIN_BUFFER = 4096;
    private static final long KEEP_FREE_BUFFER_BYTES = 32L * 1024 * 1024;
    private static final long TRIM_INTERVAL_NS = 10_000_000_000L;

    private final GatewayContext ctx;
    private final GatewayMetrics metrics;
    private final Journal journal;
    private final JournalReader reader;
    private final SymbolTable symbols;
    private final LastValueCache lvc;
    private final JournalIndex index;
    private final Outbound outbound;
    private final SubscriberList[] subscribers;
    private final ManyToOneConcurrentArrayQueue<Command> commands;
    private final ManyToOneConcurrentLinkedQueue<Session> signalled = new ManyToOneConcurrentLinkedQueue<>();
    private final BufferPool buffers;
    private final Consumer<Command> commandHandler = this::onCommand;
    private final List<Session> sessions = new ArrayList<>();
    private final List<Session> dirtySessions = new ArrayList<>();
    private final List<Session> wildcardSessions = new ArrayList<>();
    private final List<Session> pendingCutOffs = new ArrayList<>();
    private final List<Session> closing = new ArrayList<>();
    private final BacklogWatch backlogWatch;
    private final List<ReplayJob> replays = new ArrayList<>();
    private final NanoClock nanoClock;
    private final EpochNanoClock epochClock;
    private final long heartbeatNs;
    private final long stallTimeoutNs;
    private final long peerTimeoutNs;
    private final long closeGraceNs;
    private final int softLimit;
    private volatile boolean shutdownRequested;
    private boolean shuttingDown;
    private long nowNs;
    private long nextSweepNs;
    private long nextDirtyScanNs;
    private long nextTrimNs;
    private volatile boolean caughtUp;

    Publisher(final GatewayContext ctx, final GatewayMetrics metrics, final Journal journal)
    {
        this.ctx = ctx;
        this.metrics = metrics;
        this.journal = journal;
        this.reader = journal.reader(ctx.symbolCapacity());
        this.symbols = reader.symbols();
        this.lvc = new LastValueCache(symbols.capacity());
        this.index = new JournalIndex(symbols.capacity());
        this.outbound = new Outbound(metrics, symbols, lvc, ctx.epochClock());
        this.subscribers = new SubscriberList[symbols.capacity()];
        this.commands = new ManyToOneConcurrentArrayQueue<>(ctx.commandQueueCapacity());
        this.nanoClock = ctx.nanoClock();
        this.epochClock = ctx.epochClock();
        this.heartbeatNs = ctx.heartbeatMs() * 1_000_000L;
        this.stallTimeoutNs = ctx.slowConsumerTimeoutMs() * 1_000_000L;
        this.peerTimeoutNs = ctx.peerTimeoutMs() * 1_000_000L;
        this.closeGraceNs = ctx.closeGraceMs() * 1_000_000L;
        this.softLimit = ctx.sessionBufferBytes();
        this.buffers = new BufferPool(MIN_BUFFER, BitUtil.findNextPositivePowerOfTwo(ctx.maxSessionBufferBytes()),
            ctx.maxBufferMemory());
        this.backlogWatch = new BacklogWatch(softLimit);
        outbound.limits(softLimit, ctx.maxSessionBufferBytes() - CONTROL_SLACK);
    }

    public String roleName()
    {
        return "tickgate-publisher";
    }

    /**
     * Queue a command for the publisher thread.
     *
     * @return false when the queue is full.
     */
    boolean offer(final Command command)
    {
        return commands.offer(command);
    }

    /**
     * A session raised signals (connected, ping, close, ...); any thread. Travels apart from commands: a session is
     * queued at most once until the publisher takes its signals, so this queue is bounded by the connection count,
     * and losing an entry to a full queue would leak a session.
     */
    void onSignal(final Session session)
    {
        signalled.offer(session);
    }

    /**
     * @return the pool of connection buffers; its {@link BufferPool#reservedBytes()} is safe from any thread.
     */
    BufferPool buffers()
    {
        return buffers;
    }

    /**
     * Close every connection with 1001 (any thread); new ones are refused by the endpoint.
     */
    void shutdown()
    {
        shutdownRequested = true;
    }

    /**
     * @return the symbols read from the journal; {@link SymbolTable#count()} and names are safe from any thread.
     */
    SymbolTable symbols()
    {
        return symbols;
    }

    /**
     * @return true once the journal was read to its end at least once, so snapshots are current.
     */
    boolean isCaughtUp()
    {
        return caughtUp;
    }

    public int doWork()
    {
        nowNs = nanoClock.nanoTime();
        outbound.now(nowNs);
        int work = 0;
        for (Session session; null != (session = signalled.poll()); work++)
        {
            onSignals(session, session.takeSignals());
        }
        if (shutdownRequested && !shuttingDown)
        {
            shuttingDown = true;
            work += closeAll();
        }
        work += commands.drain(commandHandler, ctx.commandQueueCapacity());
        final int ticks = reader.poll(this, ctx.pollLimit());
        if (0 == ticks && !caughtUp)
        {
            caughtUp = true;
        }
        work += ticks;
        work += processCutOffs();
        work += pollReplays();
        work += flushDirty();
        if (nowNs >= nextSweepNs)
        {
            nextSweepNs = nowNs + SWEEP_INTERVAL_NS;
            work += sweep();
        }
        work += closeFinished();
        outbound.flush();
        work += closeBroken();
        return work;
    }

    public void onClose()
    {
        replays.forEach(ReplayJob::close);
        reader.close();
    }

    // ---------------------------------------------------------------- journal

    public void onSymbol(final int symbolId)
    {
        for (int i = 0, size = wildcardSessions.size(); i < size; i++)
        {
            final Session session = wildcardSessions.get(i);
            if (session.isClosed())
            {
                continue;
            }
            final SessionSubscriptions subs = session.subscriptions();
            subscribe(session, symbolId, subs.wildcardFullMode(), subs.wildcardMinIntervalNs(),
                subs.wildcardConflateWhenSlow(), true);
        }
    }

    public void onTick(final TickDecoder tick, final long journalIndex)
    {
        lvc.update(tick);
        index.onTick(tick, journalIndex);
        metrics.ticksIn.lazySet(metrics.ticksIn.get() + 1);
        final int symbolId = tick.symbolId();
        final SubscriberList list = subscribers[symbolId];
        if (null == list)
        {
            return;
        }
        for (int i = 0, size = list.size(); i < size; i++)
        {
            final Session session = list.session(i);
            if (!session.isClosed())
            {
                fanOut(session, list.slot(i), symbolId);
            }
        }
    }

    private void fanOut(final Session session, final int slot, final int symbolId)
    {
        final SessionSubscriptions subs = session.subscriptions();
        final boolean full = subs.isFullMode(slot);
        if (subs.isDirty(slot))
        {
            // a conflated update or a pending snapshot already covers this tick
            if (!full || session.isDegraded())
            {
                metrics.conflated.lazySet(metrics.conflated.get() + 1);
            }
            return;
        }
        if (full && subs.conflatesWhenSlow(slot) &&
            (session.isDegraded() || session.queuedBytes() > softLimit / 4 * 3))
        {
            degrade(session);
            markDirty(session, slot, false);
        }
        else if (full)
        {
            if (outbound.offerLatest(session, symbolId, false))
            {
                outbound.touch(session);
            }
            else
            {
                closeSlowConsumer(session);
            }
        }
        else if (subs.maySend(slot, nowNs) && hasConflationRoom(session) &&
            outbound.offerLatest(session, symbolId, false))
        {
            subs.sent(slot, nowNs);
            outbound.touch(session);
        }
        else
        {
            markDirty(session, slot, false);
        }
    }

    // ---------------------------------------------------------------- commands

    private void onCommand(final Command command)
    {
        final Session session = command.session;
        metrics.commands.incrementAndGet();
        if (session.isClosed())
        {
            return;
        }
        switch (command.op)
        {
            case SUBSCRIBE:
                onSubscribe(command);
                break;

            case UNSUBSCRIBE:
                onUnsubscribe(command);
                break;

            case REPLAY:
                onReplay(command);
                break;

            case PING:
                outbound.send(session, outbound.control().pong(command.idJson));
                break;

            case REFUSE:
                outbound.sendError(session, command.errorCode, command.errorMessage, command.errorSymbols,
                    command.idJson);
                break;

            default:
                break;
        }
    }

    private void onSubscribe(final Command command)
    {
        final Session session = command.session;
        final SessionSubscriptions subs = session.subscriptions();
        final long minIntervalNs = command.maxRate > 0 ? (long)(1e9 / command.maxRate) : 0;
        final List<String> accepted = new ArrayList<>();
        final List<String> unknown = new ArrayList<>();
        final List<String> overLimit = new ArrayList<>();

        if (command.hasError())
        {
            outbound.sendError(session, command.errorCode, command.errorMessage, command.errorSymbols,
                command.idJson);
        }
        for (final String name : command.symbols)
        {
            if (CommandParser.WILDCARD.equals(name))
            {
                subscribeAll(session, command.fullMode, minIntervalNs, command.conflateWhenSlow, true);
                accepted.add(name);
                continue;
            }
            final int symbolId = symbols.lookup(name);
            if (symbolId < 0)
            {
                unknown.add(name);
            }
            else if (!subs.isSubscribed(symbolId) && !subs.isWildcard() &&
                subs.size() >= ctx.maxSymbolsPerConnection())
            {
                overLimit.add(name);
            }
            else
            {
                subscribe(session, symbolId, command.fullMode, minIntervalNs, command.conflateWhenSlow, true);
                accepted.add(name);
            }
        }

        if (!unknown.isEmpty())
        {
            outbound.sendError(session, ErrorCode.UNKNOWN_SYMBOL, "no such symbol", unknown, command.idJson);
        }
        if (!overLimit.isEmpty())
        {
            outbound.sendError(session, ErrorCode.LIMIT,
                "at most " + ctx.maxSymbolsPerConnection() + " symbols per connection", overLimit, command.idJson);
        }
        if (!accepted.isEmpty())
        {
            outbound.sendSymbols(session, "subscribed", accepted, command.idJson);
        }
    }

    private void subscribeAll(
        final Session session,
        final boolean full,
        final long minIntervalNs,
        final boolean conflateWhenSlow,
        final boolean snapshot)
    {
        final SessionSubscriptions subs = session.subscriptions();
        if (!subs.isWildcard())
        {
            wildcardSessions.add(session);
        }
        subs.wildcard(true, full, minIntervalNs, conflateWhenSlow);
        for (int symbolId = 0, count = symbols.count(); symbolId < count; symbolId++)
        {
            subscribe(session, symbolId, full, minIntervalNs, conflateWhenSlow, snapshot);
        }
    }

    private void subscribe(
        final Session session,
        final int symbolId,
        final boolean full,
        final long minIntervalNs,
        final boolean conflateWhenSlow,
        final boolean snapshot)
    {
        final SessionSubscriptions subs = session.subscriptions();
        final boolean isNew = !subs.isSubscribed(symbolId);
        final int slot = subs.subscribe(symbolId, full, minIntervalNs, conflateWhenSlow);
        if (isNew)
        {
            SubscriberList list = subscribers[symbolId];
            if (null == list)
            {
                list = new SubscriberList();
                subscribers[symbolId] = list;
            }
            list.add(session, slot);
            metrics.subscriptions.incrementAndGet();
            if (snapshot && lvc.has(symbolId))
            {
                markDirty(session, slot, true);
            }
        }
    }

    private void onUnsubscribe(final Command command)
    {
        final Session session = command.session;
        final ReplayJob replay = session.replay();
        final List<String> accepted = new ArrayList<>();
        final List<String> unknown = new ArrayList<>();
        if (command.hasError())
        {
            outbound.sendError(session, command.errorCode, command.errorMessage, command.errorSymbols,
                command.idJson);
        }
        for (final String name : command.symbols)
        {
            if (CommandParser.WILDCARD.equals(name))
            {
                unsubscribeAll(session);
                endReplay(session);
                accepted.add(name);
                continue;
            }
            final int symbolId = symbols.lookup(name);
            if (symbolId < 0)
            {
                unknown.add(name);
                continue;
            }
            unsubscribe(session, symbolId);
            if (null != replay && replay.wants(symbolId))
            {
                replay.drop(symbolId, name);
                if (replay.isEmpty())
                {
                    endReplay(session);
                }
            }
            accepted.add(name);
        }
        if (!unknown.isEmpty())
        {
            outbound.sendError(session, ErrorCode.UNKNOWN_SYMBOL, "no such symbol", unknown, command.idJson);
        }
        if (!accepted.isEmpty())
        {
            outbound.sendSymbols(session, "unsubscribed", accepted, command.idJson);
        }
    }

    private void unsubscribe(final Session session, final int symbolId)
    {
        if (session.subscriptions().unsubscribe(symbolId) >= 0)
        {
            subscribers[symbolId].remove(session);
            metrics.subscriptions.decrementAndGet();
        }
    }

    private void unsubscribeAll(final Session session)
    {
        final SessionSubscriptions subs = session.subscriptions();
        if (subs.isWildcard())
        {
            subs.wildcard(false, false, 0, false);
            wildcardSessions.remove(session);
        }
        for (final int symbolId : subs.symbolIds())
        {
            unsubscribe(session, symbolId);
        }
    }

    /**
     * Take the session out of every subscription, replay and conflation list; it gets no more messages.
     */
    private void detach(final Session session)
    {
        unsubscribeAll(session);
        endReplay(session);
        if (session.inDirtyList())
        {
            dirtySessions.remove(session);
            session.inDirtyList(false);
        }
    }

    // ---------------------------------------------------------------- replay

    private void onReplay(final Command command)
    {
        final Session session = command.session;
        if (null != session.replay() || replays.size() >= MAX_REPLAYS)
        {
            outbound.sendError(session, ErrorCode.LIMIT, null != session.replay() ?
                "one replay at a time per connection" : "the gateway is running " + MAX_REPLAYS + " replays",
                command.symbols, command.idJson);
            return;
        }
        final boolean all = command.symbols.contains(CommandParser.WILDCARD);
        final long[] minSeq = new long[symbols.capacity()];
        final List<String> names = new ArrayList<>();
        final List<String> unknown = new ArrayList<>();
        long startIndex = Long.MAX_VALUE;
        String problem = null;
        for (final String name : command.symbols)
        {
            if (CommandParser.WILDCARD.equals(name))
            {
                names.add(name);
                continue;
            }
            final int symbolId = symbols.lookup(name);
            if (symbolId < 0)
            {
                unknown.add(name);
                continue;
            }
            final Long fromSeq = command.fromSeq.get(name);
            if (null != fromSeq)
            {
                final long last = lvc.has(symbolId) ? lvc.tick(symbolId).seq() : 0;
                if (fromSeq > last + 1)
                {
                    problem = name + " is at seq " + last + "; fromSeq " + fromSeq + " is beyond it";
                }
                else if (fromSeq <= last && fromSeq < index.firstSeq(symbolId))
                {
                    problem = "the journal holds " + name + " from seq " + index.firstSeq(symbolId);
                }
                else if (fromSeq <= last)
                {
                    startIndex = Math.min(startIndex, index.indexForSeq(symbolId, fromSeq));
                }
            }
            minSeq[symbolId] = null == fromSeq ? 1 : fromSeq;
            names.add(name);
        }
        if (Command.NO_TIME != command.fromMicros)
        {
            // a range wholly before the journal, or reaching before a journal whose first days were deleted,
            // cannot be served: say so rather than start later and hide the gap
            if (!index.isEmpty() && (Command.NO_TIME != command.toMicros &&
                command.toMicros < index.firstEventMicros() ||
                !index.isComplete() && command.fromMicros < index.firstEventMicros()))
            {
                problem = "the journal starts at " + EpochMicros.toIso(index.firstEventMicros());
            }
            startIndex = index.isEmpty() ? Long.MAX_VALUE : index.indexForTime(command.fromMicros);
        }
        if (!unknown.isEmpty())
        {
            outbound.sendError(session, ErrorCode.UNKNOWN_SYMBOL, "no such symbol", unknown, command.idJson);
        }
        if (null != problem)
        {
            outbound.sendError(session, ErrorCode.BAD_REQUEST, "range not in the journal: " + problem,
                List.of(), command.idJson);
            return;
        }
        if (names.isEmpty())
        {
            return;
        }

        // the replay takes over these symbols: live updates resume at the seam, never twice
        for (final String name : names)
        {
            if (CommandParser.WILDCARD.equals(name))
            {
                unsubscribeAll(session);
            }
            else
            {
                unsubscribe(session, symbols.lookup(name));
            }
        }
        if (Long.MAX_VALUE == startIndex && reader.lastIndex() >= 0)
        {
            // nothing to replay from history: start where the live reader is
            startIndex = reader.lastIndex();
        }
        final JournalReader replayReader = journal.reader(symbols);
        if (Long.MAX_VALUE != startIndex)
        {
            replayReader.moveToIndex(startIndex);
        }
        final ReplayJob job = new ReplayJob(session, outbound, replayReader, all, minSeq, command, names);
        session.replay(job);
        replays.add(job);
    }

    private int pollReplays()
    {
        int work = 0;
        for (int i = replays.size() - 1; i >= 0; i--)
        {
            final ReplayJob job = replays.get(i);
            final Session session = job.session();
            if (session.isClosed() || session.replay() != job)
            {
                continue;
            }
            final int room = (softLimit / 2 - session.queuedBytes()) / MAX_MESSAGE_BYTES;
            if (room <= 0)
            {
                continue;
            }
            final int limit = Math.min(room, REPLAY_BATCH);
            final int read = job.reader().poll(job, limit, reader.lastIndex());
            work += read;
            outbound.touch(session);
            if (job.overflowed())
            {
                closeSlowConsumer(session);
            }
            else if (job.reachedTo() || read < limit)
            {
                finishReplay(job);
            }
        }
        return work;
    }

    /**
     * The replay has read up to the live reader's position (or past its {@code to}): end it, and for a live replay
     * subscribe its symbols in full mode with no snapshot, so the next live tick follows the last replayed one.
     */
    private void finishReplay(final ReplayJob job)
    {
        final Session session = job.session();
        final boolean live = job.isLive() && !job.reachedTo();
        if (live)
        {
            if (job.isAllSymbols())
            {
                subscribeAll(session, true, 0, job.conflateWhenSlow(), false);
            }
            for (final String name : job.names())
            {
                if (!CommandParser.WILDCARD.equals(name))
                {
                    subscribe(session, symbols.lookup(name), true, 0, job.conflateWhenSlow(), false);
                }
            }
        }
        outbound.sendReplayEnd(session, live, job.names(), job.idJson());
        endReplay(session);
    }

    private void endReplay(final Session session)
    {
        final ReplayJob job = session.replay();
        if (null != job)
        {
            session.replay(null);
            replays.remove(job);
            job.close();
        }
    }

    // ---------------------------------------------------------------- conflation and slow consumers

    private boolean hasConflationRoom(final Session session)
    {
        return session.queuedBytes() < softLimit / 2;
    }

    private void degrade(final Session session)
    {
        if (!session.isDegraded())
        {
            session.degraded(true);
            outbound.send(session, outbound.control().modeChange("slow", "conflated"));
        }
    }

    private void markDirty(final Session session, final int slot, final boolean snapshot)
    {
        final SessionSubscriptions subs = session.subscriptions();
        if (snapshot)
        {
            subs.markSnapshotPending(slot);
            session.dirtyDueNs(0);
        }
        else
        {
            subs.markDirty(slot);
            session.dirtyDueNs(Math.min(session.dirtyDueNs(), subs.nextAllowedNs(slot)));
        }
        nextDirtyScanNs = Math.min(nextDirtyScanNs, session.dirtyDueNs());
        addDirty(session);
    }

    private void addDirty(final Session session)
    {
        if (!session.inDirtyList())
        {
            session.inDirtyList(true);
            dirtySessions.add(session);
        }
    }

    private int flushDirty()
    {
        if (nowNs < nextDirtyScanNs)
        {
            return 0;
        }
        int work = 0;
        long nextScanNs = Long.MAX_VALUE;
        for (int i = dirtySessions.size() - 1; i >= 0; i--)
        {
            final Session session = dirtySessions.get(i);
            if (nowNs < session.dirtyDueNs() && !session.isClosed())
            {
                nextScanNs = Math.min(nextScanNs, session.dirtyDueNs());
                continue;
            }
            if (session.isClosed() || flushDirty(session))
            {
                session.inDirtyList(false);
                final int last = dirtySessions.size() - 1;
                dirtySessions.set(i, dirtySessions.get(last));
                dirtySessions.remove(last);
                work++;
            }
            else
            {
                nextScanNs = Math.min(nextScanNs, session.dirtyDueNs());
            }
        }
        nextDirtyScanNs = nextScanNs;
        return work;
    }

    /**
     * @return true when nothing is left to do for the session: nothing dirty, and not degraded.
     */
    private boolean flushDirty(final Session session)
    {
        final SessionSubscriptions subs = session.subscriptions();
        final IntArrayList dirty = subs.dirtySlots();
        boolean sent = false;
        long dueNs = Long.MAX_VALUE;
        int i = 0;
        for (; i < dirty.size() && hasConflationRoom(session); )
        {
            final int slot = dirty.getInt(i);
            final boolean snapshot = subs.isSnapshotPending(slot);
            if (!snapshot && !subs.maySend(slot, nowNs))
            {
                dueNs = Math.min(dueNs, subs.nextAllowedNs(slot));
                i++;
                continue;
            }
            if (!outbound.offerLatest(session, subs.symbolId(slot), snapshot))
            {
                break;
            }
            sent = true;
            subs.sent(slot, nowNs);
            subs.clearDirty(slot);
            dirty.fastUnorderedRemove(i);
        }
        if (sent)
        {
            outbound.touch(session);
        }
        // when every dirty symbol waits on its maxRate, skip the session until the first is due; when its ring
        // has no room, look again shortly rather than on every duty cycle
        session.dirtyDueNs(i == dirty.size() ? dueNs : nowNs + ROOM_RETRY_NS);
        if (!dirty.isEmpty())
        {
            return false;
        }
        if (session.isDegraded())
        {
            if (session.queuedBytes() >= softLimit / 4)
            {
                session.dirtyDueNs(nowNs + ROOM_RETRY_NS);
                return false;
            }
            session.degraded(false);
            outbound.send(session, outbound.control().modeChange("caughtUp", "full"));
        }
        return true;
    }

    private void closeSlowConsumer(final Session session)
    {
        cutOff(session, GatewayMetrics.CutOff.SLOW_CONSUMER, Frames.CLOSE_POLICY_VIOLATION,
            "slow consumer: " + session.queuedBytes() + " bytes queued, limit " +
            (backlogWatch.isMassBacklog() ? "(everyone behind) " + buffers.maxSize() : softLimit));
    }

    private void cutOff(final Session session, final GatewayMetrics.CutOff why, final int code, final String reason)
    {
        metrics.cutOff(why);
        LOG.info("closing {} ({}): {} {}", session.remoteAddress(), why.label(), code, reason);
        startClose(session, code, reason);
    }

    /**
     * Begin the closing handshake: queue the close frame after what is queued, stop sending anything else, and
     * close the socket once the client answers (or the close is written and the client has gone), or at the
     * grace deadline whatever happens. Subscriptions go at the start of the next cycle, since this may be called
     * from inside a fan-out loop.
     */
    private void startClose(final Session session, final int code, final String reason)
    {
        if (session.isClosed())
        {
            return;
        }
        session.closing(nowNs + closeGraceNs);
        pendingCutOffs.add(session);
        closing.add(session);
        final int length = Frames.putClosePayload(outbound.controlFrame(), 0, code, reason);
        if (!outbound.sendControl(session, Frames.OP_CLOSE, length))
        {
            // no buffer to be had for two hundred bytes: the memory budget is spent, so skip the handshake
            session.closing(nowNs);
        }
    }

    private int processCutOffs()
    {
        final int count = pendingCutOffs.size();
        for (int i = 0; i < count; i++)
        {
            detach(pendingCutOffs.get(i));
        }
        pendingCutOffs.clear();
        return count;
    }

    /**
     * Close the socket of every closing session whose handshake is done or whose grace has run out.
     */
    private int closeFinished()
    {
        int work = 0;
        for (int i = closing.size() - 1; i >= 0; i--)
        {
            final Session session = closing.get(i);
            if (nowNs >= session.closeDeadlineNs() || (session.peerClosed() && 0 == session.queuedBytes()))
            {
                terminate(session);
                work++;
            }
        }
        return work;
    }

    private int closeBroken()
    {
        final List<Session> broken = outbound.broken();
        final int count = broken.size();
        for (int i = 0; i < count; i++)
        {
            final Session session = broken.get(i);
            if (!session.isClosed())
            {
                metrics.cutOff(GatewayMetrics.CutOff.SEND_ERROR);
            }
            terminate(session);
        }
        broken.clear();
        return count;
    }

    /**
     * The socket is closed (by us, by the client, or broken): release everything the session held.
     */
    private void terminate(final Session session)
    {
        if (!session.terminate())
        {
            return;
        }
        metrics.connectionsOpen.decrementAndGet();
        detach(session);
        sessions.remove(session);
        closing.remove(session);
    }

    private int closeAll()
    {
        for (int i = sessions.size() - 1; i >= 0; i--)
        {
            startClose(sessions.get(i), Frames.CLOSE_GOING_AWAY, "server shutting down");
        }
        return sessions.size();
    }

    // ---------------------------------------------------------------- signals from the IO threads

    private void onSignals(final Session session, final int signals)
    {
        if (0 != (signals & Session.SIGNAL_CONNECT))
        {
            onConnect(session);
        }
        if (0 != (signals & Session.SIGNAL_PING) && !session.isClosed())
        {
            outbound.sendControl(session, Frames.OP_PONG, session.copyPing(outbound.controlFrame()));
        }
        if (0 != (signals & Session.SIGNAL_BUSY) && !session.isClosed())
        {
            // counted where the command was dropped
            outbound.send(session, outbound.control().error(ErrorCode.LIMIT, "server busy, retry", null, null));
        }
        if (0 != (signals & Session.SIGNAL_CLOSE_REQUEST))
        {
            startClose(session, session.requestedCloseCode(), session.requestedCloseReason());
        }
        if (0 != (signals & Session.SIGNAL_PEER_CLOSE))
        {
            session.peerClosed(true);
            // answer the client's close (RFC 6455 §5.5.1); the socket closes once the answer is written
            startClose(session, Frames.CLOSE_NORMAL, "");
        }
        if (0 != (signals & Session.SIGNAL_DISCONNECT))
        {
            terminate(session);
        }
    }

    private void onConnect(final Session session)
    {
        if (Session.State.CLOSED == session.state())
        {
            return;
        }
        sessions.add(session);
        session.onRegistered(nowNs);
        outbound.send(session, outbound.control().welcome(GatewayContext.VERSION, ctx.heartbeatMs()));
        if (shuttingDown)
        {
            startClose(session, Frames.CLOSE_GOING_AWAY, "server shutting down");
        }
    }

    // ---------------------------------------------------------------- sweep

    private int sweep()
    {
        int work = 0;
        backlogWatch.begin();
        for (int i = sessions.size() - 1; i >= 0; i--)
        {
            final Session session = sessions.get(i);
            if (session.isClosed())
            {
                continue;
            }
            if (session.subscriptions().size() > 0)
            {
                backlogWatch.add(session.queuedBytes());
            }
            if (session.isStalled(nowNs, stallTimeoutNs))
            {
                cutOff(session, GatewayMetrics.CutOff.SLOW_CONSUMER_TIMEOUT, Frames.CLOSE_POLICY_VIOLATION,
                    "slow consumer: nothing read for " + ctx.slowConsumerTimeoutMs() + " ms");
                work++;
                continue;
            }
            final long silentNs = nowNs - session.lastSignOfLifeNs();
            if (silentNs > peerTimeoutNs)
            {
                cutOff(session, GatewayMetrics.CutOff.UNRESPONSIVE, Frames.CLOSE_GOING_AWAY,
                    "no answer to pings for " + ctx.peerTimeoutMs() + " ms");
                work++;
                continue;
            }
            if (silentNs >= heartbeatNs && nowNs - session.lastPingNs() >= heartbeatNs)
            {
                // a WebSocket ping: every client answers it unasked, so silence means the peer is gone
                session.lastPingNs(nowNs);
                outbound.sendControl(session, Frames.OP_PING, 0);
                work++;
            }
            if (nowNs - session.lastWriteNs() >= heartbeatNs)
            {
                outbound.send(session, outbound.control().heartbeat(epochClock.nanoTime() / 1000));
                work++;
            }
        }
        if (backlogWatch.end())
        {
            LOG.warn(backlogWatch.isMassBacklog() ?
                "most clients are behind (median backlog {} bytes): the machine is slow, not them; buffers may " +
                "grow to {} bytes before a client is cut off" :
                "clients caught up (median backlog {} bytes); back to cutting off at {} bytes",
                backlogWatch.medianBytes(), backlogWatch.isMassBacklog() ? buffers.maxSize() : softLimit);
        }
        outbound.limits(backlogWatch.isMassBacklog() ? ctx.maxSessionBufferBytes() - CONTROL_SLACK : softLimit,
            ctx.maxSessionBufferBytes() - CONTROL_SLACK);
        if (nowNs >= nextTrimNs)
        {
            // keep what the last period needed at its peak, and a margin; give the rest of a burst back
            nextTrimNs = nowNs + TRIM_INTERVAL_NS;
            buffers.trimIdle(KEEP_FREE_BUFFER_BYTES);
        }
        return work;
    }
}
