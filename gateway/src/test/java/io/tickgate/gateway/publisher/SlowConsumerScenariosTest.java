package io.tickgate.gateway.publisher;

import io.tickgate.gateway.GatewayMetrics;
import io.tickgate.gateway.MetricsProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static io.tickgate.gateway.publisher.PublisherHarness.CLOSE_GRACE_MS;
import static io.tickgate.gateway.publisher.PublisherHarness.MAX_SESSION_BUFFER;
import static io.tickgate.gateway.publisher.PublisherHarness.SESSION_BUFFER;
import static io.tickgate.gateway.publisher.SessionLifecycleScenariosTest.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slow consumers through the publisher with a hand clock: cut off by bytes (a full-mode queue past the session
 * buffer) and by time (no progress for the stall timeout), switched to conflation when they asked for it, and given
 * more room when most clients are behind at once.
 */
@Timeout(30)
class SlowConsumerScenariosTest
{
    private static final String FULL = "{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}";

    @TempDir
    Path dir;
    private PublisherHarness h;

    @AfterEach
    void close()
    {
        h.close();
    }

    @Test
    void aFullModeClientThatReadsNothingIsCutOffWhenItsQueuePassesTheSessionBufferAndClosedAtTheGraceDeadline()
    {
        open(UnaryOperator.identity());
        final PublisherHarness.Client fast = h.connect();
        final PublisherHarness.Client slow = h.connect();
        h.cycle();
        slow.socket.takePerWrite(0);
        final int slowTook = slow.socket.bytesTaken();
        fast.send(FULL);
        slow.send(FULL);
        h.cycle();

        final long cutAtSeq = tickUntilClosed(slow);
        assertEquals(1, MetricsProbe.cutOffs(h.metrics, GatewayMetrics.CutOff.SLOW_CONSUMER));
        assertEquals(0, MetricsProbe.cutOffs(h.metrics, GatewayMetrics.CutOff.SLOW_CONSUMER_TIMEOUT));
        assertTrue(slow.session.queuedBytes() > SESSION_BUFFER - 512, "cut off near the limit, not before: " +
            slow.session.queuedBytes());
        assertTrue(slow.session.queuedBytes() <= SESSION_BUFFER + 2 + 125, "the close frame fits after the limit");

        long last = cutAtSeq;
        for (int i = 0; i < 10; i++)
        {
            last = h.tick("AAPL");
            h.cycle();
        }
        h.run(CLOSE_GRACE_MS - 1);
        assertFalse(slow.socket.isClosed(), "the close grace has not run out");
        assertEquals(2, h.metrics.connectionsOpen.get());
        assertEquals(1, h.metrics.subscriptions.get(), "its subscription is released at once");
        h.run(1);
        assertTrue(slow.socket.isClosed(), "closed at the grace deadline though it never answered");
        assertEquals(slowTook, slow.socket.bytesTaken());
        assertEquals(1, h.metrics.connectionsOpen.get());
        assertEquals(0, h.buffersInUse(), "the slow client's buffer is back in the pool (the fast one holds none)");

        assertFalse(fast.socket.isClosed());
        assertEquals(consecutive(1, last), fast.seqs("AAPL"), "the fast client got every tick");
    }

    @Test
    void aSlowClientThatReadsDuringTheGraceSeesEveryTickItWasGivenThenClose1008AndIsClosedWhenItAnswers()
    {
        open(UnaryOperator.identity());
        final PublisherHarness.Client fast = h.connect();
        final PublisherHarness.Client slow = h.connect();
        h.cycle();
        slow.socket.takePerWrite(0);
        fast.send(FULL);
        slow.send(FULL);
        h.cycle();
        final long cutAtSeq = tickUntilClosed(slow);
        h.tick("AAPL");
        h.cycle();

        slow.socket.takePerWrite(FakeSocket.UNLIMITED);
        h.run(1);
        assertEquals(consecutive(1, cutAtSeq - 1), slow.seqs("AAPL"),
            "everything up to the tick that did not fit, nothing dropped silently");
        final List<Map<String, Object>> messages = slow.messages();
        final Map<String, Object> close = messages.get(messages.size() - 1);
        assertEquals("ws:close", close.get("type"), "the close is the last frame");
        assertEquals(1008, close.get("code"));
        assertTrue(((String)close.get("reason")).matches("slow consumer: \\d+ bytes queued, limit " + SESSION_BUFFER),
            (String)close.get("reason"));
        assertFalse(slow.socket.isClosed());

        slow.closeFromPeer();
        h.cycle();
        assertTrue(slow.socket.isClosed(), "closed once the client answered the close");
        assertEquals(1, h.metrics.connectionsOpen.get());
        assertEquals(consecutive(1, cutAtSeq + 1), fast.seqs("AAPL"));
    }

    @Test
    void aClientThatReadsNothingForTheStallTimeoutIsCutOffWithASmallBacklogAndAnyProgressRestartsTheClock()
    {
        open(ctx -> ctx.slowConsumerTimeoutMs(500));
        h.tick("AAPL");
        h.cycle();
        final PublisherHarness.Client stalled = h.connect();
        final PublisherHarness.Client trickle = h.connect();
        stalled.socket.takePerWrite(0);
        trickle.socket.takePerWrite(0);
        h.cycle();
        stalled.send(FULL);
        trickle.send(FULL);
        h.tick("AAPL");
        h.cycle();
        assertTrue(stalled.session.queuedBytes() < SESSION_BUFFER / 4, "a small backlog");

        h.run(400);
        trickle.socket.takePerWrite(16);
        h.run(1);
        trickle.socket.takePerWrite(0);
        assertEquals(16, trickle.socket.bytesTaken());

        h.run(99);
        assertFalse(stalled.session.isClosed(), "500 ms without progress is not more than the timeout");
        h.run(20);
        assertTrue(stalled.session.isClosed(), "cut off at the first sweep past the timeout");
        assertEquals(1, MetricsProbe.cutOffs(h.metrics, GatewayMetrics.CutOff.SLOW_CONSUMER_TIMEOUT));
        assertFalse(trickle.session.isClosed(), "its clock restarted when the socket took 16 bytes at 401 ms");

        h.run(380);
        assertFalse(trickle.session.isClosed(), "at 900 ms");
        h.run(20);
        assertTrue(trickle.session.isClosed(), "at 920 ms, the first sweep more than 500 ms after 401 ms");
        assertEquals(2, MetricsProbe.cutOffs(h.metrics, GatewayMetrics.CutOff.SLOW_CONSUMER_TIMEOUT));
        assertEquals(0, MetricsProbe.cutOffs(h.metrics, GatewayMetrics.CutOff.SLOW_CONSUMER));

        trickle.socket.takePerWrite(FakeSocket.UNLIMITED);
        h.run(1);
        final Map<String, Object> close = trickle.messages().get(trickle.messages().size() - 1);
        assertEquals(1008, close.get("code"));
        assertEquals("slow consumer: nothing read for 500 ms", close.get("reason"));

        h.run(CLOSE_GRACE_MS);
        assertTrue(stalled.socket.isClosed());
        assertEquals(0, h.metrics.connectionsOpen.get());
        assertEquals(0, h.buffersInUse());
    }

    @Test
    void aFullModeClientWithOnSlowConflateIsSwitchedToLatestValuesWhileBehindAndBackToEveryTickOnceCaughtUp()
    {
        open(UnaryOperator.identity());
        h.tick("MSFT");
        h.cycle();
        final PublisherHarness.Client client = h.connect();
        h.cycle();
        client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"MSFT\"],\"mode\":\"full\",\"onSlow\":\"conflate\"}");
        h.cycle();
        client.socket.takePerWrite(0);

        for (int i = 0; i < 400; i++)
        {
            h.tick(0 == i % 2 ? "AAPL" : "MSFT");
            h.cycle();
        }
        assertFalse(client.session.isClosed(), "not cut off");
        assertTrue(client.session.queuedBytes() <= SESSION_BUFFER, "its queue stopped growing");
        assertTrue(h.metrics.conflated.get() > 0);
        assertTrue(client.ofType("slow").isEmpty(), "(nothing read yet)");

        client.socket.takePerWrite(FakeSocket.UNLIMITED);
        h.run(2);
        for (int i = 0; i < 10; i++)
        {
            h.tick(0 == i % 2 ? "AAPL" : "MSFT");
            h.cycle();
        }

        final List<Map<String, Object>> messages = client.messages();
        final int slow = client.indexOf("slow");
        final int caughtUp = client.indexOf("caughtUp");
        assertTrue(slow > 0 && caughtUp > slow, () -> "slow then caughtUp: " + types(messages));
        assertEquals("conflated", messages.get(slow).get("mode"));
        assertEquals("full", messages.get(caughtUp).get("mode"));
        assertEquals(1, client.ofType("slow").size());
        assertEquals(1, client.ofType("caughtUp").size());

        final Map<String, List<Long>> before = seqsBySymbol(messages.subList(0, slow));
        assertEquals(consecutive(1, before.get("AAPL").size()), before.get("AAPL"), "every tick until the switch");
        assertEquals(consecutive(1, before.get("MSFT").size()), before.get("MSFT"));
        assertEquals(Map.of("AAPL", List.of(201L), "MSFT", List.of(201L)),
            seqsBySymbol(messages.subList(slow, caughtUp)), "while behind: the latest value of each symbol, once");
        assertEquals(Map.of("AAPL", consecutive(202, 206), "MSFT", consecutive(202, 206)),
            seqsBySymbol(messages.subList(caughtUp, messages.size())), "every tick again");
        assertEquals(0, MetricsProbe.cutOffs(h.metrics, GatewayMetrics.CutOff.SLOW_CONSUMER));
    }

    @Test
    void onSlowConflateWithATricklingReaderNeverSendsASeqBackwardsAndEndsInFullMode()
    {
        open(UnaryOperator.identity());
        h.tick("MSFT");
        h.cycle();
        final PublisherHarness.Client client = h.connect();
        h.cycle();
        client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"MSFT\"],\"mode\":\"full\",\"onSlow\":\"conflate\"}");
        h.cycle();
        client.socket.takePerWrite(1_500);

        // 300 ms of 20 ticks per ms (far more than 1.5 KB a ms), then 200 ms of one tick per 5 ms
        for (int ms = 0; ms < 500; ms++)
        {
            final int ticks = ms < 300 ? 20 : 0 == ms % 5 ? 1 : 0;
            for (int i = 0; i < ticks; i++)
            {
                h.tick(0 == i % 2 ? "AAPL" : "MSFT");
            }
            h.run(1);
        }

        final List<Map<String, Object>> messages = client.messages();
        final Map<String, Long> lastSeq = new HashMap<>(Map.of("AAPL", 0L, "MSFT", 0L));
        String mode = "full";
        int switches = 0;
        for (final Map<String, Object> message : messages)
        {
            final Object type = message.get("type");
            if ("slow".equals(type) || "caughtUp".equals(type))
            {
                assertEquals("slow".equals(type) ? "full" : "conflated", mode, "slow and caughtUp alternate");
                mode = (String)message.get("mode");
                switches++;
            }
            else if ("tick".equals(type) || "snapshot".equals(type))
            {
                final String symbol = (String)message.get("symbol");
                final long seq = (Long)message.get("seq");
                assertTrue(seq > lastSeq.get(symbol), () -> symbol + " went from " + lastSeq.get(symbol) + " to " +
                    seq);
                assertTrue("conflated".equals(mode) || seq == lastSeq.get(symbol) + 1,
                    () -> "a gap in full mode: " + symbol + " " + lastSeq.get(symbol) + " to " + seq);
                lastSeq.put(symbol, seq);
            }
        }
        assertTrue(switches >= 2, "it was switched and switched back");
        assertEquals("full", mode, "caught up at the end");
        assertEquals(h.writer.lastSeq(h.writer.symbols().lookup("AAPL")), lastSeq.get("AAPL"), "it has the latest");
        assertEquals(h.writer.lastSeq(h.writer.symbols().lookup("MSFT")), lastSeq.get("MSFT"));
        assertFalse(client.session.isClosed());
    }

    @Test
    void whenMostClientsAreBehindAtOnceTheirQueuesMayGrowToTheHardLimitButOneBehindTheOthersIsCutOffAtTheSoftLimit()
    {
        open(UnaryOperator.identity());
        h.tick("AAPL");
        h.cycle();
        final PublisherHarness.Client fast = h.connect();
        final PublisherHarness.Client behindA = h.connect();
        final PublisherHarness.Client behindB = h.connect();
        h.cycle();
        for (final PublisherHarness.Client client : List.of(fast, behindA, behindB))
        {
            client.send(FULL);
        }
        h.cycle();
        behindA.socket.takePerWrite(0);
        behindB.socket.takePerWrite(0);

        // a tick a millisecond: the sweeps every 20 ms see two of three clients behind (the median) and raise the
        // limit before the soft one is reached
        while (behindA.session.queuedBytes() < SESSION_BUFFER * 2)
        {
            h.tick("AAPL");
            h.run(1);
            assertFalse(behindA.session.isClosed(), "not cut off at " + behindA.session.queuedBytes() + " bytes");
        }
        assertFalse(behindB.session.isClosed());

        // one of them catches up: the other is behind the others now, and its queue is past the soft limit
        behindB.socket.takePerWrite(FakeSocket.UNLIMITED);
        for (int i = 0; i < 40 && !behindA.session.isClosed(); i++)
        {
            h.tick("AAPL");
            h.run(1);
        }
        assertTrue(behindA.session.isClosed(), "cut off once the median fell");
        assertEquals(1, MetricsProbe.cutOffs(h.metrics, GatewayMetrics.CutOff.SLOW_CONSUMER));
        assertFalse(behindB.session.isClosed());
        assertEquals(fast.seqs("AAPL"), behindB.seqs("AAPL"), "the one that caught up lost nothing");
        assertTrue(MAX_SESSION_BUFFER > SESSION_BUFFER * 2);
    }

    private void open(final UnaryOperator<io.tickgate.gateway.GatewayContext> configure)
    {
        h = new PublisherHarness(dir, configure);
        h.tick("AAPL");
        h.cycle();
    }

    /**
     * A tick a duty cycle, the clock standing still, until the client is cut off.
     *
     * @return the seq of the tick that cut it off.
     */
    private long tickUntilClosed(final PublisherHarness.Client client)
    {
        for (int i = 0; i < 10_000; i++)
        {
            final long seq = h.tick("AAPL");
            h.cycle();
            if (client.session.isClosed())
            {
                return seq;
            }
        }
        throw new AssertionError("never cut off");
    }

    static List<Long> consecutive(final long from, final long to)
    {
        return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
    }

    static Map<String, List<Long>> seqsBySymbol(final List<Map<String, Object>> messages)
    {
        final Map<String, List<Long>> seqs = new HashMap<>();
        for (final Map<String, Object> message : messages)
        {
            if ("tick".equals(message.get("type")) || "snapshot".equals(message.get("type")))
            {
                seqs.computeIfAbsent((String)message.get("symbol"), s -> new java.util.ArrayList<>())
                    .add((Long)message.get("seq"));
            }
        }
        return seqs;
    }
}
