package io.tickgate.gateway.publisher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.tickgate.gateway.publisher.SessionLifecycleScenariosTest.single;
import static io.tickgate.gateway.publisher.SessionLifecycleScenariosTest.types;
import static io.tickgate.gateway.publisher.SlowConsumerScenariosTest.consecutive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays through the publisher with the live journal growing between duty cycles: the seam where a replay hands its
 * symbols to the live stream, a bounded replay, and an unsubscribe in the middle of one.
 */
@Timeout(30)
class ReplayScenariosTest
{
    private static final int JOURNALED = 100;

    @TempDir
    Path dir;
    private PublisherHarness h;
    private PublisherHarness.Client client;

    @BeforeEach
    void open()
    {
        h = new PublisherHarness(dir);
        for (int i = 0; i < JOURNALED; i++)
        {
            h.tick("AAPL");
            h.tick("MSFT");
        }
        h.cycle();
        client = h.connect();
        h.cycle();
    }

    @AfterEach
    void close()
    {
        h.close();
    }

    @ParameterizedTest(name = "the socket takes {0} bytes a write")
    @ValueSource(ints = {FakeSocket.UNLIMITED, 700})
    void aLiveReplayFromSeqJoinsTheLiveStreamWithNoGapAndNoDuplicateWhileTicksKeepComing(final int takePerWrite)
    {
        client.socket.takePerWrite(takePerWrite);
        client.send("{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":40},\"id\":7}");
        long last = JOURNALED;
        for (int ms = 0; ms < 200; ms++)
        {
            last = h.tick("AAPL");
            h.tick("MSFT");
            h.run(1);
        }
        h.run(50);

        final List<Map<String, Object>> messages = client.messages();
        final Map<String, Object> end = single(client.ofType("replayEnd"));
        assertEquals(Boolean.TRUE, end.get("live"));
        assertEquals(List.of("AAPL"), end.get("symbols"));
        assertEquals(7L, end.get("id"));
        assertEquals(consecutive(40, last), client.seqs("AAPL"), "history, then live, no gap and no duplicate");
        assertTrue(client.ofType("snapshot").isEmpty(), "the replay is the start of the stream: no snapshot");
        assertTrue(client.ofType("tick").stream().noneMatch(m -> "MSFT".equals(m.get("symbol"))));

        final long seamSeq = (Long)messages.subList(0, messages.indexOf(end)).stream()
            .filter(m -> "tick".equals(m.get("type"))).reduce((a, b) -> b).orElseThrow().get("seq");
        assertTrue(seamSeq > JOURNALED, "the replay chased ticks journaled after it began: seam at " + seamSeq);
        assertTrue(last - seamSeq > 100, "and the rest came live: seam at " + seamSeq + " of " + last);
        assertEquals(1, h.metrics.subscriptions.get(), "AAPL is a live subscription now");
    }

    @Test
    void aReplayFromTheNextSeqJoinsTheLiveStreamAtOnce()
    {
        client.send("{\"op\":\"replay\",\"fromSeq\":{\"MSFT\":" + (JOURNALED + 1) + "}}");
        h.cycle();
        h.tick("MSFT");
        h.tick("MSFT");
        h.cycle();

        assertEquals(List.of("welcome", "replayEnd", "tick", "tick"), types(client.messages()));
        assertEquals(Boolean.TRUE, client.ofType("replayEnd").get(0).get("live"));
        assertEquals(consecutive(JOURNALED + 1, JOURNALED + 2), client.seqs("MSFT"));
    }

    @Test
    void aBoundedReplayEndsAtItsToWithoutGoingLive()
    {
        final long from = h.eventMicros("AAPL", 10);
        final long to = h.eventMicros("AAPL", 20);
        client.send("{\"op\":\"replay\",\"symbols\":[\"AAPL\"],\"from\":" + from + ",\"to\":" + to + ",\"id\":\"q\"}");
        for (int ms = 0; ms < 20; ms++)
        {
            h.tick("AAPL");
            h.run(1);
        }

        assertEquals(consecutive(10, 20), client.seqs("AAPL"));
        final Map<String, Object> end = single(client.ofType("replayEnd"));
        assertEquals(Boolean.FALSE, end.get("live"));
        assertEquals(List.of("AAPL"), end.get("symbols"));
        assertEquals("q", end.get("id"));
        assertEquals("replayEnd", client.messages().get(client.messages().size() - 1).get("type"), "nothing after");
        assertEquals(0, h.metrics.subscriptions.get());
    }

    @Test
    void aSubscribeDuringABoundedReplayStartsAfterItsEndWithASnapshot()
    {
        final long from = h.eventMicros("AAPL", 10);
        final long to = h.eventMicros("AAPL", 20);
        client.socket.takePerWrite(0);
        client.send("{\"op\":\"replay\",\"symbols\":[\"AAPL\"],\"from\":" + from + ",\"to\":" + to + "}");
        h.cycle();
        client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
        h.cycle();
        h.tick("AAPL");
        h.cycle();
        client.socket.takePerWrite(FakeSocket.UNLIMITED);
        h.run(50);
        final long last = h.tick("AAPL");
        h.run(5);

        final List<Map<String, Object>> aapl = client.ofType("tick", "snapshot", "replayEnd").stream()
            .filter(m -> "replayEnd".equals(m.get("type")) || "AAPL".equals(m.get("symbol"))).toList();
        final int end = types(aapl).indexOf("replayEnd");
        assertEquals(consecutive(10, 20), aapl.subList(0, end).stream().map(m -> (Long)m.get("seq")).toList(),
            "the history, then the end");
        assertEquals("snapshot", aapl.get(end + 1).get("type"), "the live stream starts with a snapshot");
        assertEquals(consecutive(last - 1, last), aapl.subList(end + 1, aapl.size()).stream()
            .map(m -> (Long)m.get("seq")).toList(), "then every live tick");
    }

    @Test
    void unsubscribingTheSymbolOfARunningReplayStopsItAndNothingOfItFollowsTheAnswer()
    {
        client.socket.takePerWrite(0);
        client.send("{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":1}}");
        for (int i = 0; i < 100; i++)
        {
            h.cycle();
        }
        final int queued = client.session.queuedBytes();
        assertTrue(queued > PublisherHarness.SESSION_BUFFER / 2 - 500,
            "the replay filled half the buffer and waits for room: " + queued);
        client.send("{\"op\":\"unsubscribe\",\"symbols\":[\"AAPL\"]}");
        h.cycle();
        h.tick("AAPL");
        client.socket.takePerWrite(FakeSocket.UNLIMITED);
        h.run(5);

        final List<Map<String, Object>> messages = client.messages();
        final int unsubscribed = client.indexOf("unsubscribed");
        assertTrue(unsubscribed > 0, () -> types(messages).toString());
        final List<Long> seqs = client.seqs("AAPL");
        assertEquals(consecutive(1, seqs.size()), seqs, "the replayed batch, in order");
        assertTrue(seqs.size() < JOURNALED, "the replay stopped");
        assertTrue(messages.subList(unsubscribed, messages.size()).stream().noneMatch(m -> "AAPL".equals(
            m.get("symbol"))), () -> "nothing of AAPL after unsubscribed: " + types(messages));
        assertTrue(client.ofType("replayEnd").isEmpty(), "a replay stopped by unsubscribing sends no replayEnd");
    }

    /**
     * A subscribe that covers a symbol while a live replay of it runs (here {@code *}, as {@code TickgateClient} sends
     * after a reconnect when the application has both {@code *} and a seen symbol in full mode) starts for that symbol
     * at the seam: no snapshot beside the replay, no live tick among the replayed ones, no seq twice.
     */
    @Test
    void aSubscribeDuringAReplayOfTheSameSymbolNeitherGoesBackNorRepeats()
    {
        client.socket.takePerWrite(0);
        client.send("{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":1}}");
        h.cycle();
        client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"mode\":\"full\"}");
        h.cycle();
        h.tick("AAPL");
        h.cycle();
        client.socket.takePerWrite(FakeSocket.UNLIMITED);
        h.run(50);
        final long last = h.tick("AAPL");
        h.run(5);

        assertEquals(consecutive(1, last), client.seqs("AAPL"), () -> types(client.messages()) + " " +
            client.seqs("AAPL"));
    }

    @Test
    void oneReplayAtATimePerConnection()
    {
        client.socket.takePerWrite(0);
        client.send("{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":1}}");
        client.send("{\"op\":\"replay\",\"fromSeq\":{\"MSFT\":1},\"id\":2}");
        h.cycle();
        client.socket.takePerWrite(FakeSocket.UNLIMITED);
        h.run(20);

        final Map<String, Object> error = single(client.ofType("error"));
        assertEquals("LIMIT", error.get("code"));
        assertEquals(List.of("MSFT"), error.get("symbols"));
        assertEquals(2L, error.get("id"));
        assertEquals(consecutive(1, JOURNALED), client.seqs("AAPL"));
        assertEquals(List.of(), client.seqs("MSFT"));
    }
}
