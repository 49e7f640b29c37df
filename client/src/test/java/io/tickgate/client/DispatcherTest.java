package io.tickgate.client;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The seq rules, between the decoders and the application: duplicates dropped, gaps reported in full mode only and
 * not while the gateway says it is conflating, and the first quote after a refused replay delivered whatever its seq.
 */
class DispatcherTest
{
    private final SymbolRegistry registry = new SymbolRegistry();
    private final Subscriptions subscriptions = new Subscriptions(registry, new Commands(null));
    private final List<String> events = new ArrayList<>();
    private final Authenticator noToken =
        new Authenticator(new TickgateClient.Context(), new Commands(null), null, () -> 0, this);
    private final Dispatcher dispatcher = new Dispatcher(
        subscriptions, noToken, quote -> events.add(quote.symbol() + "#" + quote.seq()), new ClientListener()
        {
            @Override
            public void onGap(final CharSequence symbol, final long expectedSeq, final long gotSeq)
            {
                events.add("gap " + symbol + " " + expectedSeq + " " + gotSeq);
            }
        }, 5_000);
    private final Quote quote = new Quote();

    @Test
    void shouldDropDuplicatesAndReportGapsOfFullModeSymbolsOnly()
    {
        subscriptions.add(List.of("AAPL"), Mode.FULL, 0);
        subscriptions.add(List.of("MSFT"), Mode.CONFLATED, 0);

        deliver("AAPL", 5, 6, 6, 4, 9);
        deliver("MSFT", 5, 9, 9);

        assertEquals(List.of("AAPL#5", "AAPL#6", "gap AAPL 7 9", "AAPL#9", "MSFT#5", "MSFT#9"), events);
        assertEquals(3, dispatcher.duplicatesDropped());
    }

    @Test
    void shouldNotReportJumpsWhileTheGatewayConflatesASlowConnection()
    {
        subscriptions.add(List.of("AAPL"), Mode.FULL, 0);
        deliver("AAPL", 1);
        control("slow");
        deliver("AAPL", 5);
        control("caughtUp");
        deliver("AAPL", 6, 8);
        control("slow");
        dispatcher.onDisconnected(); // a new connection starts in full mode
        deliver("AAPL", 10);

        assertEquals(List.of("AAPL#1", "AAPL#5", "AAPL#6", "gap AAPL 7 8", "AAPL#8", "gap AAPL 9 10", "AAPL#10"),
            events);
    }

    @Test
    void shouldDeliverTheFirstQuoteOfAResyncWhateverItsSeqAndReportTheJump()
    {
        subscriptions.add(List.of("AAPL"), Mode.FULL, 0);
        deliver("AAPL", 51);
        registry.lookup("AAPL").resyncFrom = 52; // as a refused replay leaves it
        deliver("AAPL", 3, 3, 4);

        assertEquals(List.of("AAPL#51", "gap AAPL 52 3", "AAPL#3", "AAPL#4"), events);
        assertEquals(1, dispatcher.duplicatesDropped());
    }

    private void deliver(final String symbol, final long... seqs)
    {
        final SymbolState state = registry.lookup(symbol);
        for (final long seq : seqs)
        {
            quote.resetForJson();
            quote.symbol(state.name);
            quote.seq(seq);
            dispatcher.onQuote(state, quote);
        }
    }

    private void control(final String type)
    {
        final ControlMessage message = new ControlMessage();
        message.reset();
        message.type = type;
        dispatcher.onControl(message);
    }
}
