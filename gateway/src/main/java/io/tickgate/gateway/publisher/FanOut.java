package io.tickgate.gateway.publisher;

import io.tickgate.codec.SymbolTable;
import io.tickgate.codec.TickDecoder;
import io.tickgate.gateway.GatewayMetrics;
import io.tickgate.journal.JournalHandler;

/**
 * A live tick's way, straight down: the journal reader hands it here; the {@link LastValueCache} keeps it and
 * encodes it once in each format its subscribers take; the {@link JournalIndex} notes it for replays; then each
 * subscriber gets it as {@link Conflation} decides (queued at once, folded into a dirty flag, or a cut-off), and the
 * publisher writes every touched session once at the end of its duty cycle. A new symbol joins the {@code *}
 * subscriptions. A subscriber that throws is handed to {@link Faults}; the others still get the tick. The live line
 * and each delay line ({@link DelayLines}) have a fan-out of their own over their own cache and subscriptions; only
 * the live one indexes and counts ticks, once each.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class FanOut implements JournalHandler
{
    private final SymbolTable symbols;
    private final LastValueCache lvc;
    private final JournalIndex index;
    private final Subscriptions subscriptions;
    private final Conflation conflation;
    private final GatewayMetrics metrics;
    private final Faults faults;
    private long lastIngestNanos;

    /**
     * @param index the replay index the live line keeps; null for a delay line, which neither indexes nor counts.
     */
    FanOut(
        final SymbolTable symbols,
        final LastValueCache lvc,
        final JournalIndex index,
        final Subscriptions subscriptions,
        final Conflation conflation,
        final GatewayMetrics metrics,
        final Faults faults)
    {
        this.symbols = symbols;
        this.lvc = lvc;
        this.index = index;
        this.subscriptions = subscriptions;
        this.conflation = conflation;
        this.metrics = metrics;
        this.faults = faults;
    }

    public void onSymbol(final int symbolId)
    {
        subscriptions.onNewSymbol(symbolId);
    }

    /**
     * A symbol's last tick repeated in a cycle header: it seeds the cache when the live reader started at that header
     * (the gateway reads only the newest day at start); one already read live is older or the same, and is ignored.
     * Neither a new tick nor indexed: replays read the tick where it was first journaled.
     */
    public void onCarried(final TickDecoder tick, final long journalIndex)
    {
        if (tick.seq() > lvc.seq(tick.symbolId()))
        {
            keep(tick);
        }
    }

    public void onTick(final TickDecoder tick, final long journalIndex)
    {
        final SubscriberList list = keep(tick);
        if (null != index)
        {
            lastIngestNanos = tick.ingestTimeNanos();
            index.onTick(tick, journalIndex);
            metrics.ticksIn.lazySet(metrics.ticksIn.get() + 1);
        }
        if (null == list)
        {
            return;
        }
        final int symbolId = tick.symbolId();
        for (int i = 0, size = list.size(); i < size; i++)
        {
            final Session session = list.session(i);
            if (!session.isClosed())
            {
                try
                {
                    conflation.onTick(session, list.slot(i), symbolId);
                }
                catch (final RuntimeException ex)
                {
                    faults.onFault(session, ex);
                }
            }
        }
    }

    /**
     * @return the ingest time of the last live tick read (the live line's fan-out only), 0 before the first.
     */
    long lastIngestNanos()
    {
        return lastIngestNanos;
    }

    /**
     * Keep the tick as its symbol's latest, encoded for the formats subscribed to it.
     *
     * @return the symbol's subscribers, null when it has none.
     */
    private SubscriberList keep(final TickDecoder tick)
    {
        final SubscriberList list = subscriptions.subscribers(tick.symbolId());
        final boolean subscribed = null != list && list.size() > 0;
        lvc.update(tick, symbols, subscribed && list.hasJson(), subscribed && list.hasBinary());
        return subscribed ? list : null;
    }
}
