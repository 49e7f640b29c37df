package io.tickgate.gateway;

import io.tickgate.codec.BinaryQuote;
import io.tickgate.codec.SymbolTable;
import io.tickgate.codec.TickDecoder;
import io.tickgate.journal.JournalHandler;
import io.tickgate.journal.JournalReader;
import org.agrona.collections.IntArrayList;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The gateway's single publisher thread. Each duty cycle it
 * <ol>
 * <li>applies client commands queued by the IO threads (so subscription state has one writer),</li>
 * <li>tails the journal: each tick updates the {@link LastValueCache} and fans out to its subscribers,</li>
 * <li>flushes conflated updates and pending snapshots to sessions whose rings have room, and</li>
 * <li>every few milliseconds sends heartbeats and cuts off stalled sessions.</li>
 * </ol>
 * Per tick it encodes the JSON once and copies it into each subscriber's ring: a full-mode subscriber that has no
 * room left is cut off (close 1008); a conflated one is marked dirty and later sent the latest value only.
 * <b>Note:</b> not threadsafe apart from {@link #offer(Command)}, which any thread may call.
 */
final class Publisher implements Agent, JournalHandler
{
    static final int CLOSE_POLICY_VIOLATION = 1008;
    private static final long SWEEP_INTERVAL_NS = 20_000_000L;

    private final GatewayContext ctx;
    private final GatewayMetrics metrics;
    private final JournalReader reader;
    private final SymbolTable symbols;
    private final LastValueCache lvc;
    private final SubscriberList[] subscribers;
    private final ManyToOneConcurrentArrayQueue<Command> commands;
    private final ManyToOneConcurrentLinkedQueue<Command> lifecycle = new ManyToOneConcurrentLinkedQueue<>();
    private final Consumer<Command> commandHandler = this::onCommand;
    private final List<Session> sessions = new ArrayList<>();
    private final List<Session> dirtySessions = new ArrayList<>();
    private final List<Session> wildcardSessions = new ArrayList<>();
    private final List<Session> pendingCutOffs = new ArrayList<>();
    private final List<Session> touched = new ArrayList<>();
    private final ControlMessages control = new ControlMessages();
    private final UnsafeBuffer snapshotScratch = new UnsafeBuffer(new byte[LastValueCache.MAX_PAYLOAD]);
    private final NanoClock nanoClock;
    private final EpochNanoClock epochClock;
    private final long heartbeatNs;
    private final long stallTimeoutNs;
    private long nowNs;
    private long nextSweepNs;
    private volatile boolean caughtUp;

    Publisher(final GatewayContext ctx, final GatewayMetrics metrics, final JournalReader reader)
    {
        this.ctx = ctx;
        this.metrics = metrics;
        this.reader = reader;
        this.symbols = reader.symbols();
        this.lvc = new LastValueCache(symbols.capacity());
        this.subscribers = new SubscriberList[symbols.capacity()];
        this.commands = new ManyToOneConcurrentArrayQueue<>(ctx.commandQueueCapacity());
        this.nanoClock = ctx.nanoClock();
        this.epochClock = ctx.epochClock();
        this.heartbeatNs = ctx.heartbeatMs() * 1_000_000L;
        this.stallTimeoutNs = ctx.slowConsumerTimeoutMs() * 1_000_000L;
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
     * Connects and disconnects travel apart from commands: they are bounded by the connection count, and losing one
     * to a full queue would leak a session.
     *
     * @return the queue for {@link Command.Op#CONNECT} and {@link Command.Op#DISCONNECT}.
     */
    ManyToOneConcurrentLinkedQueue<Command> lifecycle()
    {
        return lifecycle;
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
        int work = 0;
        for (Command event; null != (event = lifecycle.poll()); work++)
        {
            onCommand(event);
        }
        work += commands.drain(commandHandler, ctx.commandQueueCapacity());
        final int ticks = reader.poll(this, ctx.pollLimit());
        if (0 == ticks && !caughtUp)
        {
            caughtUp = true;
        }
        work += ticks;
        work += processCutOffs();
        work += flushDirty();
        if (nowNs >= nextSweepNs)
        {
            nextSweepNs = nowNs + SWEEP_INTERVAL_NS;
            work += sweep();
        }
        flushTouched();
        return work;
    }

    public void onClose()
    {
        reader.close();
    }

    // ---------------------------------------------------------------- journal

    public void onSymbol(final int symbolId)
    {
        for (int i = 0, size = wildcardSessions.size(); i < size; i++)
        {
            final Session session = wildcardSessions.get(i);
            final SessionSubscriptions subs = session.subscriptions();
            subscribe(session, symbolId, subs.wildcardFullMode(), subs.wildcardMinIntervalNs());
        }
    }

    public void onTick(final TickDecoder tick, final long index)
    {
        lvc.update(tick);
        metrics.ticksIn.lazySet(metrics.ticksIn.get() + 1);
        final int symbolId = tick.symbolId();
        final SubscriberList list = subscribers[symbolId];
        if (null == list || 0 == list.size())
        {
            return;
        }

        for (int i = 0, size = list.size(); i < size; i++)
        {
            final Session session = list.session(i);
            final int slot = list.slot(i);
            final SessionSubscriptions subs = session.subscriptions();
            if (session.isClosed())
            {
                continue;
            }
            if (subs.isDirty(slot))
            {
                if (!subs.isFullMode(slot))
                {
                    metrics.conflated.lazySet(metrics.conflated.get() + 1);
                }
                continue;
            }
            if (subs.isFullMode(slot))
            {
                if (offerQuote(session, symbolId, false))
                {
                    touch(session);
                }
                else
                {
                    // close now so no later tick of this poll reaches it (no gap before the close); the
                    // subscriptions are removed after the loop, which is iterating one of their lists
                    closeSlowConsumer(session);
                }
            }
            else if (subs.maySend(slot, nowNs) && hasConflationRoom(session) && offerQuote(session, symbolId, false))
            {
                subs.sent(slot, nowNs);
                touch(session);
            }
            else
            {
                subs.markDirty(slot);
                addDirty(session);
            }
        }
    }

    // ---------------------------------------------------------------- commands

    private void onCommand(final Command command)
    {
        final Session session = command.session;
        metrics.commands.incrementAndGet();
        switch (command.op)
        {
            case CONNECT:
                sessions.add(session);
                session.onRegistered(nowNs);
                return;

            case DISCONNECT:
                removeSession(session);
                return;

            default:
                break;
        }
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

            case PING:
                sendControl(session, control.pong(command.idJson));
                break;

            case REFUSE:
                sendError(session, command.errorCode, command.errorMessage, command.errorSymbols, command.idJson);
                break;

            default:
                break;
        }
        touch(session);
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
            sendError(session, command.errorCode, command.errorMessage, command.errorSymbols, command.idJson);
        }
        for (final String name : command.symbols)
        {
            if (CommandParser.WILDCARD.equals(name))
            {
                if (!subs.isWildcard())
                {
                    wildcardSessions.add(session);
                }
                subs.wildcard(true, command.fullMode, minIntervalNs);
                for (int symbolId = 0, count = symbols.count(); symbolId < count; symbolId++)
                {
                    subscribe(session, symbolId, command.fullMode, minIntervalNs);
                }
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
                subscribe(session, symbolId, command.fullMode, minIntervalNs);
                accepted.add(name);
            }
        }

        if (!unknown.isEmpty())
        {
            sendError(session, ErrorCode.UNKNOWN_SYMBOL, "no such symbol", unknown, command.idJson);
        }
        if (!overLimit.isEmpty())
        {
            sendError(session, ErrorCode.LIMIT,
                "at most " + ctx.maxSymbolsPerConnection() + " symbols per connection", overLimit, command.idJson);
        }
        if (!accepted.isEmpty())
        {
            sendSymbols(session, "subscribed", accepted, command.idJson);
        }
    }

    private void subscribe(final Session session, final int symbolId, final boolean full, final long minIntervalNs)
    {
        final SessionSubscriptions subs = session.subscriptions();
        final boolean isNew = !subs.isSubscribed(symbolId);
        final int slot = subs.subscribe(symbolId, full, minIntervalNs);
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
            if (lvc.has(symbolId))
            {
                subs.markSnapshotPending(slot);
                addDirty(session);
            }
        }
    }

    private void onUnsubscribe(final Command command)
    {
        final Session session = command.session;
        final List<String> accepted = new ArrayList<>();
        final List<String> unknown = new ArrayList<>();
        if (command.hasError())
        {
            sendError(session, command.errorCode, command.errorMessage, command.errorSymbols, command.idJson);
        }
        for (final String name : command.symbols)
        {
            if (CommandParser.WILDCARD.equals(name))
            {
                unsubscribeAll(session);
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
            accepted.add(name);
        }
        if (!unknown.isEmpty())
        {
            sendError(session, ErrorCode.UNKNOWN_SYMBOL, "no such symbol", unknown, command.idJson);
        }
        if (!accepted.isEmpty())
        {
            sendSymbols(session, "unsubscribed", accepted, command.idJson);
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
            subs.wildcard(false, false, 0);
            wildcardSessions.remove(session);
        }
        for (final int symbolId : subs.symbolIds())
        {
            unsubscribe(session, symbolId);
        }
    }

    private void removeSession(final Session session)
    {
        unsubscribeAll(session);
        sessions.remove(session);
        dirtySessions.remove(session);
        session.inDirtyList(false);
    }

    // ---------------------------------------------------------------- sending

    private void sendSymbols(final Session session, final String type, final List<String> names, final String idJson)
    {
        int from = 0;
        do
        {
            final int to = Math.min(names.size(), from + ControlMessages.SYMBOLS_PER_MESSAGE);
            sendControl(session, control.symbols(type, names.subList(from, to), idJson));
            from = to;
        }
        while (from < names.size());
    }

    private void sendError(
        final Session session,
        final ErrorCode code,
        final String message,
        final List<String> names,
        final String idJson)
    {
        metrics.error(code);
        if (names.size() <= ControlMessages.SYMBOLS_PER_MESSAGE)
        {
            sendControl(session, control.error(code, message, names, idJson));
            return;
        }
        for (int from = 0; from < names.size(); from += ControlMessages.SYMBOLS_PER_MESSAGE)
        {
            final int to = Math.min(names.size(), from + ControlMessages.SYMBOLS_PER_MESSAGE);
            sendControl(session, control.error(code, message, names.subList(from, to), idJson));
        }
    }

    private void sendControl(final Session session, final int length)
    {
        if (!session.offer(Session.MSG_TEXT, control.buffer(), 0, length, nowNs))
        {
            metrics.droppedControl.incrementAndGet();
        }
    }

    /**
     * Queue the symbol's latest value in the session's format, preceded on a binary session by the symbol's
     * definition the first time the symbol appears there.
     *
     * @return false when the ring had no room; the caller decides what that means.
     */
    private boolean offerQuote(final Session session, final int symbolId, final boolean snapshot)
    {
        final boolean binary = session.isBinary();
        final int msgType = binary ? Session.MSG_BINARY : Session.MSG_TEXT;
        if (binary && !session.isAnnounced(symbolId))
        {
            snapshotScratch.putLong(0, 0L);
            final int length = LastValueCache.PAYLOAD_HEADER + BinaryQuote.writeSymbol(
                symbolId, symbols, snapshotScratch, LastValueCache.PAYLOAD_HEADER);
            if (!session.offer(Session.MSG_BINARY, snapshotScratch, 0, length, nowNs))
            {
                return false;
            }
            session.announced(symbolId, symbols.capacity());
        }
        if (snapshot)
        {
            final int length = lvc.writeSnapshotPayload(symbolId, symbols, binary, snapshotScratch);
            return session.offer(msgType, snapshotScratch, 0, length, nowNs);
        }
        final LastValueCache.PayloadSlots payload = lvc.tickPayload(symbolId, symbols, binary);
        return session.offer(msgType, payload.buffer(), payload.offset(symbolId), payload.length(symbolId), nowNs);
    }

    /**
     * Note a session that was given messages; its IO thread is woken once per duty cycle, so a whole poll's worth of
     * updates goes out in one frame rather than one wake-up per tick.
     */
    private void touch(final Session session)
    {
        if (session.queuedBytes() > session.ringCapacity() / 4)
        {
            // this session has a lot waiting: wake its IO thread now rather than at the end of the cycle
            session.scheduleFlush();
        }
        else if (!session.isTouched())
        {
            session.touched(true);
            touched.add(session);
        }
    }

    private void flushTouched()
    {
        for (int i = 0, size = touched.size(); i < size; i++)
        {
            final Session session = touched.get(i);
            session.touched(false);
            session.scheduleFlush();
        }
        touched.clear();
    }

    private boolean hasConflationRoom(final Session session)
    {
        return session.queuedBytes() < session.ringCapacity() / 2;
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
        int work = 0;
        for (int i = dirtySessions.size() - 1; i >= 0; i--)
        {
            final Session session = dirtySessions.get(i);
            if (session.isClosed() || flushDirty(session))
            {
                session.inDirtyList(false);
                final int last = dirtySessions.size() - 1;
                dirtySessions.set(i, dirtySessions.get(last));
                dirtySessions.remove(last);
                work++;
            }
        }
        return work;
    }

    /**
     * @return true when nothing is left dirty.
     */
    private boolean flushDirty(final Session session)
    {
        final SessionSubscriptions subs = session.subscriptions();
        final IntArrayList dirty = subs.dirtySlots();
        boolean sent = false;
        for (int i = 0; i < dirty.size() && hasConflationRoom(session); )
        {
            final int slot = dirty.getInt(i);
            final int symbolId = subs.symbolId(slot);
            final boolean snapshot = subs.isSnapshotPending(slot);
            if (!snapshot && !subs.maySend(slot, nowNs))
            {
                i++;
                continue;
            }
            if (!offerQuote(session, symbolId, snapshot))
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
            touch(session);
        }
        return dirty.isEmpty();
    }

    private void closeSlowConsumer(final Session session)
    {
        metrics.cutOff(GatewayMetrics.CutOff.SLOW_CONSUMER);
        session.close(CLOSE_POLICY_VIOLATION,
            "slow consumer: " + session.queuedBytes() + " bytes queued, limit " + session.ringCapacity());
        pendingCutOffs.add(session);
    }

    private int processCutOffs()
    {
        final int count = pendingCutOffs.size();
        for (int i = 0; i < count; i++)
        {
            removeSession(pendingCutOffs.get(i));
        }
        pendingCutOffs.clear();
        return count;
    }

    private void cutOff(final Session session, final GatewayMetrics.CutOff reason, final String message)
    {
        metrics.cutOff(reason);
        session.close(CLOSE_POLICY_VIOLATION, message);
        removeSession(session);
    }

    private int sweep()
    {
        int work = 0;
        for (int i = sessions.size() - 1; i >= 0; i--)
        {
            final Session session = sessions.get(i);
            if (session.isClosed())
            {
                continue;
            }
            if (session.isStalled(nowNs, stallTimeoutNs))
            {
                cutOff(session, GatewayMetrics.CutOff.SLOW_CONSUMER_TIMEOUT, "slow consumer: nothing read for " +
                    ctx.slowConsumerTimeoutMs() + " ms");
                work++;
            }
            else if (nowNs - session.lastWriteNs() >= heartbeatNs)
            {
                final int length = control.heartbeat(epochClock.nanoTime() / 1000);
                if (session.hasRing())
                {
                    sendControl(session, length);
                    touch(session);
                }
                else
                {
                    session.lastWriteNs(nowNs);
                    session.sendDirect(control.frameText(length));
                }
                work++;
            }
        }
        return work;
    }
}
