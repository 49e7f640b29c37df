package io.tickgate.gateway;

import io.tickgate.codec.TickDecoder;
import io.tickgate.gateway.ws.Frames;
import io.tickgate.journal.JournalHandler;
import io.tickgate.journal.JournalReader;
import io.tickgate.testing.Await;
import io.tickgate.testing.WsClient;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delayed connections on a real gateway, beside a real-time one: each connection's token carries its delay, and the
 * test checks every message a delayed client gets against the journal's ingest time of its tick and the time it
 * arrived; the gateway runs on the system's wall clock, as the journal's ingest times do.
 */
@Timeout(90)
class DelayedStreamTest
{
    private static final long DELAY_MS = 1_000;

    @TempDir
    Path dir;
    private AuthGateway auth;
    private GatewayFixture fixture;

    @BeforeEach
    void start()
    {
        auth = new AuthGateway(dir, ctx -> ctx
            .epochClock(new SystemEpochNanoClock())
            .maxDelayLines(1)
            .delayLineGraceMs(200)
            .sessionBufferBytes(4 * 1024 * 1024));
        fixture = auth.fixture;
        fixture.tick("AAPL", "100.00");
        fixture.tick("MSFT", "200.00");
    }

    @AfterEach
    void stop()
    {
        auth.close();
    }

    @Test
    void delayedJsonBinaryAndReplayClientsGetNothingYoungerThanTheirDelayBesideARealTimeOne()
    {
        try (WsClient live = connect(0, "");
            WsClient late = connect(1, "");
            WsClient lateBinary = connect(1, "&format=binary");
            WsClient replayer = connect(1, ""))
        {
            live.awaitType("welcome");
            late.awaitType("welcome");
            lateBinary.awaitType("welcome");
            replayer.awaitType("welcome");
            live.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"mode\":\"full\"}");
            late.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"mode\":\"full\"}");
            lateBinary.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"mode\":\"full\"}");
            replayer.send("{\"op\":\"replay\",\"symbols\":[\"AAPL\"],\"fromSeq\":{\"AAPL\":1}}");
            late.awaitType("subscribed");
            lateBinary.awaitType("subscribed");
            replayer.awaitType("replayEnd");
            assertEquals(1, fixture.metric("tickgate_delay_lines"), "three delayed sessions, one line");
            assertEquals(0, fixture.metric("tickgate_delay_line_lag_seconds{delay=\"1\"}"), "caught up");

            // a quarter of the ticks on a symbol that is new to everyone, paced over about a second and a half
            long lastSeq = 0;
            for (int i = 0; i < 300; i++)
            {
                lastSeq = fixture.tick(i % 4 == 0 ? "NEW" : "AAPL", "101." + (i % 100));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            final long last = fixture.tick("AAPL", "102.00");
            live.awaitSeq(last);
            final long liveGotLastMs = System.currentTimeMillis();
            late.awaitSeq(last);
            lateBinary.awaitSeq(last);
            replayer.awaitSeq(last);

            final Map<String, Long> ingestMs = ingestMillis();
            assertTrue(liveGotLastMs < ingestMs.get("AAPL#" + last) + DELAY_MS, "real time: at once, not delayed");
            // the first tick is a snapshot to the real-time client, still a tick to the delayed ones
            assertEquals(seqs(live, "AAPL"), seqs(late, "AAPL"), "the delayed stream has every tick, in order");
            assertEquals(seqs(live, "NEW"), seqs(lateBinary, "NEW"));
            assertEquals(75, seqs(late, "NEW").size(), "the new symbol, from its first tick");
            for (final WsClient client : List.of(late, lateBinary, replayer))
            {
                assertNothingYoungerThanTheDelay(client, ingestMs);
            }
            assertTrue(fixture.metric("tickgate_fanout_latency_seconds_count{mode=\"delayed\"}") > 0,
                "the delayed sends' latency is recorded under their mode");
            assertEquals(0, fixture.metric("tickgate_delay_early_total"));
            assertTrue(lastSeq > 0);
        }
        Await.until(() -> fixture.metric("tickgate_delay_lines") == 0, () -> "the unused line closed after its grace");
    }

    @Test
    void aConnectionWithOneDelayTooManyIsRefusedClearly()
    {
        try (WsClient late = connect(1, "");
            WsClient other = connect(2, ""))
        {
            late.awaitType("welcome");
            final Map<String, Object> error = other.awaitType("error");
            assertEquals("LIMIT", error.get("code"));
            assertTrue(((String)error.get("message")).contains("at most 1 delays"), error::toString);
            final int[] close = other.closed.join();
            assertEquals(Frames.CLOSE_TRY_AGAIN_LATER, close[0]);
            assertEquals(1, fixture.metric("tickgate_delay_lines_refused_total"));
            late.send("{\"op\":\"ping\",\"id\":3}");
            assertEquals(3L, late.awaitType("pong").get("id"), "the line in use serves on");
        }
    }

    /**
     * @param delaySeconds the token's {@code delay} (0: real time).
     * @param query        more query parameters, e.g. {@code &format=binary}.
     */
    private WsClient connect(final long delaySeconds, final String query)
    {
        final long now = AuthGateway.now();
        return auth.connect(auth.minter.mint("desk", null, delaySeconds, true, false, now, now + 3600), query);
    }

    /**
     * Each tick and snapshot arrived no earlier than its ingest time plus the delay (both on the system clock, in
     * whole ms: the journal's ingest times are whole ms here, so the floor of the arrival is still no earlier).
     */
    private static void assertNothingYoungerThanTheDelay(final WsClient client, final Map<String, Long> ingestMs)
    {
        int checked = 0;
        for (int i = 0; i < client.receivedMillis.size(); i++)
        {
            final Map<String, Object> m = client.messages.get(i);
            if ("tick".equals(m.get("type")) || "snapshot".equals(m.get("type")))
            {
                final long due = ingestMs.get(m.get("symbol") + "#" + m.get("seq")) + DELAY_MS;
                final long at = client.receivedMillis.get(i);
                assertTrue(at >= due, () -> m + " arrived " + (due - at) + " ms before it was due");
                checked++;
            }
        }
        assertTrue(checked > 200, "checked " + checked);
    }

    private Map<String, Long> ingestMillis()
    {
        final Map<String, Long> ingest = new HashMap<>();
        try (JournalReader reader = fixture.journal.reader(1024))
        {
            final JournalHandler collect = (final TickDecoder tick, final long index) -> ingest.put(
                reader.symbols().name(tick.symbolId()) + "#" + tick.seq(), tick.ingestTimeNanos() / 1_000_000);
            while (reader.poll(collect, 4096) > 0)
            {
                assertTrue(ingest.size() < 1_000_000, "a journal that ends");
            }
        }
        return ingest;
    }

    private static List<Object> seqs(final WsClient client, final String symbol)
    {
        return client.messages.stream()
            .filter(m -> ("tick".equals(m.get("type")) || "snapshot".equals(m.get("type"))) &&
                symbol.equals(m.get("symbol")))
            .map(m -> m.get("seq")).toList();
    }
}
