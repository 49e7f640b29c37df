package io.tickgate.gateway.publisher;

import io.tickgate.codec.SymbolTable;
import io.tickgate.gateway.GatewayMetrics;
import io.tickgate.gateway.security.Grant;

import java.util.ArrayList;
import java.util.List;

/**
 * Who is subscribed to what: each symbol's {@link SubscriberList}, each session's {@link SessionSubscriptions}, and
 * the sessions subscribed to {@code *}, which join every symbol their token entitles, now and when it appears later
 * (checked once per new symbol, never per tick). A new subscription to a symbol
 * that has a value gets its snapshot first ({@link Conflation#markSnapshot}). A symbol the session's replay holds is
 * subscribed when the replay ends ({@link ReplayJob#deferSubscribe}).
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class Subscriptions
{
    private final SymbolTable symbols;
    private final LastValueCache lvc;
    private final Conflation conflation;
    private final GatewayMetrics metrics;
    private final SubscriberList[] bySymbol;
    private final List<Session> wildcardSessions = new ArrayList<>();

    Subscriptions(
        final SymbolTable symbols, final LastValueCache lvc, final Conflation conflation, final GatewayMetrics metrics)
    {
        this.symbols = symbols;
        this.lvc = lvc;
        this.conflation = conflation;
        this.metrics = metrics;
        this.bySymbol = new SubscriberList[symbols.capacity()];
    }

    /**
     * @return the symbol's subscribers, or null when it never had any.
     */
    SubscriberList subscribers(final int symbolId)
    {
        return bySymbol[symbolId];
    }

    /**
     * Subscribe, or change the mode of an existing subscription.
     *
     * @param minIntervalNs least time between a conflated symbol's updates ({@code maxRate}); 0 for no limit.
     * @param snapshot      send the symbol's latest value first, when it has one.
     */
    void subscribe(
        final Session session,
        final int symbolId,
        final boolean full,
        final long minIntervalNs,
        final boolean conflateWhenSlow,
        final boolean snapshot)
    {
        final ReplayJob replay = session.replay();
        if (null != replay && replay.wants(symbolId))
        {
            replay.deferSubscribe(symbolId, full, minIntervalNs, conflateWhenSlow);
            return;
        }
        final SessionSubscriptions subs = session.subscriptions();
        final boolean isNew = !subs.isSubscribed(symbolId);
        final int slot = subs.subscribe(symbolId, full, minIntervalNs, conflateWhenSlow);
        if (isNew)
        {
            SubscriberList list = bySymbol[symbolId];
            if (null == list)
            {
                list = new SubscriberList();
                bySymbol[symbolId] = list;
            }
            list.add(session, slot);
            metrics.subscriptions.incrementAndGet();
            if (snapshot && lvc.has(symbolId))
            {
                conflation.markSnapshot(session, slot);
            }
        }
    }

    /**
     * Subscribe to {@code *}: every symbol known now, and every one that appears later, that the session's token
     * entitles.
     */
    void subscribeAll(
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
        final Grant grant = session.grant();
        for (int symbolId = 0, count = symbols.count(); symbolId < count; symbolId++)
        {
            if (grant.symbols().isAll() || grant.entitles(symbols.name(symbolId)))
            {
                subscribe(session, symbolId, full, minIntervalNs, conflateWhenSlow, snapshot);
            }
        }
    }

    /**
     * A symbol appeared in the journal: the {@code *} subscribers whose token entitles it take it, in their
     * wildcard's mode.
     */
    void onNewSymbol(final int symbolId)
    {
        final String name = symbols.name(symbolId);
        for (int i = 0, size = wildcardSessions.size(); i < size; i++)
        {
            final Session session = wildcardSessions.get(i);
            if (!session.isClosed() && session.grant().entitles(name))
            {
                joinWildcard(session, symbolId);
            }
        }
    }

    /**
     * The session's token was refreshed: its {@code *} takes the symbols that the new token entitles and the old
     * did not; symbols it no longer entitles are the caller's to end.
     */
    void onRegrant(final Session session, final Grant old)
    {
        final Grant grant = session.grant();
        if (!session.subscriptions().isWildcard() || old.symbols().isAll())
        {
            return;
        }
        for (int symbolId = 0, count = symbols.count(); symbolId < count; symbolId++)
        {
            final String name = symbols.name(symbolId);
            if (!old.entitles(name) && grant.entitles(name))
            {
                joinWildcard(session, symbolId);
            }
        }
    }

    private void joinWildcard(final Session session, final int symbolId)
    {
        final SessionSubscriptions subs = session.subscriptions();
        subscribe(session, symbolId, subs.wildcardFullMode(), subs.wildcardMinIntervalNs(),
            subs.wildcardConflateWhenSlow(), true);
    }

    void unsubscribe(final Session session, final int symbolId)
    {
        final SessionSubscriptions subs = session.subscriptions();
        final int slot = subs.unsubscribe(symbolId);
        if (slot >= 0)
        {
            bySymbol[symbolId].remove(subs.listIndex(slot));
            metrics.subscriptions.decrementAndGet();
        }
    }

    /**
     * Unsubscribe from everything, {@code *} included.
     */
    void unsubscribeAll(final Session session)
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
}
