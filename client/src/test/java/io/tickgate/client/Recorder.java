package io.tickgate.client;

import io.tickgate.codec.FixedPoint;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Records every quote (copied to text, since the flyweight is reused) and every event, for tests to wait on.
 */
final class Recorder implements QuoteListener, ClientListener
{
    final List<String> quotes = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    /** Quotes received when the last replayEnd came. */
    volatile int quotesAtReplayEnd = -1;
    /** Quotes that came from binary records (only those carry a symbol id). */
    volatile int binaryQuotes;

    public void onQuote(final Quote quote)
    {
        if (quote.symbolId() >= 0)
        {
            binaryQuotes++;
        }
        quotes.add(quote.kind() + " " + quote.symbol() + " " + quote.seq() + " ts=" + quote.ts() +
            " bid=" + FixedPoint.toString(quote.bid()) + "x" + quote.bidSize() +
            " ask=" + FixedPoint.toString(quote.ask()) + "x" + quote.askSize() +
            " last=" + FixedPoint.toString(quote.last()) + "x" + quote.lastSize() + " v=" + quote.volume());
    }

    public void onConnected(final String server, final int protocol, final long heartbeatMs)
    {
        events.add("connected " + server + " " + protocol + " " + heartbeatMs);
    }

    public void onAuthenticated(final long expiresAtSeconds)
    {
        events.add("authenticated " + expiresAtSeconds);
    }

    public void onUnsubscribed(final List<String> symbols)
    {
        events.add("unsubscribed " + symbols);
    }

    public void onSubscribed(final List<String> symbols)
    {
        events.add("subscribed " + symbols);
    }

    public void onError(final String code, final String message, final List<String> symbols)
    {
        events.add("error " + code + " " + message + " " + symbols);
    }

    public void onDisconnected(final int code, final String reason)
    {
        events.add("disconnected " + code + " " + reason);
    }

    public void onDraining(final long reconnectAfterMs)
    {
        events.add("draining " + reconnectAfterMs);
    }

    public void onReconnecting(final int attempt, final long delayMs)
    {
        events.add("reconnecting " + attempt);
    }

    public void onReplayEnd(final boolean live, final List<String> symbols)
    {
        quotesAtReplayEnd = quotes.size();
        events.add("replayEnd " + live + " " + symbols);
    }

    public void onSlow()
    {
        events.add("slow");
    }

    public void onCaughtUp()
    {
        events.add("caughtUp");
    }

    public void onGap(final CharSequence symbol, final long expectedSeq, final long gotSeq)
    {
        events.add("gap " + symbol + " " + expectedSeq + " " + gotSeq);
    }

    String awaitQuote(final Predicate<String> predicate, final String what)
    {
        return await(quotes, predicate, what);
    }

    String awaitEvent(final Predicate<String> predicate, final String what)
    {
        return await(events, predicate, what);
    }

    private String await(final List<String> list, final Predicate<String> predicate, final String what)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline)
        {
            for (final String item : list)
            {
                if (predicate.test(item))
                {
                    return item;
                }
            }
            LockSupport.parkNanos(1_000_000);
        }
        return fail("timed out waiting for " + what + "; events " + events + "; last quotes " +
            quotes.subList(Math.max(0, quotes.size() - 5), quotes.size()));
    }
}
