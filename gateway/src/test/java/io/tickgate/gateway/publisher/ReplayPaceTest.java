package io.tickgate.gateway.publisher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.tickgate.gateway.publisher.SessionLifecycleScenariosTest.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that reads its replay at a trickle (enough not to count as stalled) cannot hold a replay slot forever:
 * below {@code --replay-min-rate} over a window the replay ends with {@code LIMIT}, and the connection stays.
 */
@Timeout(60)
class ReplayPaceTest
{
    private static final int MIN_RATE = 500;
    private static final int JOURNALED = 3_000;

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
}
