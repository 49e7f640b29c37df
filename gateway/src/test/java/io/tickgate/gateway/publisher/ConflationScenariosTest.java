package io.tickgate.gateway.publisher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.tickgate.gateway.publisher.PublisherHarness.SESSION_BUFFER;
import static io.tickgate.gateway.publisher.SessionLifecycleScenariosTest.types;
import static io.tickgate.gateway.publisher.SlowConsumerScenariosTest.consecutive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Conflated updates and snapshots through the publisher with a hand clock: {@code maxRate}, snapshots that wait for
 * room with later ticks folded into them, and the order of {@code unsubscribed} against the updates around it.
 */
@Timeout(30)
class ConflationScenariosTest
{
    @TempDir
    Path dir;
    private PublisherHarness h;
    private PublisherHarness.Client client;

    @BeforeEach
    void open()
    {
        h = new PublisherHarness(dir);
        h.tick("AAPL");
        h.tick("FILL");
        h.cycle();
        client = h.connect();
        h.cycle();
    }

    @AfterEach
    void close()
    {
        h.close();
    }

    @Test
    void maxRateTwoSendsAtMostTwoUpdatesASecondAndTheLastIsTheLatestTick()
    {
        client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"maxRate\":2}");
        h.cycle();
        for (int i = 0; i < 20; i++)
        {
            h.run(50);
            h.tick("AAPL");
        }
        h.run(600);

        final List<Map<String, Object>> quotes = client.ofType("snapshot", "tick");
        assertEquals("snapshot", quotes.get(0).get("type"));
        assertTrue(quotes.size() - 1 <= 3, () -> "at most ~2 updates a second over 1 s of 20 ticks: " + quotes);
        assertEquals(21L, quotes.get(quotes.size() - 1).get("seq"), "the last update is the latest tick");
        for (int i = 1; i < quotes.size(); i++)
        {
            final long apartNs = (Long)quotes.get(i).get("@at") - (Long)quotes.get(i - 1).get("@at");
            assertTrue(apartNs >= 500_000_000L, "updates at least 1/maxRate apart: " + apartNs + " ns");
            assertTrue((Long)quotes.get(i).get("seq") > (Long)quotes.get(i - 1).get("seq"));
        }
        assertEquals(20 - (quotes.size() - 1), h.metrics.conflated.get(), "the rest were coalesced away");
    }

    @Test
    void aSnapshotThatWaitsForRoomCarriesTheLatestValueAndNoTickPrecedesIt()
    {
        client.send("{\"op\":\"subscribe\",\"symbols\":[\"FILL\"],\"mode\":\"full\"}");
        h.cycle();
        fillPastHalfTheBuffer();

        client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
        h.cycle();
        for (int i = 0; i < 5; i++)
        {
            h.tick("AAPL");
            h.cycle();
        }
        assertFalse(client.session.isClosed());

        client.socket.takePerWrite(FakeSocket.UNLIMITED);
        h.run(2);
        for (int i = 0; i < 3; i++)
        {
            h.tick("AAPL");
            h.cycle();
        }

        final List<Map<String, Object>> aapl = client.messages().stream()
            .filter(m -> "AAPL".equals(m.get("symbol"))).toList();
        assertEquals("snapshot", aapl.get(0).get("type"), "no tick before the snapshot");
        assertEquals(6L, aapl.get(0).get("seq"), "the ticks that arrived while it waited are folded into it");
        assertEquals(PublisherHarness.lastPrice(6), ((Number)aapl.get(0).get("last")).longValue(),
            "it holds the latest value");
        assertEquals(consecutive(6, 9), client.seqs("AAPL"), "then the very next seq, in order");
        assertTrue(client.indexOf("subscribed") < client.messages().indexOf(aapl.get(0)));
    }

    @Test
    void afterUnsubscribedNoTickOfTheSymbolFollowsAndTicksQueuedBeforeComeFirst()
    {
        client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"FILL\"],\"mode\":\"full\"}");
        h.cycle();
        client.socket.takePerWrite(0);
        h.tick("AAPL");
        h.tick("AAPL");
        h.cycle();
        h.tick("AAPL");
        h.tick("AAPL");
        h.tick("FILL");
        client.send("{\"op\":\"unsubscribe\",\"symbols\":[\"AAPL\"],\"id\":9}");
        h.cycle();
        h.tick("AAPL");
        h.tick("FILL");
        h.cycle();
        client.socket.takePerWrite(FakeSocket.UNLIMITED);
        h.run(2);

        final List<Map<String, Object>> messages = client.messages();
        final int unsubscribed = client.indexOf("unsubscribed");
        assertEquals(List.of("AAPL"), messages.get(unsubscribed).get("symbols"));
        assertEquals(9L, messages.get(unsubscribed).get("id"));
        assertEquals(List.of(1L, 2L, 3L), client.seqs("AAPL"), "the ticks queued before the command, then none");
        assertTrue(messages.subList(unsubscribed, messages.size()).stream().noneMatch(m -> "AAPL".equals(
            m.get("symbol"))), () -> "nothing of AAPL after unsubscribed: " + types(messages));
        assertEquals(List.of(1L, 2L, 3L), client.seqs("FILL"), "the other symbol goes on");
    }

    @Test
    void anUnsubscribeDropsAConflatedUpdateThatWaitsForItsRate()
    {
        client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"maxRate\":1}");
        h.cycle();
        h.run(10);
        h.tick("AAPL");
        h.run(10);
        client.send("{\"op\":\"unsubscribe\",\"symbols\":[\"AAPL\"]}");
        h.run(2_000);

        assertEquals(List.of(1L), client.seqs("AAPL"), "the snapshot only: the pending update was dropped");
        assertEquals(List.of("subscribed", "snapshot", "unsubscribed"),
            types(client.ofType("subscribed", "snapshot", "tick", "unsubscribed")));
    }

    @Test
    void anUnsubscribeDropsAPendingSnapshotAndSubscribingAgainGetsAFreshOne()
    {
        client.send("{\"op\":\"subscribe\",\"symbols\":[\"FILL\"],\"mode\":\"full\"}");
        h.cycle();
        fillPastHalfTheBuffer();
        client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"]}");
        h.cycle();
        h.tick("AAPL");
        client.send("{\"op\":\"unsubscribe\",\"symbols\":[\"AAPL\"]}");
        h.cycle();
        h.tick("AAPL");
        client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"]}");
        h.cycle();
        h.tick("AAPL");
        h.cycle();

        client.socket.takePerWrite(FakeSocket.UNLIMITED);
        h.run(2);
        final List<Object> aapl = client.messages().stream()
            .filter(m -> "AAPL".equals(m.get("symbol")) || List.of("AAPL").equals(m.get("symbols")))
            .map(m -> (Object)(m.get("type") + ("snapshot".equals(m.get("type")) ? " " + m.get("seq") : ""))).toList();
        assertEquals(List.of("subscribed", "unsubscribed", "subscribed", "snapshot 4"), aapl);
    }

    private void fillPastHalfTheBuffer()
    {
        client.socket.takePerWrite(0);
        while (client.session.queuedBytes() <= SESSION_BUFFER / 2)
        {
            h.tick("FILL");
            h.cycle();
        }
    }
}
