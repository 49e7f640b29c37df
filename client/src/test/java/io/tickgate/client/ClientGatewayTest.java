package io.tickgate.client;

import io.tickgate.gateway.GatewayFixture;
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
 * The client against a real gateway in this JVM, over a real journal.
 */
@Timeout(60)
class ClientGatewayTest
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
    void shouldReceiveSnapshotThenTicksWithExactPricesInConflatedJsonMode()
    {
        final GatewayFixture gateway = gateway(UnaryOperator.identity());
        gateway.tick("AAPL", "189.12");
        final Recorder recorder = new Recorder();
        final TickgateClient client = client(gateway.port(), Format.JSON, recorder);

        client.subscribe(List.of("AAPL"), Mode.CONFLATED);
        recorder.awaitEvent(e -> e.startsWith("subscribed [AAPL]"), "subscribed");
        final String snapshot = recorder.awaitQuote(q -> q.startsWith("SNAPSHOT AAPL 1 "), "snapshot");
        assertTrue(snapshot.contains(" bid=189.11x300 ask=189.13x200 last=189.12x100 "), snapshot);

        gateway.tick("AAPL", "0.00000001");
        gateway.tick("AAPL", "92233720360.12345678");
        final String last = recorder.awaitQuote(q -> q.contains("last=92233720360.12345678x100"), "large price");
        assertTrue(last.startsWith("TICK AAPL 3 "), last);
        assertTrue(last.contains(" ask=92233720360.13345678x200 "), last);
        assertTrue(recorder.events.get(0).startsWith("connected tickgate/"), recorder.events.toString());
        for (final String quote : recorder.quotes)
        {
            assertTrue(quote.startsWith("SNAPSHOT AAPL 1 ") || quote.startsWith("TICK AAPL "), quote);
        }
    }

    @Test
    void shouldReceiveEverySeqInOrderInFullMode()
    {
        final GatewayFixture gateway = gateway(UnaryOperator.identity());
        gateway.tick("MSFT", "400");
        final Recorder recorder = new Recorder();
        final TickgateClient client = client(gateway.port(), Format.JSON, recorder);
        client.subscribe(List.of("MSFT"), Mode.FULL);
        recorder.awaitQuote(q -> q.startsWith("SNAPSHOT MSFT 1 "), "snapshot");

        for (int i = 0; i < 2_000; i++)
        {
            gateway.tick("MSFT", "400." + (i % 100));
        }
        recorder.awaitQuote(q -> q.startsWith("TICK MSFT 2001 "), "last tick");

        assertSeqsExactlyOnce(recorder.quotes, "MSFT", 1, 2001);
        assertTrue(recorder.events.stream().noneMatch(e -> e.startsWith("gap")), recorder.events.toString());
        assertEquals(2001, client.lastSeq("MSFT"));
    }

    @Test
    void shouldDecodeTheSameValuesInBinaryAsInJson()
    {
        final GatewayFixture gateway = gateway(UnaryOperator.identity());
        gateway.tick("AAPL", "189.12");
        gateway.tick("BRK.B", "-0.5");
        final Recorder json = new Recorder();
        final Recorder binary = new Recorder();
        client(gateway.port(), Format.JSON, json).subscribe(List.of("AAPL", "BRK.B"), Mode.FULL);
        client(gateway.port(), Format.BINARY, binary).subscribe(List.of("AAPL", "BRK.B"), Mode.FULL);
        json.awaitQuote(q -> q.startsWith("SNAPSHOT BRK.B 1 "), "json snapshot");
        binary.awaitQuote(q -> q.startsWith("SNAPSHOT BRK.B 1 "), "binary snapshot");
        json.awaitQuote(q -> q.startsWith("SNAPSHOT AAPL 1 "), "json snapshot");
        binary.awaitQuote(q -> q.startsWith("SNAPSHOT AAPL 1 "), "binary snapshot");

        for (int i = 0; i < 300; i++)
        {
            gateway.tick(0 == i % 3 ? "BRK.B" : "AAPL", (i % 7 - 3) + "." + i);
        }
        json.awaitQuote(q -> q.startsWith("TICK AAPL 201 "), "json end");
        binary.awaitQuote(q -> q.startsWith("TICK AAPL 201 "), "binary end");
        json.awaitQuote(q -> q.startsWith("TICK BRK.B 101 "), "json end");
        binary.awaitQuote(q -> q.startsWith("TICK BRK.B 101 "), "binary end");

        assertEquals(sorted(json.quotes), sorted(binary.quotes));
        assertEquals(302, binary.quotes.size());
        assertEquals(302, binary.binaryQuotes, "every quote of the binary client came in a binary record");
        assertEquals(0, json.binaryQuotes);
    }

    @Test
    void shouldReconnectAndResubscribeWhenHeartbeatsStop() throws Exception
    {
        final GatewayFixture gateway = gateway(ctx -> ctx.heartbeatMs(100));
        gateway.tick("AAPL", "1");
        final FreezingProxy proxy = new FreezingProxy(gateway.port());
        resources.add(proxy);
        final Recorder recorder = new Recorder();
        final TickgateClient client = client(proxy.port(), Format.JSON, recorder);
        client.subscribe(List.of("AAPL"), Mode.CONFLATED);
        recorder.awaitQuote(q -> q.startsWith("SNAPSHOT AAPL 1 "), "snapshot");
        recorder.awaitEvent(e -> e.equals("connected tickgate/0.1.0 1 100"), "welcome with heartbeatMs 100");

        proxy.freezeExisting();
        recorder.awaitEvent(e -> e.startsWith("disconnected 1006 heartbeat timeout"), "heartbeat timeout");
        recorder.awaitEvent(e -> e.startsWith("reconnecting 1"), "reconnect scheduled");
        final long deadline = System.nanoTime() + 15_000_000_000L;
        while (client.connections() < 2 && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
        }
        assertEquals(2, client.connections(), recorder.events::toString);
        assertEquals(2, proxy.connectionsAccepted());

        gateway.tick("AAPL", "2.5");
        // a tick or, if it beat the resubscribe, the new connection's snapshot
        recorder.awaitQuote(q -> q.contains(" AAPL 2 ") && q.contains("last=2.5x100"), "seq 2 after reconnect");
        assertEquals(2, recorder.quotes.size(), recorder.quotes::toString); // seq 1 again is dropped, never delivered
    }

    static void assertSeqsExactlyOnce(final List<String> quotes, final String symbol, final long from, final long to)
    {
        long expected = from;
        for (final String quote : quotes)
        {
            final String[] parts = quote.split(" ");
            if (symbol.equals(parts[1]))
            {
                assertEquals(expected, Long.parseLong(parts[2]), () -> "after " + quote);
                expected++;
            }
        }
        assertEquals(to + 1, expected);
    }

    private static List<String> sorted(final List<String> quotes)
    {
        final List<String> sorted = new ArrayList<>(quotes);
        sorted.sort(null);
        return sorted;
    }

    private GatewayFixture gateway(final UnaryOperator<io.tickgate.gateway.GatewayContext> configure)
    {
        final GatewayFixture gateway = new GatewayFixture(dir, configure);
        resources.add(gateway);
        return gateway;
    }

    private TickgateClient client(final int port, final Format format, final Recorder recorder)
    {
        final TickgateClient client = TickgateClient.connect(new TickgateClient.Context()
            .port(port)
            .format(format)
            .quoteListener(recorder)
            .clientListener(recorder)
            .reconnectBaseMs(20)
            .reconnectMaxMs(200));
        resources.add(client);
        return client;
    }
}
