package io.tickgate.gateway.publisher;

import io.tickgate.gateway.security.Grant;
import io.tickgate.gateway.security.SymbolPatterns;
import io.tickgate.gateway.ws.Frames;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static io.tickgate.gateway.publisher.SessionLifecycleScenariosTest.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delayed data through the real publisher on a hand clock: each delayed message is checked against the journal's
 * ingest time of its tick (read back from the journal) and the hand clock's time when the socket took it; a
 * real-time client beside it is unaffected.
 */
@Timeout(60)
class DelayLineScenariosTest
{
    private static final long SECOND_NS = 1_000_000_000L;
    private static final int DELAY = 2;
    private static final long DAY_NS = 86_400L * SECOND_NS;

    @TempDir
    Path dir;
    private PublisherHarness h;

    @AfterEach
    void close()
    {
        h.close();
    }

    @Test
    void aDelayedSessionGetsEachTickOnceItIsDueInOrderBesideARealTimeOne()
    {
        h = new PublisherHarness(dir);
        h.tick("AAPL");
        h.catchUp();
        final PublisherHarness.Client live = h.connect();
        final PublisherHarness.Client late = h.connect(false, delayed(DELAY));
        h.cycle();
        live.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
        late.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
        h.cycle();
        assertEquals(List.of(1L), live.seqs("AAPL"));
        assertEquals(List.of(), late.seqs("AAPL"), "the only tick is younger than the delay: no snapshot");
        assertEquals(1, late.ofType("subscribed").size());

        for (int i = 0; i < 20; i++)
        {
            h.tick("AAPL");
            h.run(250);
            assertEquals(i + 2, live.seqs("AAPL").size(), "real time: every tick at once");
        }
        h.run(DELAY * 1000 + 10);
        assertEquals(seqs(1, 21), late.seqs("AAPL"), "every tick, in order");
        assertDue(late, h.journaled(), true);
        assertEquals(0, h.metrics.delays.early.get());
        assertEquals(1, h.metrics.delays.lines.get());
    }

    @Test
    void aSnapshotIsTheLastValueJournaledByNowLessTheDelayInEveryMode()
    {
        h = new PublisherHarness(dir);
        h.tick("AAPL");
        h.run(1000);
        h.tick("AAPL");
        h.run(1500);
        h.tick("AAPL");
        h.run(500);
        // now: seq 1 is 3 s old, seq 2 is 2 s old, seq 3 is 0.5 s old
        final PublisherHarness.Client full = h.connect(false, delayed(DELAY));
        final PublisherHarness.Client conflated = h.connect(true, delayed(DELAY));
        h.cycle();
        full.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
        conflated.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"maxRate\":1}");
        h.cycle();
        assertEquals(List.of(2L), full.seqs("AAPL"), () -> types(full.messages()).toString());
        assertEquals(List.of(2L), conflated.seqs("AAPL"));
        assertEquals("snapshot", full.ofType("snapshot", "tick").get(0).get("type"));

        for (int i = 0; i < 8; i++)
        {
            h.tick("AAPL");
            h.run(100);
        }
        h.run(3000);
        assertEquals(seqs(2, 11), full.seqs("AAPL"));
        final List<Long> rateLimited = conflated.seqs("AAPL");
        assertEquals(11L, rateLimited.get(rateLimited.size() - 1), "conflated: the latest value in the end");
        assertDue(conflated, h.journaled(), false);
        assertDue(full, h.journaled(), false);
    }

    @Test
    void wildcardAndBinaryOnADelayedSessionTakeANewSymbolOnlyOnceItsFirstTickIsDue()
    {
        h = new PublisherHarness(dir);
        h.tick("AAPL");
        h.run(3000);
        final PublisherHarness.Client late = h.connect(true, delayed(DELAY));
        h.cycle();
        late.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"mode\":\"full\"}");
        h.cycle();
        h.tick("IBM");
        h.run(DELAY * 1000 - 10);
        assertEquals(List.of(), late.seqs("IBM"), "not yet due");
        h.run(20);
        assertEquals(List.of(1L), late.seqs("IBM"));
        assertEquals(List.of(1L), late.seqs("AAPL"), "the snapshot of the older symbol");
        assertDue(late, h.journaled(), true);
    }

    @Test
    void replaysAreCappedAtNowLessTheDelayAndHandOverToTheDelayedStream()
    {
        h = new PublisherHarness(dir);
        for (int i = 0; i < 10; i++)
        {
            h.tick("AAPL");
            h.run(500);
        }
        // now: seqs 1-7 are at least 2 s old (seq 7 just), 8-10 younger
        final PublisherHarness.Client fromSeq = h.connect(false, delayed(DELAY));
        final PublisherHarness.Client range = h.connect(false, delayed(DELAY));
        h.cycle();
        fromSeq.send("{\"op\":\"replay\",\"symbols\":[\"AAPL\"],\"fromSeq\":{\"AAPL\":3},\"id\":1}");
        range.send("{\"op\":\"replay\",\"symbols\":[\"AAPL\"],\"from\":\"2020-01-01T00:00:00Z\"," +
            "\"to\":\"2099-01-01T00:00:00Z\",\"id\":2}");
        h.run(5);
        assertEquals(seqs(3, 7), fromSeq.seqs("AAPL"), () -> types(fromSeq.messages()).toString());
        assertEquals(seqs(1, 7), range.seqs("AAPL"), "to is capped at now less the delay");
        assertEquals(List.of(true), fromSeq.ofType("replayEnd").stream().map(m -> m.get("live")).toList());
        assertEquals(List.of(false), range.ofType("replayEnd").stream().map(m -> m.get("live")).toList());

        h.tick("AAPL");
        h.run(DELAY * 1000 + 10);
        assertEquals(seqs(3, 11), fromSeq.seqs("AAPL"), "the delayed stream takes over at the seam");
        assertEquals(seqs(1, 7), range.seqs("AAPL"));
        assertDue(fromSeq, h.journaled(), false);
        assertDue(range, h.journaled(), false);
    }

    @Test
    void aLineCatchesUpInSlicesBeforeItsSessionsCommandsAreCarriedOut()
    {
        h = new PublisherHarness(dir);
        for (int i = 0; i < 3000; i++)
        {
            h.tick("AAPL");
        }
        h.run(3000);
        h.tick("AAPL");
        h.catchUp();
        final PublisherHarness.Client late = h.connect(false, delayed(DELAY));
        h.cycle();
        final Line line = h.publisher.delayLines().lines().get(0);
        assertTrue(line.reader().lastIndex() < h.journaled().get(1100).index(), "at most a poll limit per cycle");
        late.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"id\":7}");
        h.cycle();
        assertEquals(List.of(), late.ofType("subscribed"), "held while the line catches up");
        h.run(5);
        assertEquals(List.of("welcome", "subscribed", "snapshot"), types(late.messages()));
        assertEquals(List.of(3000L), late.seqs("AAPL"), "the value as of now less the delay");
    }

    @Test
    void sessionsOfOneDelayShareALineAndOneDelayTooManyIsRefused()
    {
        h = new PublisherHarness(dir, limits(2));
        h.tick("AAPL");
        h.catchUp();
        final PublisherHarness.Client a = h.connect(false, delayed(DELAY));
        final PublisherHarness.Client b = h.connect(false, delayed(DELAY));
        final PublisherHarness.Client c = h.connect(false, delayed(DELAY + 1));
        h.run(2);
        assertEquals(2, h.metrics.delays.lines.get(), "two delays, two lines");
        assertEquals(2, h.publisher.delayLines().lines().size());

        final PublisherHarness.Client refused = h.connect(false, delayed(60));
        h.run(2);
        final List<Map<String, Object>> errors = refused.ofType("error");
        assertEquals(1, errors.size(), () -> types(refused.messages()).toString());
        assertEquals("LIMIT", errors.get(0).get("code"));
        assertTrue(((String)errors.get(0).get("message")).contains("at most 2 delays"), errors::toString);
        final Map<String, Object> close = refused.ofType("ws:close").get(0);
        assertEquals((long)Frames.CLOSE_TRY_AGAIN_LATER, ((Number)close.get("code")).longValue());
        assertEquals(1, h.metrics.delays.refused.get());
        assertEquals(2, h.metrics.delays.lines.get());
        a.send("{\"op\":\"ping\",\"id\":1}");
        h.run(2);
        assertEquals(1, a.ofType("pong").size(), "the others go on");
    }

    @Test
    void aLineNoSessionUsesIsClosedAfterItsGrace()
    {
        h = new PublisherHarness(dir, limits(1));
        h.tick("AAPL");
        h.catchUp();
        final PublisherHarness.Client a = h.connect(false, delayed(DELAY));
        h.run(2);
        a.disconnect();
        h.run(900);
        assertEquals(1, h.metrics.delays.lines.get(), "kept for the grace");
        final PublisherHarness.Client b = h.connect(false, delayed(DELAY));
        h.run(2);
        b.disconnect();
        h.run(999);
        assertEquals(1, h.metrics.delays.lines.get());
        h.run(2);
        assertEquals(0, h.metrics.delays.lines.get(), "closed a grace after its last session left");
        assertEquals(0, h.publisher.delayLines().lines().size());

        final PublisherHarness.Client other = h.connect(false, delayed(DELAY + 5));
        h.run(2);
        assertEquals(List.of("welcome"), types(other.messages()), "the freed place serves another delay");
    }

    @Test
    void aDelayedSessionCrossesTheJournalsDayBoundaryAndALineOpensAtThePreviousDay()
    {
        // the journal's days follow the hand clock: its clock is set to the hand clock's before each append
        final SetTimeProvider journalClock = new SetTimeProvider(PublisherHarness.START_NS);
        h = new PublisherHarness(dir, journalClock, UnaryOperator.identity());
        final long midnightNs = (PublisherHarness.START_NS / DAY_NS + 1) * DAY_NS;
        h.clock.advanceNs(midnightNs - 1_500_000_000L - h.clock.nanoTime());
        tickOnJournalClock(journalClock, "AAPL");
        h.run(1000);
        tickOnJournalClock(journalClock, "AAPL");
        h.run(1000);
        // half a second into the next day: its file starts with a header carrying seq 2
        tickOnJournalClock(journalClock, "AAPL");
        h.catchUp();
        assertTrue(h.journal.headerIndexAtOrBefore(midnightNs / 1_000_000) > h.journaled().get(1).index(),
            "the next day has a header of its own");

        final PublisherHarness.Client late = h.connect(false, delayed(DELAY));
        h.cycle();
        late.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
        h.cycle();
        assertEquals(List.of(1L), late.seqs("AAPL"), "the line starts at the day before: its value then");
        h.run(3000);
        assertEquals(seqs(1, 3), late.seqs("AAPL"), "over the day boundary, once each");
        assertDue(late, h.journaled(), true);

        final PublisherHarness.Client later = h.connect(false, delayed(DELAY));
        h.cycle();
        later.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
        h.cycle();
        assertEquals(List.of(3L), later.seqs("AAPL"), "the shared line's value now");
        assertEquals(1, h.metrics.delays.lines.get());
    }

    private void tickOnJournalClock(final SetTimeProvider journalClock, final String symbol)
    {
        journalClock.currentTimeNanos(h.clock.nanoTime());
        h.tick(symbol);
    }

    private static UnaryOperator<io.tickgate.gateway.GatewayContext> limits(final int maxLines)
    {
        return ctx -> ctx.maxDelayLines(maxLines).delayLineGraceMs(1000);
    }

    static Grant delayed(final long seconds)
    {
        return new Grant(null, Long.MAX_VALUE, SymbolPatterns.ALL, seconds, true, false);
    }

    /**
     * Every tick and snapshot the client got was journaled at least the delay before the socket took it (its ingest
     * time read back from the journal, by symbol and seq).
     *
     * @param prompt also: each tick went out within 2 ms of being due (the hand clock moves 1 ms per duty cycle).
     */
    private static void assertDue(
        final PublisherHarness.Client client, final List<PublisherHarness.Journaled> journal, final boolean prompt)
    {
        final Map<String, Long> ingest = new HashMap<>();
        journal.forEach(j -> ingest.put(j.symbol() + "#" + j.seq(), j.ingestNanos()));
        final List<Map<String, Object>> quotes = client.ofType("tick", "snapshot");
        assertTrue(!quotes.isEmpty(), "something to check");
        for (final Map<String, Object> m : quotes)
        {
            final long at = (Long)m.get("@at");
            final long due = ingest.get(m.get("symbol") + "#" + m.get("seq")) + DELAY * SECOND_NS;
            assertTrue(at >= due, () -> m + " sent " + (due - at) + " ns early");
            assertTrue(!prompt || !"tick".equals(m.get("type")) || at - due <= 2_000_000L,
                () -> m + " sent " + (at - due) + " ns after it was due");
        }
    }

    private static List<Long> seqs(final long from, final long to)
    {
        return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
    }
}
