package io.tickgate.perf.nullgateway;

import io.tickgate.perf.protocol.SymbolIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every symbol the null gateway has seen, on the feed or in a subscribe: a dense id from a {@link SymbolIndex}, its
 * last seq, and its subscribers, also kept as an array so a tick's fan-out walks an array.
 * <b>Note:</b> not threadsafe; the null gateway's one thread.
 */
final class Subscriptions
{
    private final SymbolIndex symbols = new SymbolIndex();
    private final List<List<WsSession>> subscribers = new ArrayList<>();
    private WsSession[][] subscriberArrays = new WsSession[0][];
    private long[] seqs = new long[1024];

    /** @return the id of the symbol in {@code text[start, end)}, registered when it is new. */
    int symbol(final CharSequence text, final int start, final int end)
    {
        final int id = symbols.indexOf(text, start, end);
        return id >= 0 ? id : define(text.subSequence(start, end).toString());
    }

    long nextSeq(final int symbol)
    {
        return ++seqs[symbol];
    }

    WsSession[] subscribers(final int symbol)
    {
        return subscriberArrays[symbol];
    }

    void subscribe(final int symbol, final WsSession session)
    {
        subscribers.get(symbol).add(session);
        subscriberArrays[symbol] = subscribers.get(symbol).toArray(new WsSession[0]);
    }

    void unsubscribe(final int symbol, final WsSession session)
    {
        subscribers.get(symbol).remove(session);
        subscriberArrays[symbol] = subscribers.get(symbol).toArray(new WsSession[0]);
    }

    private int define(final String name)
    {
        final int id = symbols.add(name);
        subscribers.add(new ArrayList<>());
        subscriberArrays = Arrays.copyOf(subscriberArrays, id + 1);
        subscriberArrays[id] = new WsSession[0];
        if (id >= seqs.length)
        {
            seqs = Arrays.copyOf(seqs, seqs.length * 2);
        }
        return id;
    }
}
