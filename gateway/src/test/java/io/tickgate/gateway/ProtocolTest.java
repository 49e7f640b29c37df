package io.tickgate.gateway;

import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protocol v1 through a real server and a real WebSocket client: one test per row and guarantee of the contract.
 */
@Timeout(60)
class ProtocolTest
{
    @TempDir
    Path dir;
    private GatewayFixture fixture;

    @BeforeEach
    void start()
    {
        // bursts of thousands of ticks go to one client at once here: give the buffer room for them
        fixture = new GatewayFixture(dir, ctx -> ctx.heartbeatMs(300).sessionBufferBytes(4 * 1024 * 1024));
        fixture.tick("AAPL", "189.13");
        fixture.tick("MSFT", "410.5");
    }

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    @Test
    void shouldWelcomeFirst()
    {
        try (WsClient client = WsClient.connect(fixture.port()))
        {
            final Map<String, Object> welcome = client.awaitType("welcome");
            assertEquals(welcome, client.messages.get(0));
            assertEquals("tickgate/" + GatewayContext.VERSION, welcome.get("server"));
            assertEquals(1L, welcome.get("protocol"));
            assertEquals(300L, welcome.get("heartbeatMs"));
        }
    }

    @Test
    void shouldSnapshotBeforeTicksAndEchoId()
    {
        try (WsClient client = WsClient.connect(fixture.port()))
        {
            client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"MSFT\"],\"id\":7}");
            final Map<String, Object> subscribed = client.awaitType("subscribed");
            assertEquals(List.of("AAPL", "MSFT"), subscribed.get("symbols"));
            assertEquals(7L, subscribed.get("id"));
            client.await(m -> "snapshot".equals(m.get("type")) && "MSFT".equals(m.get("symbol")), "MSFT snapshot");
            final Map<String, Object> snapshot =
                client.await(m -> "snapshot".equals(m.get("type")) && "AAPL".equals(m.get("symbol")), "snapshot");
            assertEquals(1L, snapshot.get("seq"));
            assertEquals(new BigDecimal("189.13"), snapshot.get("last"));
            assertEquals(new BigDecimal("189.12"), snapshot.get("bid"));
            assertEquals(new BigDecimal("189.14"), snapshot.get("ask"));
            assertEquals(300L, snapshot.get("bidSize"));
            assertEquals(200L, snapshot.get("askSize"));
            assertEquals(100L, snapshot.get("lastSize"));
            assertTrue(snapshot.get("ts") instanceof Long);
            assertTrue(snapshot.get("volume") instanceof Long);

            fixture.tick("AAPL", "189.2");
            final Map<String, Object> tick =
                client.await(m -> "tick".equals(m.get("type")) && "AAPL".equals(m.get("symbol")), "tick");
            assertEquals(2L, tick.get("seq"));
            assertEquals(new BigDecimal("189.2"), tick.get("last"));
            assertTrue(client.messages.indexOf(subscribed) < client.messages.indexOf(snapshot));
            assertTrue(client.messages.indexOf(snapshot) < client.messages.indexOf(tick));
            client.assertFramesWellFormed();
        }
    }

    @Test
    void shouldWriteExactDecimalsIncludingNegativeAndTinyPrices()
    {
        try (WsClient client = WsClient.connect(fixture.port()))
        {
            client.send("{\"op\":\"subscribe\",\"symbols\":[\"MSFT\"],\"mode\":\"full\"}");
            client.awaitType("snapshot");
            fixture.tick("MSFT", "-0.5");
            fixture.tick("MSFT", "0.12345678");
            client.await(m -> Long.valueOf(3).equals(m.get("seq")), "seq 3");
            final List<Map<String, Object>> ticks = client.ofType("tick");
            assertEquals(new BigDecimal("-0.5"), ticks.get(0).get("last"));
            assertEquals(new BigDecimal("-0.51"), ticks.get(0).get("bid"));
            assertEquals(new BigDecimal("0.12345678"), ticks.get(1).get("last"));
        }
    }

    @Test
    void shouldDeliverEverySeqInOrderInFullMode()
    {
        try (WsClient client = WsClient.connect(fixture.port()))
        {
            client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
            client.awaitType("snapshot");
            for (int i = 0; i < 5_000; i++)
            {
                fixture.tick("AAPL", "100." + (i % 100));
            }
            client.await(m -> Long.valueOf(5_001).equals(m.get("seq")), "seq 5001");
            long expected = 2;
            for (final Map<String, Object> tick : client.ofType("tick"))
            {
                assertEquals(expected++, tick.get("seq"));
            }
            assertEquals(5_002, expected);
            client.assertFramesWellFormed();
            assertTrue(client.textFrames() < client.messages.size(), "batches many messages per frame");
        }
    }

    @Test
    void shouldNeverGoBackwardsWhenConflated()
    {
        try (WsClient client = WsClient.connect(fixture.port()))
        {
            client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"]}");
            client.awaitType("snapshot");
            for (int i = 0; i < 20_000; i++)
            {
                fixture.tick("AAPL", "100.5");
            }
            client.await(m -> Long.valueOf(20_001).equals(m.get("seq")), "the last seq");
            long previous = 0;
            for (final Map<String, Object> message : client.messages)
            {
                if ("tick".equals(message.get("type")) || "snapshot".equals(message.get("type")))
                {
                    final long seq = (Long)message.get("seq");
                    assertTrue(seq > previous, "seq went from " + previous + " to " + seq);
                    previous = seq;
                }
            }
        }
    }

    @Test
    void shouldLimitConflatedRateWithMaxRate()
    {
        try (WsClient client = WsClient.connect(fixture.port()))
        {
            client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"maxRate\":2}");
            client.awaitType("snapshot");
            final long start = System.nanoTime();
            for (int i = 0; i < 30; i++)
            {
                fixture.tick("AAPL", "101." + i);
            }
            client.await(m -> Long.valueOf(31).equals(m.get("seq")), "the latest value");
            // the bound counts every tick received so far, so it takes the time until the last one arrived
            final double seconds = (System.nanoTime() - start) / 1e9;
            final int ticks = client.ofType("tick").size();
            assertTrue(ticks <= Math.ceil(seconds * 2) + 2, ticks + " ticks in " + seconds + " s at maxRate 2");
            assertTrue(ticks < 30, "updates were conflated");
        }
    }

    @Test
    void shouldStopAtOnceOnUnsubscribe()
    {
        try (WsClient client = WsClient.connect(fixture.port()))
        {
            client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"MSFT\"],\"mode\":\"full\"}");
            client.await(m -> "snapshot".equals(m.get("type")) && "MSFT".equals(m.get("symbol")), "snapshots");
            for (int i = 0; i < 200; i++)
            {
                fixture.tick("AAPL", "150");
            }
            client.send("{\"op\":\"unsubscribe\",\"symbols\":[\"AAPL\"],\"id\":\"u1\"}");
            for (int i = 0; i < 200; i++)
            {
                fixture.tick("AAPL", "151");
            }
            final Map<String, Object> unsubscribed = client.awaitType("unsubscribed");
            assertEquals("u1", unsubscribed.get("id"));
            assertEquals(List.of("AAPL"), unsubscribed.get("symbols"));
            fixture.tick("MSFT", "411");
            client.await(m -> "tick".equals(m.get("type")) && "MSFT".equals(m.get("symbol")), "MSFT tick");
            final int after = client.messages.indexOf(unsubscribed);
            for (final Map<String, Object> message : client.messages.subList(after, client.messages.size()))
            {
                assertFalse("AAPL".equals(message.get("symbol")), "AAPL after unsubscribed: " + message);
            }
        }
    }

    @Test
    void shouldSubscribeToPresentAndFutureSymbolsWithWildcard()
    {
        try (WsClient client = WsClient.connect(fixture.port()))
        {
            client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"mode\":\"full\"}");
            assertEquals(List.of("*"), client.awaitType("subscribed").get("symbols"));
            client.await(m -> "snapshot".equals(m.get("type")) && "AAPL".equals(m.get("symbol")), "AAPL");
            client.await(m -> "snapshot".equals(m.get("type")) && "MSFT".equals(m.get("symbol")), "MSFT");
            fixture.tick("NEW.X", "12.5");
            final Map<String, Object> first =
                client.await(m -> "NEW.X".equals(m.get("symbol")), "the new symbol's first tick");
            assertEquals("tick", first.get("type"));
            assertEquals(1L, first.get("seq"));

            client.send("{\"op\":\"unsubscribe\",\"symbols\":[\"*\"]}");
            client.awaitType("unsubscribed");
            final int after = client.messages.size();
            fixture.tick("AAPL", "1");
            fixture.tick("OTHER", "1");
            client.send("{\"op\":\"ping\",\"id\":1}");
            client.awaitType("pong");
            final List<Map<String, Object>> rest =
                new ArrayList<>(client.messages.subList(after, client.messages.size()));
            rest.removeIf(m -> !"tick".equals(m.get("type")));
            assertTrue(rest.isEmpty(), "ticks after unsubscribe *: " + rest);
        }
    }

    @Test
    void shouldEchoPingIdAsGiven()
    {
        try (WsClient client = WsClient.connect(fixture.port()))
        {
            client.send("{\"op\":\"ping\",\"id\":42}");
            client.send("{\"op\":\"ping\",\"id\":\"abc\"}");
            client.send("{\"op\":\"ping\",\"id\":{\"n\":[1,2.5]}}");
            client.send("{\"op\":\"ping\"}");
            client.await(m -> "pong".equals(m.get("type")) && !m.containsKey("id"), "pong without id");
            final List<Map<String, Object>> pongs = client.ofType("pong");
            assertEquals(42L, pongs.get(0).get("id"));
            assertEquals("abc", pongs.get(1).get("id"));
            assertEquals(Map.of("n", List.of(1L, new BigDecimal("2.5"))), pongs.get(2).get("id"));
        }
    }

    @Test
    void shouldHeartbeatWhenIdle()
    {
        try (WsClient client = WsClient.connect(fixture.port()))
        {
            assertTrue(client.awaitType("heartbeat").get("ts") instanceof Long);
            client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"]}");
            client.awaitType("snapshot");
            final int before = client.ofType("heartbeat").size();
            client.await(m -> client.ofType("heartbeat").size() > before, "a heartbeat on a subscribed session");
        }
    }
}
