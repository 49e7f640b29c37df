package io.tickgate.client;

import io.tickgate.gateway.GatewayFixture;
import io.tickgate.testing.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reconnect's replay: its replayEnd reaches the listener, and when the gateway refuses it the client falls back
 * to a plain full subscribe and reports the jump as a gap.
 */
@Timeout(60)
class ClientGatewayReplayTest
{
    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception
    {
        for (int i = resources.size() - 1; i >= 0; i--)
        {
            resources.get(i).close();
        }
    }

    @Test
    void shouldReportReplayEndLiveAfterTheReplayedTicksOfAReconnect()
    {
        final GatewayFixture harness = harness(dir, Ports.free());
        harness.tick("AAPL", "1");
        final Recorder recorder = new Recorder();
        final TickgateClient client = client(harness.port(), recorder);
        client.subscribe(List.of("AAPL"), Mode.FULL);
        recorder.awaitQuote(q -> q.startsWith("SNAPSHOT AAPL 1 "), "snapshot");
        assertEquals(-1, recorder.quotesAtReplayEnd, "no replay on the first connection");

        harness.stopGateway();
        for (int i = 2; i <= 6; i++)
        {
            harness.tick("AAPL", String.valueOf(i)); // journaled while the gateway is down
        }
        harness.startGateway();
        recorder.awaitEvent(e -> e.equals("replayEnd true [AAPL]"), "replayEnd");
        assertEquals(6, recorder.quotesAtReplayEnd, "seqs 2-6 replayed before replayEnd: " + recorder.quotes);
        final List<String> events = recorder.events;
        final int connected = lastIndexOf(events, "connected ");
        assertTrue(connected >= 0 && connected < events.indexOf("replayEnd true [AAPL]"), events::toString);

        harness.tick("AAPL", "7");
        recorder.awaitQuote(q -> q.startsWith("TICK AAPL 7 "), "live after the seam");
        ClientGatewayTest.assertSeqsExactlyOnce(recorder.quotes, "AAPL", 1, 7);
        assertTrue(events.stream().noneMatch(e -> e.startsWith("gap") || e.startsWith("error")), events::toString);
    }

    @Test
    void shouldFallBackToAFullSubscribeAndReportAGapWhenTheReplayIsRefused()
    {
        final int port = Ports.free();
        final Path oldDir = dir.resolve("old");
        final Path newDir = dir.resolve("new");
        try (GatewayFixture prepare = new GatewayFixture(newDir, UnaryOperator.identity()))
        {
            for (int i = 1; i <= 3; i++)
            {
                prepare.tick("AAPL", "50" + i); // the replacement journal holds AAPL up to seq 3 only
            }
        }
        final GatewayFixture old = new GatewayFixture(oldDir, port, UnaryOperator.identity());
        for (int i = 1; i <= 50; i++)
        {
            old.tick("AAPL", String.valueOf(i));
        }
        final Recorder recorder = new Recorder();
        final TickgateClient client = client(port, recorder);
        client.subscribe(List.of("AAPL"), Mode.FULL);
        recorder.awaitQuote(q -> q.startsWith("SNAPSHOT AAPL 50 "), "snapshot");
        old.tick("AAPL", "51");
        recorder.awaitQuote(q -> q.startsWith("TICK AAPL 51 "), "tick 51");
        old.close();

        final GatewayFixture replacement = harness(newDir, port);
        recorder.awaitEvent(e -> e.startsWith("error BAD_REQUEST"), "the refused replay");
        recorder.awaitEvent(e -> e.equals("gap AAPL 52 3"), "the jump reported as a gap");
        recorder.awaitQuote(q -> q.startsWith("SNAPSHOT AAPL 3 ") && q.contains("last=503x100"), "new snapshot");
        replacement.tick("AAPL", "504");
        recorder.awaitQuote(q -> q.startsWith("TICK AAPL 4 ") && q.contains("last=504x100"), "the next tick");
        assertEquals(4, client.lastSeq("AAPL"));
        assertEquals(4, recorder.quotes.size(), recorder.quotes::toString); // snapshot 50, 51, snapshot 3, 4
        assertEquals(1, recorder.events.stream().filter(e -> e.startsWith("gap")).count(),
            recorder.events::toString);

        // a second outage on the new journal replays again, with no gap
        replacement.stopGateway();
        replacement.tick("AAPL", "505");
        replacement.startGateway();
        recorder.awaitEvent(e -> e.equals("replayEnd true [AAPL]"), "replay on the new journal");
        recorder.awaitQuote(q -> q.startsWith("TICK AAPL 5 "), "seq 5 replayed");
        assertEquals(1, recorder.events.stream().filter(e -> e.startsWith("gap")).count(),
            recorder.events::toString);
    }

    private static int lastIndexOf(final List<String> events, final String prefix)
    {
        for (int i = events.size() - 1; i >= 0; i--)
        {
            if (events.get(i).startsWith(prefix))
            {
                return i;
            }
        }
        return -1;
    }

    private GatewayFixture harness(final Path journalDir, final int port)
    {
        final GatewayFixture harness = new GatewayFixture(journalDir, port, UnaryOperator.identity());
        resources.add(harness);
        return harness;
    }

    private TickgateClient client(final int port, final Recorder recorder)
    {
        final TickgateClient client = TickgateClient.connect(new TickgateClient.Context()
            .port(port)
            .quoteListener(recorder)
            .clientListener(recorder)
            .reconnectBaseMs(20)
            .reconnectMaxMs(200));
        resources.add(client);
        return client;
    }
}
