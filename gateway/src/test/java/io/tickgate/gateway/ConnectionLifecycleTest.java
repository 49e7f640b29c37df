package io.tickgate.gateway;

import io.tickgate.testing.Await;
import io.tickgate.testing.Descriptors;
import io.tickgate.testing.RawWsClient;
import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every close the gateway decides really closes: the socket, its descriptor, its buffers and its session, whether
 * or not the client plays along. Descriptors are counted in this process, where the gateway runs.
 */
@Timeout(90)
class ConnectionLifecycleTest
{
    private static final String[] SYMBOLS = { "AAPL", "MSFT", "NVDA", "AMZN" };

    @TempDir
    Path dir;

    @Test
    void shouldCloseANeverReadingClientAndReleaseItsDescriptor() throws IOException
    {
        try (GatewayFixture fixture = new GatewayFixture(dir, ctx -> ctx
            .sessionBufferBytes(16 * 1024).maxSessionBufferBytes(64 * 1024).maxFrameBytes(8 * 1024)
            .socketSendBufferBytes(16 * 1024)
            .closeGraceMs(300)))
        {
            prime(fixture);
            // the JDK client's own selector and pipes stay open once made: make them before the baseline
            WsClient.connect(fixture.port()).close();
            Await.until(() -> fixture.metric("tickgate_connections") == 0, () -> "warm-up connection closed");
            final long baseline = Descriptors.open();
            try (RawWsClient stuck = RawWsClient.connect(fixture.port(), "", 4096);
                WsClient reader = WsClient.connect(fixture.port()))
            {
                stuck.sendText("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"mode\":\"full\"}");
                reader.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"mode\":\"full\"}");
                reader.awaitType("subscribed");
                Await.until(() -> fixture.metric("tickgate_subscriptions") == 2 * SYMBOLS.length,
                    () -> "subscriptions");
                long seq = 0;
                while (fixture.metric("tickgate_cutoffs_total{reason=\"slow_consumer\"}") == 0)
                {
                    for (int i = 0; i < 40; i++)
                    {
                        seq = fixture.tick(SYMBOLS[i % SYMBOLS.length], "10" + (i % 10));
                    }
                    reader.awaitSeq(seq);
                }
                // the stuck client never reads and never answers: the gateway closes the socket after the grace
                Await.until(() -> fixture.metric("tickgate_connections") == 1, () -> "the stuck connection closed");
                assertTrue(stuck.awaitEndOfStream(10_000), "the server closed the stuck connection's socket");
                assertEquals(1, fixture.metric("tickgate_cutoffs_total{reason=\"slow_consumer\"}"));
                // the client that reads was never held back by the stuck one
                assertTrue(reader.ofType("error").isEmpty(), reader.tail());
                reader.assertFramesWellFormed();
            }
            Await.until(() -> fixture.metric("tickgate_connections") == 0, () -> "all connections closed");
            Await.until(() -> fixture.metric("tickgate_buffer_bytes") <= 32L << 20, () -> "buffers kept within bounds");
            Await.until(() -> Descriptors.open() <= baseline, () -> "descriptors back to the baseline");
        }
    }

    @Test
    void shouldLeaveNoDescriptorBehindAfterAFloodOfRefusedConnections() throws IOException
    {
        try (GatewayFixture fixture = new GatewayFixture(dir, ctx -> ctx.maxConnections(5).closeGraceMs(300)))
        {
            prime(fixture);
            final long baseline = Descriptors.open();
            for (int round = 0; round < 2; round++)
            {
                final List<RawWsClient> clients = new ArrayList<>();
                try
                {
                    for (int i = 0; i < 40; i++)
                    {
                        clients.add(RawWsClient.connect(fixture.port()));
                    }
                    int refused = 0;
                    for (final RawWsClient client : clients)
                    {
                        final RawWsClient.Frame first = client.readFrame();
                        if (RawWsClient.OP_CLOSE == first.opcode())
                        {
                            assertEquals(1013, first.closeCode());
                            assertEquals("too many connections", new String(first.payload(), 2,
                                first.payload().length - 2, java.nio.charset.StandardCharsets.UTF_8));
                            // these refused clients never answer the close: the gateway ends them after the grace
                            assertTrue(client.awaitEndOfStream(10_000), "refused connection closed by the server");
                            refused++;
                        }
                        else
                        {
                            assertTrue(first.text().contains("welcome"), first.text());
                        }
                    }
                    assertEquals(35, refused);
                }
                finally
                {
                    clients.forEach(RawWsClient::close);
                }
                Await.until(() -> fixture.metric("tickgate_connections") == 0, () -> "the accepted ones closed");
                Await.until(() -> Descriptors.open() <= baseline, () -> "descriptors back to the baseline: " +
                    Descriptors.open() + " > " + baseline);
            }
            assertEquals(70, fixture.metric("tickgate_connections_refused_total{reason=\"connection_limit\"}"));
        }
    }

    @Test
    void shouldCloseAPeerThatAnswersNothingButKeepOneThatAnswersPings() throws IOException
    {
        try (GatewayFixture fixture = new GatewayFixture(dir, ctx -> ctx
            .heartbeatMs(100).peerTimeoutMs(400).closeGraceMs(200)))
        {
            prime(fixture);
            final long baseline = Descriptors.open();
            try (RawWsClient silent = RawWsClient.connect(fixture.port());
                RawWsClient alive = RawWsClient.connect(fixture.port()))
            {
                // one answers the gateway's pings, and outlives many peer timeouts...
                for (int pings = 0; pings < 12; pings++)
                {
                    alive.readUntil(RawWsClient.OP_PING, false);
                    alive.sendFrame(true, RawWsClient.OP_PONG, new byte[0], true);
                }
                // ...while the other is a half-open peer: the socket is up but nothing comes back, not even pongs
                assertTrue(silent.awaitEndOfStream(20_000), "the silent peer was closed");
                assertEquals(1, fixture.metric("tickgate_cutoffs_total{reason=\"unresponsive\"}"));
                assertEquals(1, fixture.metric("tickgate_connections"));
            }
            Await.until(() -> fixture.metric("tickgate_connections") == 0, () -> "all connections closed");
            Await.until(() -> Descriptors.open() <= baseline, () -> "descriptors back to the baseline");
        }
    }

    @Test
    void shouldNotTakeAClientThatReadsABacklogForGone() throws IOException, InterruptedException
    {
        try (GatewayFixture fixture = new GatewayFixture(dir, ctx -> ctx
            .heartbeatMs(250).peerTimeoutMs(1000).sessionBufferBytes(16 << 20).maxSessionBufferBytes(32 << 20)))
        {
            prime(fixture);
            try (RawWsClient slow = RawWsClient.connect(fixture.port(), "", 4096))
            {
                slow.sendText("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"mode\":\"full\"}");
                slow.readTextContaining("subscribed");
                // while its backlog is queued the client shows life (unasked pongs), however long a busy machine
                // takes to feed it; from then on it sends nothing
                final AtomicBoolean feeding = new AtomicBoolean(true);
                final Thread keepAlive = new Thread(() ->
                {
                    while (feeding.get())
                    {
                        try
                        {
                            slow.sendFrame(true, RawWsClient.OP_PONG, new byte[0], true);
                        }
                        catch (final IOException ex)
                        {
                            return;
                        }
                        java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
                    }
                });
                keepAlive.start();
                for (int i = 0; i < 60_000; i++)
                {
                    fixture.tick(SYMBOLS[i % SYMBOLS.length], "10" + (i % 10));
                }
                feeding.set(false);
                keepAlive.join();
                // it reads its megabytes slowly and never answers a ping (they wait behind the backlog): as long as
                // the socket keeps taking bytes it is there, many peer timeouts long (8 MB at 2 MB/s: 4 s)
                final byte[] chunk = new byte[2048];
                long read = 0;
                while (read < 8_000_000)
                {
                    final int n = slow.socket().getInputStream().read(chunk);
                    assertTrue(n > 0, "connection still open after " + read + " bytes");
                    read += n;
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);   // a slow reader: about 2 MB/s
                }
                assertEquals(0, fixture.metric("tickgate_cutoffs_total{reason=\"unresponsive\"}"));
                assertEquals(1, fixture.metric("tickgate_connections"));
            }
        }
    }

    @Test
    void shouldAnswerAClientCloseAndCloseTheSocket() throws IOException
    {
        try (GatewayFixture fixture = new GatewayFixture(dir))
        {
            prime(fixture);
            final long baseline = Descriptors.open();
            try (RawWsClient client = RawWsClient.connect(fixture.port()))
            {
                client.readTextContaining("welcome");
                client.sendFrame(true, RawWsClient.OP_CLOSE, new byte[] { 0x03, (byte)0xE8, 'b', 'y', 'e' }, true);
                final RawWsClient.Frame answer = client.readUntil(RawWsClient.OP_CLOSE, false);
                assertEquals(1000, answer.closeCode());
                assertTrue(client.awaitEndOfStream(10_000), "the server closes TCP after answering the close");
            }
            Await.until(() -> fixture.metric("tickgate_connections") == 0, () -> "connection closed");
            Await.until(() -> Descriptors.open() <= baseline, () -> "descriptors back to the baseline");
        }
    }

    @Test
    void shouldSayGoodbyeToEveryClientOnShutdown() throws IOException
    {
        final GatewayFixture fixture = new GatewayFixture(dir);
        try (RawWsClient client = RawWsClient.connect(fixture.port()))
        {
            client.readTextContaining("welcome");
            fixture.close();
            final RawWsClient.Frame close = client.readUntil(RawWsClient.OP_CLOSE, false);
            assertEquals(1001, close.closeCode());
            assertTrue(client.awaitEndOfStream(10_000), "closed after the goodbye");
        }
    }

    private static void prime(final GatewayFixture fixture)
    {
        for (final String symbol : SYMBOLS)
        {
            fixture.tick(symbol, "100");
        }
    }
}
