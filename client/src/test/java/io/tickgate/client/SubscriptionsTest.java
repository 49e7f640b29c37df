package io.tickgate.client;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a new connection is asked for, and the fallback when the gateway refuses a replay.
 */
class SubscriptionsTest
{
    private final SymbolRegistry registry = new SymbolRegistry();
    private final Subscriptions subscriptions = new Subscriptions(registry, new Commands(null));
    private final List<String> sent = new ArrayList<>();

    @Test
    void shouldSubscribeAfreshWhatWasNeverSeenAndGroupConflatedByRate()
    {
        subscriptions.add(List.of("AAPL", "MSFT"), Mode.CONFLATED, 10);
        subscriptions.add(List.of("TSLA"), Mode.FULL, 0);
        subscriptions.add(List.of("IBM"), Mode.CONFLATED, 0);
        subscriptions.add(List.of("MSFT"), Mode.CONFLATED, 0); // a change of rate regroups it

        subscriptions.resubscribe(sent::add);

        assertEquals(List.of(
            "{\"op\":\"subscribe\",\"symbols\":[\"TSLA\"],\"mode\":\"full\",\"id\":1}",
            "{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"conflated\",\"maxRate\":10,\"id\":2}",
            "{\"op\":\"subscribe\",\"symbols\":[\"MSFT\",\"IBM\"],\"mode\":\"conflated\",\"id\":3}"), sent);
    }

    @Test
    void shouldReplayFullModeSymbolsSeenBeforeFromTheNextSeq()
    {
        subscriptions.add(List.of("AAPL", "MSFT", "*"), Mode.FULL, 0);
        registry.lookup("AAPL").lastSeq = 51;

        subscriptions.resubscribe(sent::add);

        assertEquals(List.of(
            "{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":52},\"id\":1}",
            "{\"op\":\"subscribe\",\"symbols\":[\"MSFT\",\"*\"],\"mode\":\"full\",\"id\":2}"), sent);
    }

    @Test
    void shouldFallBackToAFullSubscribeOfTheSymbolsWhoseReplayWasRefused()
    {
        subscriptions.add(List.of("AAPL", "MSFT"), Mode.FULL, 0);
        registry.lookup("AAPL").lastSeq = 51;
        registry.lookup("MSFT").lastSeq = 7;
        subscriptions.resubscribe(sent::add);
        sent.clear();

        subscriptions.onError(error("UNKNOWN_SYMBOL", 1, "MSFT"), sent::add);
        subscriptions.onError(error("SEQ_TOO_OLD", 99, "MSFT"), sent::add);
        assertEquals(List.of(), sent, "an unknown symbol, or another command's error, is no refusal of the replay");

        subscriptions.onError(error("SEQ_TOO_OLD", 1, "MSFT"), sent::add);
        assertEquals(List.of("{\"op\":\"subscribe\",\"symbols\":[\"MSFT\"],\"mode\":\"full\",\"id\":2}"), sent);
        assertEquals(8, registry.lookup("MSFT").resyncFrom);
        assertEquals(0, registry.lookup("AAPL").resyncFrom);

        subscriptions.onError(error("SEQ_TOO_OLD", 1), sent::add);
        assertEquals("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\",\"id\":3}", sent.get(1));

        subscriptions.onError(error("SEQ_TOO_OLD", 1), sent::add);
        assertEquals(2, sent.size(), "the replay is over once each of its symbols fell back");
    }

    @Test
    void shouldNotFallBackAfterTheReplayEndedOrTheConnectionWasLost()
    {
        subscriptions.add(List.of("AAPL"), Mode.FULL, 0);
        registry.lookup("AAPL").lastSeq = 51;
        subscriptions.resubscribe(sent::add);
        subscriptions.onReplayEnd(1);
        subscriptions.onError(error("SEQ_TOO_OLD", 1), sent::add);

        subscriptions.resubscribe(sent::add);
        subscriptions.forgetReplay();
        subscriptions.onError(error("SEQ_TOO_OLD", 2), sent::add);

        assertEquals(2, sent.size());
    }

    @Test
    void shouldForgetSymbolsTheTokenDoesNotCoverButFallBackWhenTheReplayItselfIsNotEntitled()
    {
        subscriptions.add(List.of("AAPL", "MSFT"), Mode.FULL, 0);
        subscriptions.add(List.of("IBM"), Mode.CONFLATED, 0);
        registry.lookup("AAPL").lastSeq = 51;
        registry.lookup("MSFT").lastSeq = 7;
        subscriptions.resubscribe(sent::add);
        sent.clear();

        // a token without replay refuses the replay in flight: its symbols are subscribed afresh instead
        subscriptions.onError(error("NOT_ENTITLED", 1, "AAPL", "MSFT"), sent::add);
        assertEquals(List.of("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"MSFT\"],\"mode\":\"full\",\"id\":3}"),
            sent);
        // then the subscribe (or a refreshed token) says MSFT and IBM are not covered: they are no longer asked for
        subscriptions.onError(error("NOT_ENTITLED", 3, "MSFT"), sent::add);
        subscriptions.onError(error("NOT_ENTITLED", 17, "IBM"), sent::add);
        assertEquals(0, registry.lookup("MSFT").lastSeq);
        sent.clear();
        subscriptions.resubscribe(sent::add);
        assertEquals(List.of("{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":52},\"id\":4}"), sent);
    }

    @Test
    void shouldTellFullModeByNameOrThroughTheWildcard()
    {
        subscriptions.add(List.of("AAPL"), Mode.FULL, 0);
        subscriptions.add(List.of("MSFT"), Mode.CONFLATED, 0);
        assertTrue(subscriptions.isFull(registry.lookup("AAPL")));
        assertFalse(subscriptions.isFull(registry.lookup("MSFT")));
        assertFalse(subscriptions.isFull(registry.lookup("IBM")));

        subscriptions.add(List.of("*"), Mode.FULL, 0);
        assertTrue(subscriptions.isFull(registry.lookup("IBM")));
        assertFalse(subscriptions.isFull(registry.lookup("MSFT")), "a symbol subscribed by name keeps its own mode");
    }

    @Test
    void shouldForgetTheLastSeqsOfWhatIsUnsubscribed()
    {
        subscriptions.add(List.of("AAPL", "MSFT", "IBM"), Mode.FULL, 0);
        registry.lookup("AAPL").lastSeq = 51;
        registry.lookup("MSFT").lastSeq = 7;
        registry.lookup("IBM").lastSeq = 3;

        subscriptions.remove(List.of("AAPL"));
        assertEquals(0, registry.lookup("AAPL").lastSeq);
        assertFalse(subscriptions.isFull(registry.lookup("AAPL")));
        subscriptions.resubscribe(sent::add);
        assertEquals(List.of("{\"op\":\"replay\",\"fromSeq\":{\"MSFT\":8,\"IBM\":4},\"id\":1}"), sent);

        subscriptions.remove(List.of("*"));
        assertEquals(0, registry.lookup("MSFT").lastSeq);
        assertEquals(0, registry.lookup("IBM").lastSeq);
        sent.clear();
        subscriptions.resubscribe(sent::add);
        assertEquals(List.of(), sent);
    }

    private static ControlMessage error(final String code, final long id, final String... symbols)
    {
        final ControlMessage message = new ControlMessage();
        message.reset();
        message.type = "error";
        message.code = code;
        message.id = id;
        message.symbols.addAll(List.of(symbols));
        return message;
    }
}
