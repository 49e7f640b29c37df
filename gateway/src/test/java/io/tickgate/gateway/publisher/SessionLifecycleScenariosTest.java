package io.tickgate.gateway.publisher;

import io.tickgate.gateway.GatewayContext;
import io.tickgate.gateway.GatewayMetrics;
import io.tickgate.gateway.MetricsProbe;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.tickgate.gateway.publisher.PublisherHarness.CLOSE_GRACE_MS;
import static io.tickgate.gateway.publisher.PublisherHarness.HEARTBEAT_MS;
import static io.tickgate.gateway.publisher.PublisherHarness.START_NS;
import static io.tickgate.gateway.publisher.SlowConsumerScenariosTest.consecutive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A connection's life through the publisher with a hand clock: welcome, heartbeats, pings, the peer timeout, the
 * closing handshake bounded by the grace period, and everything released at the end.
 */
@Timeout(30)
class SessionLifecycleScenariosTest
{
    @TempDir
    Path dir;
    private PublisherHarness h;

    @BeforeEach
    void open()
    {
        h = new PublisherHarness(dir);
        h.tick("AAPL");
        h.cycle();
    }

    @AfterEach
    void close()
    {
        h.close();
    }

    @Test
    void welcomeThenHeartbeatsAndPingsToASilentClientWhichIsCutOffAfterThePeerTimeoutAndClosedAfterTheGrace()
    {
        final PublisherHarness.Client silent = h.connect().answersPings(false);
        final PublisherHarness.Client alive = h.connect();
        h.cycle();
        final Map<String, Object> welcome = single(silent.messages());
        assertEquals("welcome", welcome.get("type"));
        assertEquals("tickgate/" + GatewayContext.VERSION, welcome.get("server"));
        assertEquals(1L, welcome.get("protocol"));
        assertEquals(HEARTBEAT_MS, welcome.get("heartbeatMs"));
        assertEquals(2, h.metrics.connectionsOpen.get());

        silent.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"]}");
        alive.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"]}");
        h.cycle();
        assertEquals(List.of("welcome", "subscribed", "snapshot"), types(silent.messages()));
        assertEquals(2, h.metrics.subscriptions.get());

        h.run(HEARTBEAT_MS - 1);
        assertEquals(3, silent.messages().size(), "nothing before a heartbeat's worth of silence");

        h.run(1);
        assertEquals(List.of("welcome", "subscribed", "snapshot", "ws:ping", "heartbeat"), types(silent.messages()));
        assertEquals((START_NS + HEARTBEAT_MS * 1_000_000L) / 1000, silent.ofType("heartbeat").get(0).get("ts"),
            "the heartbeat's ts is the server's clock in µs");
        assertEquals(1, alive.ofType("ws:ping").size());

        h.run(HEARTBEAT_MS);
        assertEquals(2, silent.ofType("heartbeat").size());
        assertEquals(2, silent.ofType("ws:ping").size());

        // the peer timeout (three heartbeats) counts from the client's last sign of life, its subscribe at 0 ms; the
        // sweep at 3000 ms finds it silent for exactly the timeout, the next one for more
        h.run(HEARTBEAT_MS);
        assertTrue(silent.ofType("ws:close").isEmpty(), "not before the peer timeout has passed");
        h.run(Sweeper.SWEEP_INTERVAL_NS / 1_000_000);
        final Map<String, Object> close = single(silent.ofType("ws:close"));
        assertEquals(1001, close.get("code"));
        assertEquals("no answer to pings for " + 3 * HEARTBEAT_MS + " ms", close.get("reason"));
        assertEquals(1, MetricsProbe.cutOffs(h.metrics, GatewayMetrics.CutOff.UNRESPONSIVE));
        h.cycle();
        assertEquals(1, h.metrics.subscriptions.get(), "its subscriptions are released at the next duty cycle");
        assertFalse(silent.socket.isClosed(), "the client has the close grace to answer");
        final int messagesAtClose = silent.messages().size();

        h.tick("AAPL");
        h.run(CLOSE_GRACE_MS - 1);
        assertFalse(silent.socket.isClosed());
        assertEquals(2, h.metrics.connectionsOpen.get());
        h.run(1);
        assertTrue(silent.socket.isClosed(), "closed at the grace deadline");
        assertEquals(messagesAtClose, silent.messages().size(), "nothing after the close frame");
        assertEquals(1, h.metrics.connectionsOpen.get());

        assertFalse(alive.socket.isClosed(), "a client that answers pings stays");
        assertTrue(alive.ofType("ws:ping").size() >= 3);
        assertEquals(List.of(1L, 2L), alive.seqs("AAPL"));
        assertEquals(0, MetricsProbe.cutOffs(h.metrics, GatewayMetrics.CutOff.SLOW_CONSUMER));

        alive.disconnect();
        h.cycle();
        assertTrue(alive.socket.isClosed());
        assertEquals(0, h.metrics.connectionsOpen.get());
        assertEquals(0, h.metrics.subscriptions.get());
        assertEquals(0, h.buffersInUse());
    }

    @Test
    void heartbeatsWaitForSilenceOnTheWireNotForTheClient()
    {
        final PublisherHarness.Client client = h.connect();
        h.cycle();
        client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
        h.cycle();
        for (int i = 0; i < 4; i++)
        {
            h.run(HEARTBEAT_MS / 2);
            h.tick("AAPL");
        }
        h.cycle();
        assertTrue(client.ofType("heartbeat").isEmpty(), "a tick every half heartbeat leaves no silence");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), client.seqs("AAPL"));

        h.run(HEARTBEAT_MS);
        assertEquals(1, client.ofType("heartbeat").size());
    }

    @Test
    void aClientsCloseIsAnsweredWith1000AndTheSocketClosedOnceTheAnswerIsWritten()
    {
        final PublisherHarness.Client client = h.connect();
        h.cycle();
        client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"]}");
        h.cycle();

        client.closeFromPeer();
        h.tick("AAPL");
        h.cycle();
        final Map<String, Object> close = single(client.ofType("ws:close"));
        assertEquals(1000, close.get("code"));
        assertEquals(List.of(1L), client.seqs("AAPL"), "no tick after the close was begun");
        h.cycle();
        assertTrue(client.socket.isClosed(), "closed as soon as the answer was written, not at the grace deadline");
        assertEquals(0, h.metrics.connectionsOpen.get());
        assertEquals(0, h.metrics.subscriptions.get());
        assertEquals(0, h.buffersInUse());
    }

    @Test
    void aClientThatClosesButDoesNotReadTheAnswerIsClosedAtTheGraceDeadline()
    {
        final PublisherHarness.Client client = h.connect();
        h.cycle();
        client.socket.takePerWrite(0);
        client.closeFromPeer();
        h.cycle();
        h.run(CLOSE_GRACE_MS - 1);
        assertFalse(client.socket.isClosed());
        h.run(1);
        assertTrue(client.socket.isClosed());
        assertEquals(0, h.metrics.connectionsOpen.get());
        assertEquals(0, h.buffersInUse(), "its unsent bytes' buffer is back in the pool");
    }

    @Test
    void aDroppedConnectionReleasesItsSubscriptionsAndBufferAtOnce()
    {
        final PublisherHarness.Client client = h.connect();
        h.cycle();
        client.socket.takePerWrite(0);
        final int welcomeBytes = client.socket.bytesTaken();
        client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
        h.tick("AAPL");
        h.cycle();
        assertTrue(h.buffersInUse() > 0, "its queued bytes hold a buffer");
        assertEquals(1, h.metrics.subscriptions.get());

        client.disconnect();
        h.cycle();
        assertTrue(client.socket.isClosed());
        assertEquals(0, h.metrics.connectionsOpen.get());
        assertEquals(0, h.metrics.subscriptions.get());
        assertEquals(0, h.buffersInUse());
        h.tick("AAPL");
        h.cycle();
        assertEquals(welcomeBytes, client.socket.bytesTaken(), "nothing more was written to it, before or after");
    }

    @Test
    void aClientBehindItsBacklogIsNotTakenForGoneWhileItKeepsReading()
    {
        final PublisherHarness.Client reading = h.connect();
        final PublisherHarness.Client frozen = h.connect();
        h.cycle();
        for (final PublisherHarness.Client client : List.of(reading, frozen))
        {
            client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
        }
        h.cycle();
        reading.socket.takePerWrite(2);
        frozen.socket.takePerWrite(0);
        while (frozen.session.queuedBytes() < 8 * 1024)
        {
            h.tick("AAPL");
            h.cycle();
        }

        // 8 KB at 2 bytes a millisecond: its pings wait behind the backlog for over 4 s, past the 3 s peer timeout
        h.run(4 * HEARTBEAT_MS);
        assertTrue(reading.ofType("ws:ping").isEmpty(), "its pings are still queued");
        assertFalse(reading.session.isClosed(), "the socket taking its backlog is a sign of life");
        assertTrue(frozen.session.isClosed());
        assertEquals(1, MetricsProbe.cutOffs(h.metrics, GatewayMetrics.CutOff.UNRESPONSIVE));

        h.run(10 * HEARTBEAT_MS);
        assertFalse(reading.session.isClosed(), "still reading: its backlog, then each heartbeat");
        assertTrue(reading.socket.bytesTaken() > 8 * 1024, "it took its whole backlog");
        assertEquals(consecutive(1, h.writer.lastSeq(0)), reading.seqs("AAPL"));
    }

    @Test
    void pingsBusySignalsAndTheIoThreadsClosesReachTheClient()
    {
        final PublisherHarness.Client client = h.connect();
        h.cycle();
        client.session.inbox().onPing(new UnsafeBuffer("first".getBytes(StandardCharsets.US_ASCII)), 0, 5);
        client.session.inbox().onPing(new UnsafeBuffer("latest".getBytes(StandardCharsets.US_ASCII)), 0, 6);
        client.session.inbox().signal(Inbox.BUSY);
        h.cycle();
        client.session.inbox().requestClose(1002, "bad frame");
        h.cycle();

        final List<Map<String, Object>> messages = client.messages();
        assertEquals(List.of("welcome", "ws:pong", "error", "ws:close"), types(messages));
        assertEquals("latest", messages.get(1).get("payload"), "the latest ping is answered");
        assertEquals("LIMIT", messages.get(2).get("code"));
        assertEquals("server busy, retry", messages.get(2).get("message"));
        assertEquals(1002, messages.get(3).get("code"));
        assertEquals("bad frame", messages.get(3).get("reason"));
    }

    @Test
    void shutdownClosesEveryConnectionWith1001AfterWhatWasQueuedAndLaterOnesToo()
    {
        final PublisherHarness.Client reader = h.connect();
        final PublisherHarness.Client stalled = h.connect();
        h.cycle();
        for (final PublisherHarness.Client client : List.of(reader, stalled))
        {
            client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
        }
        h.cycle();
        stalled.socket.takePerWrite(0);
        h.tick("AAPL");
        h.cycle();

        h.publisher.shutdown();
        h.tick("AAPL");
        h.cycle();
        final PublisherHarness.Client late = h.connect();
        h.cycle();

        assertEquals(List.of(1L, 2L), reader.seqs("AAPL"), "nothing after the close");
        assertEquals("ws:close", reader.messages().get(reader.messages().size() - 1).get("type"));
        assertEquals(List.of("welcome", "ws:close"), types(late.messages()));
        for (final PublisherHarness.Client client : List.of(reader, late))
        {
            final Map<String, Object> close = single(client.ofType("ws:close"));
            assertEquals(1001, close.get("code"));
            assertEquals("server shutting down", close.get("reason"));
        }

        stalled.socket.takePerWrite(FakeSocket.UNLIMITED);
        h.run(1);
        assertEquals(List.of(1L, 2L), stalled.seqs("AAPL"), "what was queued before the shutdown comes first");
        assertEquals(1001, single(stalled.ofType("ws:close")).get("code"));
        reader.closeFromPeer();
        h.cycle();
        assertTrue(reader.socket.isClosed());
        h.run(CLOSE_GRACE_MS);
        assertTrue(stalled.socket.isClosed());
        assertTrue(late.socket.isClosed());
        assertEquals(0, h.metrics.connectionsOpen.get());
    }

    static Map<String, Object> single(final List<Map<String, Object>> messages)
    {
        assertEquals(1, messages.size(), () -> "one message: " + messages);
        return messages.get(0);
    }

    static List<Object> types(final List<Map<String, Object>> messages)
    {
        return messages.stream().map(m -> m.get("type")).toList();
    }
}
