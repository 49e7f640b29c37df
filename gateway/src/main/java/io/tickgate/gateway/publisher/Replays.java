package io.tickgate.gateway.publisher;

import io.tickgate.codec.EpochMicros;
import io.tickgate.codec.SymbolTable;
import io.tickgate.gateway.Command;
import io.tickgate.gateway.ErrorCode;
import io.tickgate.gateway.security.Grant;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalReader;

import java.util.ArrayList;
import java.util.List;

/**
 * History from the journal: checks a replay request against what the journal holds, starts a {@link ReplayJob}
 * (its own {@link ReplayCursor}, which reads only the {@link JournalIndex}'s blocks that may hold the range), feeds
 * it in batches that leave room in the session for live data, and at the live reader's position hands its symbols to
 * the live stream at the seam, so no tick is sent twice or missed. A bounded replay ({@code to}) reads up to where
 * the live reader was when it started.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class Replays
{
    static final int MAX_REPLAYS = 32;
    /** A replay must read at least its minimum rate over each window this long, or it ends. */
    static final long PACE_WINDOW_NS = 10_000_000_000L;
    private static final int BATCH = 256;
    private static final int MAX_MESSAGE_BYTES = LastValueCache.MAX_PAYLOAD + 64;

    private final Journal journal;
    private final JournalIndex index;
    private final Outbound outbound;
    private final SessionLifecycle lifecycle;
    private final Watermarks marks;
    private final CycleClock clock;
    private final long minRecordsPerWindow;
    private final NotEntitled notEntitled;
    private final List<ReplayJob> jobs = new ArrayList<>();

    /**
     * @param journal to open each replay's reader on; a replay ends at the reader of its session's {@link Line},
     *                where that line's data takes over.
     */
    Replays(
        final Journal journal,
        final JournalIndex index,
        final Outbound outbound,
        final SessionLifecycle lifecycle,
        final Watermarks marks,
        final CycleClock clock,
        final int minRecordsPerSecond,
        final NotEntitled notEntitled)
    {
        this.notEntitled = notEntitled;
        this.clock = clock;
        this.minRecordsPerWindow = minRecordsPerSecond * (PACE_WINDOW_NS / 1_000_000_000L);
        this.journal = journal;
        this.index = index;
        this.outbound = outbound;
        this.lifecycle = lifecycle;
        this.marks = marks;
    }

    /**
     * A {@code replay} command: answer errors, or start the replay, which takes its symbols over from the live
     * stream until it ends.
     */
    void onReplay(final Command command)
    {
        final Session session = command.session;
        if (!session.grant().replay())
        {
            notEntitled.send(session, "this token does not allow replays", command.symbols, command.idJson);
            return;
        }
        final JournalReader live = session.line().reader();
        final SymbolTable symbols = live.symbols();
        final LastValueCache lvc = session.line().lvc();
        final Subscriptions subscriptions = session.line().subscriptions();
        if (null != session.replay() || jobs.size() >= MAX_REPLAYS)
        {
            outbound.sendError(session, ErrorCode.LIMIT, null != session.replay() ?
                "one replay at a time per connection" : "the gateway is running " + MAX_REPLAYS + " replays",
                command.symbols, command.idJson);
            return;
        }
        final boolean all = command.symbols.contains(Command.WILDCARD);
        final long[] minSeq = new long[symbols.capacity()];
        final List<String> names = new ArrayList<>();
        final List<String> unknown = new ArrayList<>();
        final List<String> refused = new ArrayList<>();
        long startIndex = Long.MAX_VALUE;
        String problem = null;
        for (final String name : command.symbols)
        {
            if (Command.WILDCARD.equals(name))
            {
                names.add(name);
                continue;
            }
            // as a subscribe: outside the token it is refused whether it exists or not
            if (!session.grant().entitles(name))
            {
                refused.add(name);
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
        if (Command.NO_TIME != command.fromMicros && !index.isEmpty())
        {
            // a range before every tick, or reaching before a journal whose first days were deleted, cannot be
            // served: say so rather than start later and hide the gap
            if (Command.NO_TIME != command.toMicros && command.toMicros < index.minEventMicros())
            {
                problem = "the journal starts at " + EpochMicros.toIso(index.minEventMicros());
            }
            else if (!index.isComplete() && command.fromMicros < index.firstEventMicros())
            {
                problem = "the journal starts at " + EpochMicros.toIso(index.firstEventMicros());
            }
            startIndex = index.indexForTime(command.fromMicros);
        }
        notEntitled.send(session, "not entitled to these symbols", refused, command.idJson);
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
            if (Command.WILDCARD.equals(name))
            {
                subscriptions.unsubscribeAll(session);
            }
            else
            {
                subscriptions.unsubscribe(session, symbols.lookup(name));
            }
        }
        if (Long.MAX_VALUE == startIndex && live.lastIndex() >= 0)
        {
            // nothing to replay from history: start where the live reader is
            startIndex = live.lastIndex();
        }
        final boolean bounded = Command.NO_TIME != command.toMicros;
        final ReplayCursor cursor = new ReplayCursor(journal, symbols, index.blocks(),
            Command.NO_TIME == command.fromMicros ? Long.MIN_VALUE : command.fromMicros,
            bounded ? command.toMicros : Long.MAX_VALUE, bounded ? live.lastIndex() : Long.MAX_VALUE);
        cursor.start(startIndex);
        final ReplayJob job = new ReplayJob(session, outbound, cursor, all, minSeq, command, names, symbols);
        job.newWindow(clock.nanoTime());
        session.replay(job);
        jobs.add(job);
    }

    /**
     * Feed each replay what its session has room for, and end the ones whose cursor is done.
     *
     * @return ticks read.
     */
    int poll()
    {
        int work = 0;
        for (int i = jobs.size() - 1; i >= 0; i--)
        {
            final ReplayJob job = jobs.get(i);
            final Session session = job.session();
            if (session.isClosed() || session.replay() != job || tooSlow(job))
            {
                continue;
            }
            final int room = (marks.sendBelowBytes - session.queuedBytes()) / MAX_MESSAGE_BYTES;
            if (room <= 0)
            {
                continue;
            }
            final int limit = Math.min(room, BATCH);
            final int read = job.cursor().poll(job, limit, session.line().reader().lastIndex());
            job.read(read);
            work += read;
            if (job.overflowed())
            {
                lifecycle.closeSlowConsumer(session);
            }
            else if (job.cursor().isDone())
            {
                finish(job);
            }
        }
        return work;
    }

    /**
     * A replay slot is not held forever by a client that reads a trickle (too little to count as stalled): one that
     * read fewer journal records than its minimum rate over a window ends with a {@code LIMIT} error, its connection
     * left open.
     *
     * @return true when the replay was ended.
     */
    private boolean tooSlow(final ReplayJob job)
    {
        final long nowNs = clock.nanoTime();
        if (nowNs - job.windowStartNs() < PACE_WINDOW_NS)
        {
            return false;
        }
        if (job.readInWindow() >= minRecordsPerWindow)
        {
            job.newWindow(nowNs);
            return false;
        }
        final Session session = job.session();
        outbound.sendError(session, ErrorCode.LIMIT, "replay too slow: " + job.readInWindow() + " journal records in " +
            PACE_WINDOW_NS / 1_000_000_000L + " s, the least is " + minRecordsPerWindow + "; the replay ends",
            job.names(), job.idJson());
        end(session);
        return true;
    }

    /**
     * The session's token was refreshed: a token without replays ends its replay (NOT_ENTITLED); otherwise the
     * replay stops the symbols the token no longer entitles, and those waiting to be subscribed at its end are
     * dropped, each added to {@code revoked}; a replay left with nothing ends.
     */
    void onRegrant(final Session session, final List<String> revoked)
    {
        final ReplayJob job = session.replay();
        if (null == job)
        {
            return;
        }
        final Grant grant = session.grant();
        final SymbolTable symbols = session.line().symbols();
        if (!grant.replay())
        {
            notEntitled.send(session, "the refreshed token does not allow replays; the replay ends", job.names(),
                job.idJson());
            end(session);
            return;
        }
        for (final String name : List.copyOf(job.names()))
        {
            if (!Command.WILDCARD.equals(name) && !grant.entitles(name))
            {
                job.drop(symbols.lookup(name), name);
                revoked.add(name);
            }
        }
        job.regrant(grant, revoked);
        if (job.isEmpty())
        {
            end(session);
        }
    }

    /**
     * The client unsubscribed a symbol: stop replaying it, and end the replay when nothing is left.
     */
    void onUnsubscribed(final Session session, final int symbolId, final String name)
    {
        final ReplayJob job = session.replay();
        if (null != job && job.wants(symbolId))
        {
            job.drop(symbolId, name);
            if (job.isEmpty())
            {
                end(session);
            }
        }
    }

    /**
     * The replay has read up to the live reader's position (a bounded one: where it was when the replay started): end
     * it, and for a live replay
     * subscribe its symbols in full mode with no snapshot, so the next live tick follows the last replayed one. The
     * subscriptions asked for during the replay start now, in the mode asked for (those new to the session with a
     * snapshot, queued after the {@code replayEnd}).
     */
    private void finish(final ReplayJob job)
    {
        final Session session = job.session();
        final SymbolTable symbols = session.line().symbols();
        final Subscriptions subscriptions = session.line().subscriptions();
        final boolean toLive = job.isLive();
        end(session);
        if (toLive)
        {
            if (job.isAllSymbols())
            {
                subscriptions.subscribeAll(session, true, 0, job.conflateWhenSlow(), false);
            }
            for (final String name : job.names())
            {
                if (!Command.WILDCARD.equals(name))
                {
                    subscriptions.subscribe(session, symbols.lookup(name), true, 0, job.conflateWhenSlow(), false);
                }
            }
        }
        outbound.sendReplayEnd(session, toLive, job.names(), job.idJson());
        // subscribed while the replay ran: entitled then, and dropped at a refresh that took them away
        for (final ReplayJob.Deferred d : job.deferred())
        {
            subscriptions.subscribe(session, d.symbolId(), d.full(), d.minIntervalNs(), d.conflateWhenSlow(), true);
        }
    }

    /**
     * Stop the session's replay, if it has one, without a {@code replayEnd}.
     */
    void end(final Session session)
    {
        final ReplayJob job = session.replay();
        if (null != job)
        {
            session.replay(null);
            jobs.remove(job);
            job.close();
        }
    }

    void close()
    {
        jobs.forEach(ReplayJob::close);
    }
}
