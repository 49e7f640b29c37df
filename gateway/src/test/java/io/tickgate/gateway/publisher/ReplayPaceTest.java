package io.tickgate.gateway.publisher;

import io.tickgate.gateway.GatewayMetrics;
import io.tickgate.gateway.MetricsProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static io.tickgate.gateway.publisher.SessionLifecycleScenariosTest.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that reads its replay at a trickle (enough not to count as stalled) cannot hold a replay slot forever:
 * below {@code --replay-min-rate} over a window the replay ends with {@code LIMIT}, and the connection stays. The
 * pace rule is about history only: a live replay that reaches the head of the journal is over, and its symbols are
 * full-mode subscriptions under the slow-client rules from then on.
 */
@Timeout(60)
class ReplayPaceTest
{
    private static final int MIN_RATE = 500;
    private static final int JOURNALED = 3_000;
    /** The crawler's socket takes this much per write, a write a millisecond: 20 KB/s, a tick every 7 ms or so. */
    private static final int CRAWL_BYTES = 20;
    /** Under ½ B of JSON ticks: the replay queues all of it at once, so it is at the head before the client reads. */
    private static final int SHORT_HISTORY = 20;

    @TempDir
    Path dir;
    private PublisherHarness h;

    @AfterEach
    void close()
    {
        h.close();
    }

    @Test
    void aReplayReadBelowTheMinimumRateEndsWithLimitAndFreesItsSlot()
    {
        h = new PublisherHarness(dir, ctx -> ctx.replayMinRate(MIN_RATE));
        for (int i = 0; i < JOURNALED; i++)
        {
            h.tick("AAPL");
        }
        h.cycle();
        final PublisherHarness.Client crawler = h.connect();
        final PublisherHarness.Client steady = h.connect();
        h.cycle();
        crawler.socket.takePerWrite(20);
        crawler.send("{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":1},\"id\":\"slow\"}");
        steady.send("{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":1},\"id\":\"fast\"}");

        h.run(Replays.PACE_WINDOW_NS / 1_000_000 - 100);
        assertTrue(null != crawler.session.replay(), "still replaying before the window has passed");
        h.run(200);
        assertNull(crawler.session.replay(), "the slot is free");
        final int readWhileCrawling = crawler.seqs("AAPL").size();
        crawler.socket.takePerWrite(FakeSocket.UNLIMITED);
        h.run(5);

        final Map<String, Object> error = single(crawler.ofType("error"));
        assertEquals("LIMIT", error.get("code"));
        assertEquals("slow", error.get("id"));
        assertTrue(((String)error.get("message")).startsWith("replay too slow: "), (String)error.get("message"));
        assertEquals(List.of("AAPL"), error.get("symbols"));
        assertTrue(readWhileCrawling < MIN_RATE * 10, readWhileCrawling + " ticks read in the window");
        assertFalse(crawler.session.isClosed(), "the connection stays");
        assertTrue(crawler.ofType("replayEnd").isEmpty());

        assertTrue(steady.ofType("error").isEmpty(), "a client that keeps up is not touched");
        assertEquals(1, steady.ofType("replayEnd").size());
        assertEquals(JOURNALED, steady.seqs("AAPL").size());

        crawler.send("{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":2990},\"id\":\"again\"}");
        h.run(500);
        final List<Map<String, Object>> ends = crawler.ofType("replayEnd");
        assertEquals(1, ends.size(), () -> "a new replay can start: " + crawler.messages().subList(
            Math.max(0, crawler.messages().size() - 4), crawler.messages().size()));
        assertEquals("again", ends.get(0).get("id"));
    }

    /**
     * The hostile suite's crawler, where the replay reaches the head: the client reads a tick every 7 ms while the
     * symbol ticks every millisecond. Nothing of the replay passed ½ B; the live full-mode ticks after the seam fill
     * the queue to B, and the client is cut off as any full-mode subscriber that reads slower than its symbols tick.
     */
    @Test
    void aCrawlerWhoseReplayReachesTheHeadIsThenAFullModeSubscriberAndIsCutOffAtTheSessionBuffer()
    {
        h = new PublisherHarness(dir, ctx -> ctx.replayMinRate(MIN_RATE));
        final PublisherHarness.Client crawler = crawlWhileTicking(SHORT_HISTORY, "");

        assertTrue(crawler.session.isClosed(), "cut off");
        assertEquals(1, MetricsProbe.cutOffs(h.metrics, GatewayMetrics.CutOff.SLOW_CONSUMER));
        final List<Object> types = SessionLifecycleScenariosTest.types(crawler.messages());
        assertEquals("ws:close", types.get(types.size() - 1));
        final Map<String, Object> close = crawler.messages().get(types.size() - 1);
        assertEquals(1008, close.get("code"));
        final String reason = (String)close.get("reason");
        assertTrue(reason.matches("slow consumer: \\d+ bytes queued, limit " + PublisherHarness.SESSION_BUFFER),
            reason);
        assertTrue(types.indexOf("replayEnd") < types.indexOf("ws:close"), types::toString);
        assertEquals(true, single(crawler.ofType("replayEnd")).get("live"));
        assertTrue(crawler.ofType("error").isEmpty(), "the pace rule never came into it");
        final List<Long> seqs = crawler.seqs("AAPL");
        assertTrue(seqs.size() > SHORT_HISTORY, "live ticks followed the replay: " + seqs.size());
        assertEquals(LongStream.rangeClosed(1, seqs.size()).boxed().toList(), seqs, "nothing lost up to the close");
    }

    /**
     * The same crawl with {@code "onSlow":"conflate"} on the replay: after the seam the symbol goes on conflated
     * rather than the client being cut off.
     */
    @Test
    void aCrawlerWhoseReplayAskedToConflateWhenSlowIsSwitchedToConflatedAfterTheHeadNotCutOff()
    {
        h = new PublisherHarness(dir, ctx -> ctx.replayMinRate(MIN_RATE));
        final PublisherHarness.Client crawler = crawlWhileTicking(SHORT_HISTORY, ",\"onSlow\":\"conflate\"");

        assertFalse(crawler.session.isClosed());
        assertEquals(0, MetricsProbe.cutOffs(h.metrics, GatewayMetrics.CutOff.SLOW_CONSUMER));
        final List<Object> types = SessionLifecycleScenariosTest.types(crawler.messages());
        assertTrue(types.indexOf("replayEnd") < types.indexOf("slow"), types::toString);
        assertTrue(types.indexOf("slow") < types.lastIndexOf("caughtUp"), types::toString);
        assertTrue(crawler.ofType("error").isEmpty());
    }

    /**
     * The crawl the hostile suite meant: more history than the queue and the crawl's ten seconds take, so the replay
     * never reaches the head, and ends with {@code LIMIT} at the end of the window; nothing is cut off.
     */
    @Test
    void aCrawlerThatCannotReachTheHeadEndsWithLimitAtTheWindowAndIsNotCutOff()
    {
        h = new PublisherHarness(dir, ctx -> ctx.replayMinRate(MIN_RATE));
        final PublisherHarness.Client crawler = crawlWhileTicking(JOURNALED, "");

        assertFalse(crawler.session.isClosed());
        assertEquals(0, MetricsProbe.cutOffs(h.metrics, GatewayMetrics.CutOff.SLOW_CONSUMER));
        assertTrue(crawler.ofType("replayEnd").isEmpty());
        final Map<String, Object> error = single(crawler.ofType("error"));
        assertEquals("LIMIT", error.get("code"));
        assertTrue(((String)error.get("message")).startsWith("replay too slow: "), (String)error.get("message"));
        final List<Long> seqs = crawler.seqs("AAPL");
        assertTrue(seqs.size() < JOURNALED, "still in history when the window ended: " + seqs.size());
        assertEquals(LongStream.rangeClosed(1, seqs.size()).boxed().toList(), seqs);
    }

    /**
     * Journal {@code history} ticks, then replay them to a client that reads {@link #CRAWL_BYTES} a millisecond
     * while the symbol ticks every millisecond, for a pace window and a little more or until the client is cut off;
     * then let it read everything queued, close frame included. A full-mode subscriber that keeps up is connected
     * throughout.
     *
     * @param extra more fields for the replay command, each after a comma.
     */
    private PublisherHarness.Client crawlWhileTicking(final int history, final String extra)
    {
        for (int i = 0; i < history; i++)
        {
            h.tick("AAPL");
        }
        h.cycle();
        // a subscriber that keeps up, as in the hostile suite: the crawler is one client behind the others, not
        // a slow machine (which would give every queue the hard limit)
        final PublisherHarness.Client steady = h.connect();
        final PublisherHarness.Client crawler = h.connect();
        h.cycle();
        steady.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
        crawler.socket.takePerWrite(CRAWL_BYTES);
        crawler.send("{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":1}" + extra + "}");
        for (long ms = 0; ms < Replays.PACE_WINDOW_NS / 1_000_000 + 100 && !crawler.session.isClosed(); ms++)
        {
            h.tick("AAPL");
            h.run(1);
        }
        crawler.socket.takePerWrite(FakeSocket.UNLIMITED);
        h.run(5);
        return crawler;
    }
}
