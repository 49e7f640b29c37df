package io.tickgate.gateway.publisher;

import io.tickgate.codec.TickDecoder;
import io.tickgate.codec.SymbolTable;
import io.tickgate.gateway.Command;
import io.tickgate.gateway.security.Grant;
import io.tickgate.journal.JournalHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * One client's replay: its own {@link ReplayCursor} over the journal, paced by the room in the session's ring,
 * filtering the journal's records down to the requested symbols and time range. The publisher ends it when the cursor
 * is done: at the live reader's position (then the symbols join the live stream), or for a bounded replay at the
 * live reader's position when it started.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class ReplayJob implements JournalHandler, AutoCloseable
{
    private final Session session;
    private final Outbound outbound;
    private final ReplayCursor cursor;
    private final boolean allSymbols;
    private final long[] minSeq;
    private final boolean live;
    private final boolean conflateWhenSlow;
    private final List<String> names;
    private final String idJson;
    private final List<Deferred> deferred = new ArrayList<>();
    private final SymbolTable symbols;
    /** For a replay of {@code *} under a token of some symbols only: per symbol id, 0 not yet asked, 1 yes, 2 no. */
    private byte[] entitled;
    private long windowStartNs;
    private long readInWindow;
    private boolean overflowed;

    ReplayJob(
        final Session session,
        final Outbound outbound,
        final ReplayCursor cursor,
        final boolean allSymbols,
        final long[] minSeq,
        final Command command,
        final List<String> names,
        final SymbolTable symbols)
    {
        this.symbols = symbols;
        this.entitled = allSymbols && !session.grant().symbols().isAll() ? new byte[symbols.capacity()] : null;
        this.session = session;
        this.outbound = outbound;
        this.cursor = cursor;
        this.allSymbols = allSymbols;
        this.minSeq = minSeq;
        this.live = Command.NO_TIME == command.toMicros;
        this.conflateWhenSlow = command.conflateWhenSlow;
        this.names = names;
        this.idJson = command.idJson;
    }

    Session session()
    {
        return session;
    }

    ReplayCursor cursor()
    {
        return cursor;
    }

    boolean isLive()
    {
        return live;
    }

    boolean overflowed()
    {
        return overflowed;
    }

    boolean conflateWhenSlow()
    {
        return conflateWhenSlow;
    }

    boolean isAllSymbols()
    {
        return allSymbols;
    }

    List<String> names()
    {
        return names;
    }

    /**
     * Start counting the journal records this replay reads, for its minimum pace.
     */
    void newWindow(final long nowNs)
    {
        windowStartNs = nowNs;
        readInWindow = 0;
    }

    long windowStartNs()
    {
        return windowStartNs;
    }

    long readInWindow()
    {
        return readInWindow;
    }

    void read(final int records)
    {
        readInWindow += records;
    }

    String idJson()
    {
        return idJson;
    }

    boolean wants(final int symbolId)
    {
        return allSymbols ? isEntitled(symbolId) : minSeq[symbolId] > 0;
    }

    /**
     * A replay of {@code *} takes only the symbols the token entitles, each asked once, when the replay first meets
     * it: symbols defined while it runs included.
     */
    private boolean isEntitled(final int symbolId)
    {
        if (null == entitled)
        {
            return true;
        }
        if (0 == entitled[symbolId])
        {
            entitled[symbolId] = session.grant().entitles(symbols.name(symbolId)) ? (byte)1 : (byte)2;
        }
        return 1 == entitled[symbolId];
    }

    /**
     * The session's token was refreshed: a replay of {@code *} asks each symbol again, and the subscriptions waiting
     * for the replay's end that the token no longer entitles are dropped, their names added to {@code revoked}.
     */
    void regrant(final Grant grant, final List<String> revoked)
    {
        entitled = allSymbols && !grant.symbols().isAll() ? new byte[symbols.capacity()] : null;
        deferred.removeIf(d ->
        {
            final String name = symbols.name(d.symbolId);
            if (grant.entitles(name))
            {
                return false;
            }
            if (!revoked.contains(name))
            {
                revoked.add(name);
            }
            return true;
        });
    }

    /**
     * Stop replaying one symbol, because the client unsubscribed it.
     */
    void drop(final int symbolId, final String name)
    {
        minSeq[symbolId] = 0;
        names.remove(name);
        deferred.removeIf(d -> d.symbolId == symbolId);
    }

    /**
     * The client subscribed to a symbol this replay holds: the subscription starts when the replay ends, so live
     * ticks never interleave with replayed ones.
     */
    void deferSubscribe(final int symbolId, final boolean full, final long minIntervalNs, final boolean conflateSlow)
    {
        deferred.add(new Deferred(symbolId, full, minIntervalNs, conflateSlow));
    }

    /**
     * @return the subscriptions that wait for the end of the replay, in the order they were asked for.
     */
    List<Deferred> deferred()
    {
        return deferred;
    }

    /**
     * A subscription asked for while the replay held its symbol.
     */
    record Deferred(int symbolId, boolean full, long minIntervalNs, boolean conflateWhenSlow)
    {
    }

    boolean isEmpty()
    {
        return !allSymbols && names.isEmpty();
    }

    public void onTick(final TickDecoder tick, final long index)
    {
        final int symbolId = tick.symbolId();
        if (overflowed || !wants(symbolId) || tick.seq() < minSeq[symbolId] ||
            !cursor.inRange(tick.eventTimeMicros()))
        {
            return;
        }
        if (!outbound.offerHistoric(session, tick))
        {
            overflowed = true;
        }
    }

    public void close()
    {
        cursor.close();
    }
}
