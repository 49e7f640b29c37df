package io.tickgate.gateway;

import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that stops reading is conflated (conflated mode) or cut off with 1008 (full mode), while a fast client on
 * the same symbol keeps receiving every tick.
 */
@Timeout(120)
class SlowClientTest
{

    @TempDir
    Path dir;
    private GatewayFixture fixture;

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    @Test
    void shouldConflateASlowClientWhileAFastOneGetsEverything()
    {
        fixture = new GatewayFixture(dir, ctx -> ctx.sessionBufferBytes(64 * 1024).maxFrameBytes(16 * 1024)
            .socketSendBufferBytes(32 * 1024).slowConsumerTimeoutMs(600_000));
        fixture.tick("AAPL", "100");
        try (WsClient fast = WsClient.connect(fixture.port());
            WsClient slow = WsClient.connect(fixture.port(), "", false))
        {
            slow.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"]}");
            fast.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
            fast.awaitType("snapshot");

            final long lastSeq = feedInStepWith(fast, 100, 100);
            assertTrue(fixture.metric("tickgate_conflated_total") > 0, "updates were conflated for the slow client");
            assertFalse(slow.closed.isDone(), "a slow conflated client is not cut off");
            assertEquals(0, fixture.metric("tickgate_cutoffs_total{reason=\"slow_consumer\"}"));

            slow.request(Long.MAX_VALUE);
            final Map<String, Object> latest = slow.await(m -> Long.valueOf(lastSeq).equals(m.get("seq")),
                "the latest value after catching up");
            assertEquals("AAPL", latest.get("symbol"));
            assertTrue(slow.messages.size() < lastSeq / 2, "slow client got " + slow.messages.size() + " messages");
            slow.assertFramesWellFormed();
        }
    }

    @Test
    void shouldCutOffASlowFullModeClientWithAReason()
    {
        fixture = new GatewayFixture(dir, ctx -> ctx.sessionBufferBytes(16 * 1024).maxFrameBytes(4 * 1024)
            .socketSendBufferBytes(32 * 1024));
        fixture.tick("AAPL", "100");
        try (WsClient fast = WsClient.connect(fixture.port());
            WsClient slow = WsClient.connect(fixture.port(), "", false))
        {
            slow.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
            fast.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
            fast.awaitType("snapshot");

            feedInStepWith(fast, 40, 250);
            slow.request(Long.MAX_VALUE);
            assertEquals(1008, slow.closed.join()[0]);
            assertTrue(slow.closeReason.startsWith("slow consumer"), slow.closeReason);
            assertEquals(1, fixture.metric("tickgate_cutoffs_total{reason=\"slow_consumer\"}"));
            fast.assertFramesWellFormed();
            assertFalse(fast.closed.isDone());
        }
    }

    /**
     * Feed ticks in batches, each once the fast client has the previous one, so the fast client never falls behind.
     */
    private long feedInStepWith(final WsClient fast, final int batch, final int batches)
    {
        long seq = 1;
        for (int b = 0; b < batches; b++)
        {
            for (int i = 0; i < batch; i++)
            {
                seq = fixture.tick("AAPL", "100." + (i % 100));
            }
            fast.awaitSeq(seq);
        }
        long previous = 1;
        for (final Map<String, Object> tick : fast.ofType("tick"))
        {
            assertEquals(++previous, tick.get("seq"), "the fast client saw a gap");
        }
        assertEquals(seq, previous);
        return seq;
    }
}
