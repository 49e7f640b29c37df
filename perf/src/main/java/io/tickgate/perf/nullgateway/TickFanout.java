package io.tickgate.perf.nullgateway;

import io.tickgate.perf.protocol.AsciiView;

/**
 * Each ingest line becomes a tick of its symbol: the symbol's next seq, rendered ONCE ({@link TickRenderer}) and
 * copied into the pending batch of every subscriber. A line without a symbol and a ts is skipped.
 */
final class TickFanout
{
    private final Subscriptions subscriptions;
    private final Counters counters;
    private final TickRenderer renderer = new TickRenderer();
    private final AsciiView symbol = new AsciiView();

    TickFanout(final Subscriptions subscriptions, final Counters counters)
    {
        this.subscriptions = subscriptions;
        this.counters = counters;
    }

    /** One CSV line, {@code b[start, end)} without its newline. */
    void onLine(final byte[] b, final int start, final int end)
    {
        final int c1 = TickRenderer.indexOf(b, start, end, (byte)',');
        if (c1 <= start)
        {
            return;
        }
        final int c2 = TickRenderer.indexOf(b, c1 + 1, end, (byte)',');
        if (c2 < 0)
        {
            return;
        }
        final int id = subscriptions.symbol(symbol.wrap(b, start, c1 - start), 0, c1 - start);
        counters.ticksIn++;
        final long seq = subscriptions.nextSeq(id);
        final WsSession[] subscribers = subscriptions.subscribers(id);
        if (subscribers.length == 0)
        {
            return;
        }
        final int length = renderer.render(b, start, c1, c2, end, seq);
        for (final WsSession s : subscribers)
        {
            s.append(renderer.bytes(), length);
        }
        counters.messagesOut += subscribers.length;
    }
}
