package io.tickgate.gateway.publisher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.tickgate.gateway.publisher.PublisherHarness.CLOSE_GRACE_MS;
import static io.tickgate.gateway.publisher.SessionLifecycleScenariosTest.single;
import static io.tickgate.gateway.publisher.SessionLifecycleScenariosTest.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A drain through the publisher with a hand clock: every session, JSON or binary, is told {@code draining} with its
 * own time to reconnect, spread evenly over the first half of the window; the sessions are served on until the
 * window ends, to the millisecond, then closed with 1001; a shutdown cuts the window short; a drain of 0 ms closes
 * at once.
 */
@Timeout(30)
class DrainScenariosTest
{
    private static final long DRAIN_MS = 1_000;

    @TempDir
    Path dir;
    private PublisherHarness h;

    @AfterEach
    void close()
    {
        h.close();
    }

    @Test
    void everySessionIsToldWhenToMoveServedOnForTheWindowThenClosedWith1001()
    {
        h = new PublisherHarness(dir, ctx -> ctx.drainMs(DRAIN_MS));
        h.tick("AAPL");
        h.cycle();
        final List<PublisherHarness.Client> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++)
        {
            final PublisherHarness.Client client = h.connect(1 == i % 2);
            client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
            clients.add(client);
        }
        h.cycle();

        assertTrue(h.publisher.drain());
        assertFalse(h.publisher.drain(), "one drain at a time");
        assertTrue(h.publisher.isDraining());
        h.cycle();
        for (int i = 0; i < clients.size(); i++)
        {
            final Map<String, Object> draining = single(clients.get(i).ofType("draining"));
            assertEquals(DRAIN_MS / 2 * i / clients.size(), draining.get("reconnectAfterMs"), "client " + i);
        }

        // served on: ticks still come, nothing is closed until the window's last millisecond has passed
        h.tick("AAPL");
        h.run(DRAIN_MS - 1);
        final PublisherHarness.Client late = h.connect();
        h.cycle();
        for (final PublisherHarness.Client client : clients)
        {
            assertEquals(List.of(1L, 2L), client.seqs("AAPL"));
            assertTrue(client.ofType("ws:close").isEmpty());
        }
        assertEquals(List.of("welcome", "draining"), types(late.messages()), "a handshake that raced the drain");
        assertEquals(0L, single(late.ofType("draining")).get("reconnectAfterMs"));

        h.run(1);
        clients.add(late);
        for (final PublisherHarness.Client client : clients)
        {
            final Map<String, Object> close = single(client.ofType("ws:close"));
            assertEquals(1001L, ((Number)close.get("code")).longValue());
        }
        h.run(CLOSE_GRACE_MS);
        assertEquals(0, h.metrics.connectionsOpen.get());
    }

    @Test
    void aShutdownDuringTheDrainClosesAtOnce()
    {
        h = new PublisherHarness(dir, ctx -> ctx.drainMs(60_000));
        final PublisherHarness.Client client = h.connect();
        h.cycle();
        h.publisher.drain();
        h.run(10);
        assertTrue(client.ofType("ws:close").isEmpty());

        h.publisher.shutdown();
        h.cycle();
        assertEquals(List.of("welcome", "draining", "ws:close"), types(client.messages()));
    }

    @Test
    void aDrainOfNoTimeTellsAndClosesInTheSameCycle()
    {
        h = new PublisherHarness(dir, ctx -> ctx.drainMs(0));
        final PublisherHarness.Client client = h.connect();
        h.cycle();
        h.publisher.drain();
        h.cycle();
        assertEquals(List.of("welcome", "draining", "ws:close"), types(client.messages()));
        assertEquals(0L, single(client.ofType("draining")).get("reconnectAfterMs"));
    }

    @Test
    void reconnectTimesAreSpreadEvenlyOverTheFirstHalfOfTheWindow()
    {
        h = new PublisherHarness(dir);
        assertEquals(List.of(0L, 1_250L, 2_500L, 3_750L),
            List.of(0, 1, 2, 3).stream().map(k -> SessionLifecycle.reconnectAfterMs(k, 4, 10_000)).toList());
        // a thousand clients over 10 s: one every 5 ms, the last at 4.995 s
        assertEquals(5L, SessionLifecycle.reconnectAfterMs(1, 1_000, 10_000));
        assertEquals(4_995L, SessionLifecycle.reconnectAfterMs(999, 1_000, 10_000));
        assertEquals(0L, SessionLifecycle.reconnectAfterMs(0, 1, 10_000));
    }
}
