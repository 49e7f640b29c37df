package io.tickgate.gateway.hostile;

import io.tickgate.testing.Await;
import io.tickgate.testing.Json;
import io.tickgate.testing.RawWsClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that abuse the protocol — commands over the rate, huge frames and fields, ping floods, replays past every
 * limit, a replay read at a crawl — each answered with its documented error or close while the polite client misses
 * nothing, and the gateway back to its baseline after each ({@link HostileGateway}). Single refusals are
 * {@code CommandErrorsTest}'s and {@code ReplayTest}'s; these are the floods, several abusers at once.
 */
class HostileCommandsTest extends HostileSuite
{
    private static final String LIMIT = "tickgate_command_errors_total{code=\"LIMIT\"}";
    private static final String REPLAY_POLITE = "{\"op\":\"replay\",\"fromSeq\":{\"POLITE\":1}}";
    private static final String SLOW_CONSUMER = "tickgate_cutoffs_total{reason=\"slow_consumer\"}";
    /**
     * Ticks of POLITE history for the crawler: more than the gateway queues for a replay (half the session buffer),
     * the sockets hold (16 KiB send, doubled by Linux, and 4 KiB receive) and the crawler reads in the 10 s pace
     * window (100 frames of at most 8 KiB), at 150 bytes or more a tick. So the replay cannot reach the head of the
     * journal within the window, however fast or slow the feed.
     */
    private static final long CRAWL_HISTORY = (HostileGateway.SESSION_BUFFER / 2 + 48 * 1024 + 100 * 8 * 1024) / 150;

    @Test
    void shouldAnswerCommandFloodsWithLimitThenCloseTheAbusers()
    {
        gateway.run("command flood x5", g ->
        {
            final String abuse = "tickgate_cutoffs_total{reason=\"abuse\"}";
            final long abuseBefore = g.metric(abuse);
            final List<RawWsClient> abusers = new ArrayList<>();
            try
            {
                for (int i = 0; i < 5; i++)
                {
                    abusers.add(RawWsClient.connect(g.port()));
                }
                // each sends a mix of frames, all counted against the rate, as fast as it can: past the burst
                // they are refused with LIMIT...
                flood(abusers, 15);
                for (final RawWsClient abuser : abusers)
                {
                    assertEquals("LIMIT", error(abuser.readTextContaining("too fast"), "too fast").get("code"));
                }
                // ...and a client that keeps on is closed
                flood(abusers, 2 * HostileGateway.REFUSED_BEFORE_CLOSE);
                Await.until(() -> g.metric(abuse) >= abuseBefore + 5, () -> "5 abusers cut off");
                for (final RawWsClient abuser : abusers)
                {
                    final RawWsClient.Frame close = closeOrReset(abuser);
                    if (null != close)
                    {
                        assertEquals(1008, close.closeCode());
                        assertEquals("too many commands refused", close.closeReason());
                    }
                }
                assertEquals(abuseBefore + 5, g.metric(abuse), "one cut-off per abuser");
            }
            finally
            {
                abusers.forEach(RawWsClient::close);
            }
        });
    }

    @Test
    void shouldRefuseHugeFramesAndFieldsWithBoundedAnswers()
    {
        gateway.run("huge frames and fields", g ->
        {
            final String huge = "A".repeat(20_000);
            try (RawWsClient client = RawWsClient.connect(g.port()))
            {
                for (final String command : new String[]{
                    "{\"op\":\"subscribe\",\"symbols\":[\"" + huge + "\"]}",
                    "{\"op\":\"" + huge + "\"}",
                    "{\"op\":\"ping\",\"id\":\"" + huge + "\"}" })
                {
                    client.sendText(command);
                    final String answer = client.readTextContaining("\"error\"");
                    assertEquals("BAD_REQUEST", error(answer, "").get("code"), answer);
                    // the echo stops at 32 characters and "...", so the answer is small whatever was sent
                    assertTrue(answer.length() < 300, answer);
                }
                client.sendText("{\"op\":\"ping\",\"pad\":\"" + "x".repeat(HostileGateway.MAX_COMMAND_BYTES) + "\"}");
                assertEquals("LIMIT", error(client.readTextContaining("\"error\""), "").get("code"));
                client.sendFrame(true, RawWsClient.OP_BINARY, new byte[]{ 1, 2, 3 }, true);
                assertEquals("BAD_REQUEST", error(client.readTextContaining("\"error\""), "").get("code"));
                client.sendText("{\"op\":\"ping\",\"id\":\"alive\"}");
                client.readTextContaining("\"alive\"");
                // far over the limit the message is not even read: the connection closes with 1009
                client.sendText("x".repeat(4 * HostileGateway.MAX_COMMAND_BYTES + 1));
                final RawWsClient.Frame close = client.readUntil(RawWsClient.OP_CLOSE, false);
                assertEquals(1009, close.closeCode());
                assertTrue(close.closeReason().startsWith("message over"), close.closeReason());
            }
        });
    }

    @Test
    void shouldAnswerTheLatestOfAPingFloodAndStayOpen()
    {
        gateway.run("ping flood 5000", g ->
        {
            try (RawWsClient client = RawWsClient.connect(g.port()))
            {
                client.readTextContaining("welcome");
                for (int i = 0; i <= 5000; i++)
                {
                    client.sendFrame(true, RawWsClient.OP_PING, ByteBuffer.allocate(4).putInt(i).array(), true);
                }
                for (int i = 0; i < 5; i++)
                {
                    client.sendText("{\"op\":\"ping\",\"id\":" + i + "}");
                }
                // control frames are not data frames: no LIMIT, and the last ping gets its pong
                int pongs = 0;
                int textPongs = 0;
                boolean lastAnswered = false;
                while (!lastAnswered || textPongs < 5)
                {
                    final RawWsClient.Frame frame = client.readFrame();
                    if (RawWsClient.OP_PONG == frame.opcode())
                    {
                        pongs++;
                        lastAnswered = 5000 == ByteBuffer.wrap(frame.payload()).getInt();
                    }
                    else if (RawWsClient.OP_TEXT == frame.opcode())
                    {
                        assertTrue(!frame.text().contains("error"), frame.text());
                        textPongs += frame.text().split("\"pong\"", -1).length - 1;
                    }
                }
                assertTrue(pongs <= 5001, "pongs " + pongs);
            }
        });
    }

    @Test
    void shouldLimitReplaysToOnePerConnectionAndThirtyTwoInAll()
    {
        gateway.run("replay flood 33 connections x2", g ->
        {
            // enough history that a replay to a client that does not read stays open
            Await.until(() -> g.metric("tickgate_ticks_in_total") > 5_000, () -> "history to replay");
            final long limitBefore = g.metric(LIMIT);
            final long connectionsBefore = g.metric("tickgate_connections");
            final List<RawWsClient> holders = new CopyOnWriteArrayList<>();
            // holders that never read but keep their connections alive with unsolicited pongs (RFC 6455 allows
            // them), so the peer timeout cannot free a slot however slowly a loaded machine runs this case
            final Thread keepAlive = new Thread(() ->
            {
                while (!Thread.currentThread().isInterrupted())
                {
                    for (final RawWsClient holder : holders)
                    {
                        sendQuietly(holder, RawWsClient.OP_PONG);
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(HostileGateway.PEER_TIMEOUT_MS / 6));
                }
            }, "holders-keep-alive");
            keepAlive.setDaemon(true);
            keepAlive.start();
            try
            {
                for (int i = 0; i < 32; i++)
                {
                    final RawWsClient holder = RawWsClient.connect(g.port(), "", 4096);
                    holder.sendText(REPLAY_POLITE);
                    holder.sendText(REPLAY_POLITE);
                    if (holders.isEmpty())
                    {
                        // read at once: a holder that never reads is closed by the stall timeout in the end
                        assertTrue(holder.readTextContaining("\"error\"").contains("one replay at a time"));
                    }
                    holders.add(holder);
                }
                try (RawWsClient late = RawWsClient.connect(g.port()))
                {
                    late.sendText(REPLAY_POLITE);
                    assertTrue(late.readTextContaining("\"error\"").contains("the gateway is running 32 replays"));
                }
                // the 32 second replays and the 33rd connection's
                Await.until(() -> g.metric(LIMIT) == limitBefore + 33, () -> "33 LIMIT errors: " + g.metric(LIMIT));
                keepAlive.interrupt();
                keepAlive.join();
                holders.forEach(RawWsClient::close);
                // the slots are free again once their connections are gone
                Await.until(() -> g.metric("tickgate_connections") == connectionsBefore, () -> "the holders gone");
                try (RawWsClient after = RawWsClient.connect(g.port()))
                {
                    after.sendText("{\"op\":\"replay\",\"fromSeq\":{\"POLITE\":1},\"to\":\"2100-01-01T00:00:00Z\"}");
                    after.readTextContaining("replayEnd");
                }
            }
            finally
            {
                keepAlive.interrupt();
                keepAlive.join();
                holders.forEach(RawWsClient::close);
            }
        });
    }

    private static void sendQuietly(final RawWsClient client, final int opcode)
    {
        try
        {
            client.sendFrame(true, opcode, new byte[0], true);
        }
        catch (final IOException ex)
        {
            // closed by the test meanwhile
        }
    }

    @Test
    void shouldEndAReplayReadAtACrawl()
    {
        gateway.run("crawling replay reader", g ->
        {
            Await.until(() -> g.politeSeq() >= CRAWL_HISTORY, Duration.ofSeconds(30),
                () -> CRAWL_HISTORY + " ticks of history to crawl through, the feed is at " + g.politeSeq());
            final long slowConsumersBefore = g.metric(SLOW_CONSUMER);
            try (RawWsClient crawler = RawWsClient.connect(g.port(), "", 4096))
            {
                crawler.sendText(REPLAY_POLITE);
                // a frame of at most 8 KiB every 100 ms, pings answered: alive and reading, but far below
                // --replay-min-rate
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                String text = "";
                while (!text.contains("replay too slow"))
                {
                    assertTrue(System.nanoTime() < deadline, "no end to the crawling replay");
                    // a replay at the head would go on as a full-mode subscription, cut off at the session buffer
                    // by the live ticks: CRAWL_HISTORY is to rule that out
                    assertTrue(!text.contains("replayEnd"), "the replay reached the head of the journal");
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                    text = textAnsweringPings(crawler);
                }
                final Map<String, Object> error = error(text, "replay too slow");
                assertEquals("LIMIT", error.get("code"));
                assertEquals(List.of("POLITE"), error.get("symbols"));
                // the connection stays open and may ask again
                crawler.sendText("{\"op\":\"ping\",\"id\":\"after\"}");
                while (!textAnsweringPings(crawler).contains("\"after\""))
                {
                    assertTrue(System.nanoTime() < deadline, "no pong after the replay ended");
                }
                assertEquals(slowConsumersBefore, g.metric(SLOW_CONSUMER), "the crawler is not cut off");
            }
        });
    }

    private static void flood(final List<RawWsClient> abusers, final int frames)
    {
        for (int frame = 0; frame < frames; frame++)
        {
            for (final RawWsClient abuser : abusers)
            {
                try
                {
                    switch (frame % 3)
                    {
                        case 0 -> abuser.sendText("{\"op\":\"subscribe\",\"symbols\":[\"BG0\"]}");
                        case 1 -> abuser.sendText("{\"op\":\"ping\",\"id\":" + frame + "}");
                        default -> abuser.sendFrame(true, RawWsClient.OP_BINARY, new byte[]{ 1, 2, 3 }, true);
                    }
                }
                catch (final IOException ex)
                {
                    // the gateway closed the abuser while it was still sending
                }
            }
        }
    }

    /**
     * @return the next frame's text, or "" for another kind of frame; a ping is answered.
     */
    private static String textAnsweringPings(final RawWsClient client) throws IOException
    {
        final RawWsClient.Frame frame = client.readFrame();
        if (RawWsClient.OP_PING == frame.opcode())
        {
            client.sendFrame(true, RawWsClient.OP_PONG, frame.payload(), true);
        }
        return RawWsClient.OP_TEXT == frame.opcode() ? frame.text() : "";
    }

    /**
     * @return the close frame, or null when the connection was reset first: a client still sending when the
     * gateway closes its socket gets a reset, which discards what it had not read yet (TCP, not the gateway).
     */
    private static RawWsClient.Frame closeOrReset(final RawWsClient client)
    {
        try
        {
            return client.readUntil(RawWsClient.OP_CLOSE, false);
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    /**
     * @return the first error message in a text frame whose message contains {@code fragment}.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> error(final String frame, final String fragment)
    {
        for (final Object message : (List<Object>)Json.parse(frame))
        {
            final Map<String, Object> fields = (Map<String, Object>)message;
            if ("error".equals(fields.get("type")) && ((String)fields.get("message")).contains(fragment))
            {
                return fields;
            }
        }
        throw new AssertionError("no error with '" + fragment + "' in " + frame);
    }
}
