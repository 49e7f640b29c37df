package io.tickgate.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the application asked to stream, kept across connections, and the commands that ask for it again on each new
 * one: full-mode symbols seen before are replayed from the seq after the last delivered, the rest subscribed afresh.
 * It follows the replay in flight so that, when the gateway refuses it, the symbols fall back to a plain subscribe.
 * <b>Note:</b> not threadsafe; used under the client's lock.
 */
final class Subscriptions
{
    private static final long NO_COMMAND = -1;

    private static final class Subscription
    {
        final Mode mode;
        final int maxRate;

        Subscription(final Mode mode, final int maxRate)
        {
            this.mode = mode;
            this.maxRate = maxRate;
        }
    }

    private final SymbolRegistry registry;
    private final Commands commands;
    private final Map<String, Subscription> bySymbol = new LinkedHashMap<>();
    private final List<String> replaySymbols = new ArrayList<>();
    private boolean wildcardFull;
    private long replayCommandId = NO_COMMAND;

    Subscriptions(final SymbolRegistry registry, final Commands commands)
    {
        this.registry = registry;
        this.commands = commands;
    }

    /**
     * Record symbols as subscribed, or change their mode and rate.
     *
     * @param symbols valid symbols, or {@link TickgateClient#ALL_SYMBOLS}.
     * @param mode    conflated or full.
     * @param maxRate for conflated mode, 0 for no limit.
     */
    void add(final Collection<String> symbols, final Mode mode, final int maxRate)
    {
        final Subscription subscription = new Subscription(mode, maxRate);
        for (final String symbol : symbols)
        {
            bySymbol.put(symbol, subscription);
            if (TickgateClient.ALL_SYMBOLS.equals(symbol))
            {
                wildcardFull = Mode.FULL == mode;
            }
            else
            {
                registry.lookup(symbol).full = Mode.FULL == mode;
            }
        }
    }

    /**
     * Forget symbols, and their last seqs, so a later subscribe starts afresh with a snapshot.
     *
     * @param symbols valid symbols, or {@link TickgateClient#ALL_SYMBOLS} for everything.
     */
    void remove(final Collection<String> symbols)
    {
        for (final String symbol : symbols)
        {
            if (TickgateClient.ALL_SYMBOLS.equals(symbol))
            {
                bySymbol.clear();
                wildcardFull = false;
                registry.forEach(Subscriptions::forget);
            }
            else
            {
                bySymbol.remove(symbol);
                forget(registry.lookup(symbol));
            }
        }
    }

    /**
     * @param state a symbol a quote arrived for.
     * @return true when it streams in full mode, by name or through a full-mode {@code *}; on the hot path, so it
     * allocates nothing.
     */
    boolean isFull(final SymbolState state)
    {
        return state.full || (wildcardFull && !bySymbol.containsKey(state.name));
    }

    /**
     * Ask a fresh connection for every subscription: one replay of the full-mode symbols seen before, from the seq
     * after the last delivered; one full subscribe of the others (and {@code *}); conflated ones grouped by rate.
     *
     * @param connection where the commands go.
     */
    void resubscribe(final Consumer<String> connection)
    {
        final Map<String, Long> fromSeq = new LinkedHashMap<>();
        final List<String> full = new ArrayList<>();
        final Map<Integer, List<String>> conflatedByRate = new LinkedHashMap<>();
        for (final Map.Entry<String, Subscription> entry : bySymbol.entrySet())
        {
            final String symbol = entry.getKey();
            final Subscription subscription = entry.getValue();
            if (Mode.FULL == subscription.mode)
            {
                final long lastSeq = TickgateClient.ALL_SYMBOLS.equals(symbol) ? 0 : registry.lookup(symbol).lastSeq;
                if (lastSeq > 0)
                {
                    fromSeq.put(symbol, lastSeq + 1);
                }
                else
                {
                    full.add(symbol);
                }
            }
            else
            {
                conflatedByRate.computeIfAbsent(subscription.maxRate, rate -> new ArrayList<>()).add(symbol);
            }
        }
        if (!fromSeq.isEmpty())
        {
            final String replay = commands.replay(fromSeq);
            replayCommandId = commands.lastId();
            replaySymbols.clear();
            replaySymbols.addAll(fromSeq.keySet());
            connection.accept(replay);
        }
        if (!full.isEmpty())
        {
            connection.accept(commands.subscribe(full, Mode.FULL, 0));
        }
        for (final Map.Entry<Integer, List<String>> entry : conflatedByRate.entrySet())
        {
            connection.accept(commands.subscribe(entry.getValue(), Mode.CONFLATED, entry.getKey()));
        }
    }

    /**
     * @param commandId the id a {@code replayEnd} answers.
     */
    void onReplayEnd(final long commandId)
    {
        if (commandId == replayCommandId)
        {
            forgetReplay();
        }
    }

    /**
     * An {@code error}: when it refuses the replay in flight (a seq too old for the journal, no replay support, a token
     * without replay), its symbols fall back to a plain full subscribe, and the jump to the new snapshot is reported as
     * a gap. An unknown symbol is not a refusal of the replay. Symbols refused as {@code NOT_ENTITLED} other than in
     * the replay (a subscribe, the fallback's subscribe, a refreshed token that covers less) are forgotten.
     *
     * @param message    the error.
     * @param connection where the fallback subscribe goes.
     */
    void onError(final ControlMessage message, final Consumer<String> connection)
    {
        final boolean refusesReplay = NO_COMMAND != replayCommandId && message.id == replayCommandId;
        if (!refusesReplay && "NOT_ENTITLED".equals(message.code))
        {
            // the token does not cover them: asking again on every reconnect would only be refused again
            remove(message.symbols);
            return;
        }
        if (!refusesReplay || "UNKNOWN_SYMBOL".equals(message.code))
        {
            return;
        }
        final List<String> fallback = new ArrayList<>(replaySymbols);
        if (!message.symbols.isEmpty())
        {
            fallback.retainAll(message.symbols);
        }
        replaySymbols.removeAll(fallback);
        if (replaySymbols.isEmpty())
        {
            replayCommandId = NO_COMMAND;
        }
        if (!fallback.isEmpty())
        {
            for (final String symbol : fallback)
            {
                // the snapshot starts a new stream: deliver it even if its seq is not above the last one
                // (a replaced journal starts again from 1) and report the jump either way
                final SymbolState state = registry.lookup(symbol);
                if (state.lastSeq > 0)
                {
                    state.resyncFrom = state.lastSeq + 1;
                }
            }
            connection.accept(commands.subscribe(fallback, Mode.FULL, 0));
        }
    }

    /**
     * The connection is gone: its replay will never be answered.
     */
    void forgetReplay()
    {
        replayCommandId = NO_COMMAND;
        replaySymbols.clear();
    }

    private static void forget(final SymbolState state)
    {
        state.lastSeq = 0;
        state.resyncFrom = 0;
        state.full = false;
    }
}
