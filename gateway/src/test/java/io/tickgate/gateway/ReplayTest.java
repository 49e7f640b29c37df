package io.tickgate.gateway;

import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replay from the journal: by seq and by time, joined to the live stream with no gap and no duplicate at the seam,
 * or bounded; and every way to ask for it wrongly.
 */
@Timeout(60)
class ReplayTest
{
    private static final long T0 = 1_764_100_000_000_000L;

    @TempDir
    Path dir;
    private GatewayFixture fixture;

    @BeforeEach
    void start()
    {
        fixture = new GatewayFixture(dir, ctx -> ctx.sessionBufferBytes(32 * 1024).maxFrameBytes(8 * 1024));
        for (int i = 0; i < 100; i++)
        {
            fixture.tick("AAPL", "100." + i);
            fixture.tick("MSFT", "200." + i);
        }
    }

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    @Test
    void shouldReplayFromSeqThenContinueLive()
    {
        try (WsClient client = WsClient.connect(fixture.port()))
        {
            client.send("{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":50},\"id\":\"r1\"}");
            final Map<String, Object> end = client.awaitType("replayEnd");
            assertEquals(Boolean.TRUE, end.get("live"));
            assertEquals(List.of("AAPL"), end.get("symbols"));
            assertEquals("r1", end.get("id"));
            for (int i = 0; i < 10; i++)
            {
                fixture.tick("AAPL", "101");
                fixture.tick("MSFT", "201");
            }
            client.awaitSeq(110);
            assertConsecutive(client, "AAPL", 50, 110);
            assertTrue(ticksOf(client, "MSFT").isEmpty(), "only the replayed symbol");
            assertTrue(client.ofType("snapshot").isEmpty(), "a replay has no snapshot");
            client.assertFramesWellFormed();
        }
    }

    @Test
    void shouldReplayFromTimeForSeveralSymbols()
    {
        try (WsClient client = WsClient.connect(fixture.port()))
        {
            // ticks alternate AAPL, MSFT, with event times T0+1, T0+2, ...: from T0+101 starts at AAPL seq 51
            client.send("{\"op\":\"replay\",\"symbols\":[\"AAPL\",\"MSFT\"],\"from\":" + (T0 + 101) + "}");
            client.awaitType("replayEnd");
            assertConsecutive(client, "AAPL", 51, 100);
            assertConsecutive(client, "MSFT", 51, 100);
        }
    }

    @Test
    void shouldAcceptIsoTimes()
    {
        try (WsClient client = WsClient.connect(fixture.port()))
        {
            client.send("{\"op\":\"replay\",\"symbols\":[\"*\"],\"from\":\"2025-11-25T19:46:40Z\"}");
            final Map<String, Object> end = client.awaitType("replayEnd");
            assertEquals(List.of("*"), end.get("symbols"));
            assertConsecutive(client, "AAPL", 1, 100);
            fixture.tick("NEW", "1");
            client.await(m -> "NEW".equals(m.get("symbol")), "a new symbol after a * replay");
        }
    }

    @Test
    void shouldEndABoundedReplayWithoutGoingLive()
    {
        try (WsClient client = WsClient.connect(fixture.port()))
        {
            client.send("{\"op\":\"replay\",\"symbols\":[\"MSFT\"],\"from\":" + (T0 + 21) + ",\"to\":" + (T0 + 40) +
                "}");
            final Map<String, Object> end = client.awaitType("replayEnd");
            assertEquals(Boolean.FALSE, end.get("live"));
            assertConsecutive(client, "MSFT", 11, 20);
            fixture.tick("MSFT", "1");
            client.send("{\"op\":\"ping\"}");
            client.awaitType("pong");
            assertEquals(10, ticksOf(client, "MSFT").size(), "nothing live after a bounded replay");
        }
    }

    @Test
    void shouldJoinTheLiveStreamExactlyWhileTicksKeepArriving() throws Exception
    {
        final AtomicBoolean feeding = new AtomicBoolean(true);
        final AtomicLong fed = new AtomicLong();
        final Thread feeder = new Thread(() ->
        {
            fixture.writer.claimForCurrentThread();
            while (feeding.get())
            {
                fed.set(fixture.tick("AAPL", "150.5"));
                java.util.concurrent.locks.LockSupport.parkNanos(20_000);
            }
        });
        try (WsClient client = WsClient.connect(fixture.port()))
        {
            feeder.start();
            client.send("{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":1}}");
            client.awaitType("replayEnd");
            final long atSeam = lastSeq(client, "AAPL");
            client.awaitSeq(atSeam + 500);
            feeding.set(false);
            feeder.join();
            client.awaitSeq(fed.get());
            assertConsecutive(client, "AAPL", 1, fed.get());
            fixture.writer.claimForCurrentThread();
        }
        finally
        {
            feeding.set(false);
            feeder.join();
        }
    }

    @Test
    void shouldReplayInBinaryWithTheSameValues()
    {
        try (WsClient json = WsClient.connect(fixture.port());
            WsClient binary = WsClient.connect(fixture.port(), "?format=binary", true))
        {
            final String replay = "{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":90,\"MSFT\":95}}";
            json.send(replay);
            binary.send(replay);
            json.awaitType("replayEnd");
            binary.awaitType("replayEnd");
            assertEquals(ticks(json), ticks(binary));
            assertEquals(11 + 6, ticks(json).size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"op\":\"replay\",\"symbols\":[\"AAPL\"]}",
        "{\"op\":\"replay\",\"symbols\":[\"AAPL\"],\"from\":\"yesterday\"}",
        "{\"op\":\"replay\",\"symbols\":[\"AAPL\"],\"from\":\"2026-13-01T00:00:00Z\"}",
        "{\"op\":\"replay\",\"symbols\":[\"AAPL\"],\"from\":1.5}",
        "{\"op\":\"replay\",\"symbols\":[\"AAPL\"],\"from\":1764100000000050,\"fromSeq\":{\"AAPL\":1}}",
        "{\"op\":\"replay\",\"symbols\":[\"AAPL\"],\"from\":1764100000000050,\"to\":1764100000000010}",
        "{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":0}}",
        "{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":\"5\"}}",
        "{\"op\":\"replay\",\"fromSeq\":[]}",
        "{\"op\":\"replay\",\"fromSeq\":{}}",
        "{\"op\":\"replay\",\"symbols\":[\"MSFT\"],\"fromSeq\":{\"AAPL\":5}}",
        "{\"op\":\"replay\",\"symbols\":[\"bad symbol\"],\"from\":1764100000000050}",
        "{\"op\":\"replay\",\"symbols\":[],\"from\":1764100000000050}",
        "{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":5},\"onSlow\":\"explode\"}",
        "{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":500}}",
        "{\"op\":\"replay\",\"symbols\":[\"AAPL\"],\"from\":\"2020-01-01T00:00:00Z\",\"to\":\"2020-01-02T00:00:00Z\"}"
    })
    void shouldRefuseBadReplays(final String command)
    {
        try (WsClient client = WsClient.connect(fixture.port()))
        {
            client.send(command);
            final Map<String, Object> error = client.awaitType("error");
            assertEquals("BAD_REQUEST", error.get("code"), error.toString());
            client.send("{\"op\":\"ping\",\"id\":\"alive\"}");
            client.awaitType("pong");
            assertTrue(client.ofType("replayEnd").isEmpty());
            assertTrue(ticksOf(client, "AAPL").isEmpty());
        }
    }

    @Test
    void shouldSayWhereTheJournalStarts()
    {
        try (WsClient client = WsClient.connect(fixture.port()))
        {
            client.send("{\"op\":\"replay\",\"symbols\":[\"AAPL\"],\"from\":\"2020-01-01T00:00:00Z\"," +
                "\"to\":\"2020-01-02T00:00:00Z\"}");
            final String message = (String)client.awaitType("error").get("message");
            assertTrue(message.contains("journal starts at 2025-11-25T19:46:40.000001Z"), message);
        }
    }

    @Test
    void shouldRefuseUnknownSymbols()
    {
        try (WsClient client = WsClient.connect(fixture.port()))
        {
            client.send("{\"op\":\"replay\",\"fromSeq\":{\"NOPE\":1}}");
            assertEquals("UNKNOWN_SYMBOL", client.awaitType("error").get("code"));
        }
    }

    @Test
    void shouldConflateASlowFullModeClientThatAskedForIt()
    {
        try (WsClient slow = WsClient.connect(fixture.port(), "", false))
        {
            slow.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\",\"onSlow\":\"conflate\"}");
            long seq = 100;
            for (int i = 0; i < 20_000; i++)
            {
                seq = fixture.tick("AAPL", "99." + (i % 100));
            }
            slow.request(Long.MAX_VALUE);
            slow.awaitSeq(seq);
            slow.awaitType("slow");
            slow.await(m -> "caughtUp".equals(lastModeChange(slow)), "the last mode change to be caughtUp");
            assertFalse(slow.closed.isDone(), "not cut off");
            final int caughtUpAt = slow.messages.size();
            for (int i = 0; i < 50; i++)
            {
                seq = fixture.tick("AAPL", "98");
            }
            slow.awaitSeq(seq);
            final Map<String, Object> last = slow.ofType("caughtUp").get(slow.ofType("caughtUp").size() - 1);
            assertEquals("full", last.get("mode"));
            long expected = seq - 49;
            for (final Map<String, Object> message : slow.messages.subList(caughtUpAt, slow.messages.size()))
            {
                if ("tick".equals(message.get("type")))
                {
                    assertEquals(expected++, message.get("seq"), "every tick again after caughtUp");
                }
            }
            assertEquals(seq + 1, expected);
        }
    }

    private static String lastModeChange(final WsClient client)
    {
        String last = null;
        for (final Map<String, Object> message : client.messages)
        {
            if ("slow".equals(message.get("type")) || "caughtUp".equals(message.get("type")))
            {
                last = (String)message.get("type");
            }
        }
        return last;
    }

    private static void assertConsecutive(final WsClient client, final String symbol, final long from, final long to)
    {
        final List<Map<String, Object>> ticks = ticksOf(client, symbol);
        long expected = from;
        for (final Map<String, Object> tick : ticks)
        {
            assertEquals(expected++, tick.get("seq"), symbol + " seqs");
        }
        assertEquals(to + 1, expected, symbol + " ended at the wrong seq");
    }

    private static long lastSeq(final WsClient client, final String symbol)
    {
        final List<Map<String, Object>> ticks = ticksOf(client, symbol);
        return ticks.isEmpty() ? 0 : (Long)ticks.get(ticks.size() - 1).get("seq");
    }

    private static List<Map<String, Object>> ticksOf(final WsClient client, final String symbol)
    {
        final List<Map<String, Object>> ticks = new ArrayList<>();
        for (final Map<String, Object> message : client.messages)
        {
            if ("tick".equals(message.get("type")) && symbol.equals(message.get("symbol")))
            {
                ticks.add(message);
            }
        }
        return ticks;
    }

    private static List<Map<String, Object>> ticks(final WsClient client)
    {
        final List<Map<String, Object>> ticks = new ArrayList<>();
        for (final Map<String, Object> message : client.messages)
        {
            if ("tick".equals(message.get("type")))
            {
                ticks.add(message);
            }
        }
        return ticks;
    }
}
