package io.tickgate.gateway;

import io.tickgate.testing.Await;
import io.tickgate.testing.RawWsClient;
import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Clients flooding the publisher with commands as fast as their sockets take them (no rate limit to hold them back)
 * fill only their own share of the command queue: they are told "server busy", and a polite client beside them still
 * gets its subscribe carried out.
 */
@Timeout(60)
class CommandFloodTest
{
    private static final int FLOODERS = 4;
    private static final String LIMIT_ERRORS = "tickgate_command_errors_total{code=\"LIMIT\"}";

    @TempDir
    Path dir;
    private GatewayFixture fixture;
    private final List<RawWsClient> flooders = new ArrayList<>();
    private final List<WsClient> clients = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean flooding = true;

    @AfterEach
    void stop() throws InterruptedException
    {
        flooding = false;
        flooders.forEach(RawWsClient::close);
        clients.forEach(WsClient::close);
        for (final Thread thread : threads)
        {
            thread.join(10_000);
        }
        fixture.close();
    }

    @Test
    void aPoliteClientsSubscribeIsCarriedOutWhileOthersFlood() throws IOException
    {
        fixture = new GatewayFixture(dir, ctx -> ctx
            .maxCommandsPerSecond(1_000_000_000)
            .commandBurst(1_000_000_000)
            .maxQueuedCommandsPerConnection(4)
            .commandQueueCapacity(8));
        fixture.tick("AAPL", "1");
        // connected before the flood: what is tested is the command queue, not the handshake on a busy IO thread
        final WsClient polite = WsClient.connect(fixture.port());
        clients.add(polite);
        polite.awaitType("welcome");
        final byte[] burst = pings(2_000);
        for (int i = 0; i < FLOODERS; i++)
        {
            final RawWsClient flooder = RawWsClient.connect(fixture.port());
            flooders.add(flooder);
            start("flood-" + i, () -> flood(flooder.socket().getOutputStream(), burst));
            start("drain-" + i, () -> drain(flooder.socket().getInputStream()));
        }
        Await.until(() -> fixture.metric(LIMIT_ERRORS) > 0, () -> "the flood fills its share of the queue");

        polite.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"id\":1}");
        final Map<String, Object> subscribed = polite.awaitType("subscribed");
        assertEquals(List.of("AAPL"), subscribed.get("symbols"));
        assertEquals(1L, polite.awaitType("snapshot").get("seq"));
        assertEquals(List.of(), polite.ofType("error"), "never told the server is busy");
    }

    /**
     * @return {@code count} ping commands as masked text frames (mask key 0, so the payload reads as it is).
     */
    private static byte[] pings(final int count)
    {
        final byte[] ping = "{\"op\":\"ping\"}".getBytes(StandardCharsets.US_ASCII);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++)
        {
            out.write(0x80 | RawWsClient.OP_TEXT);
            out.write(0x80 | ping.length);
            out.writeBytes(new byte[4]);
            out.writeBytes(ping);
        }
        return out.toByteArray();
    }

    private void flood(final OutputStream out, final byte[] burst) throws IOException
    {
        while (flooding)
        {
            out.write(burst);
        }
    }

    private static void drain(final InputStream in) throws IOException
    {
        final byte[] buffer = new byte[64 * 1024];
        while (in.read(buffer) >= 0)
        {
            // pongs and "server busy" errors: read so the flooder is never a slow consumer
        }
    }

    private void start(final String name, final IoAction action)
    {
        final Thread thread = new Thread(() ->
        {
            try
            {
                action.run();
            }
            catch (final IOException ex)
            {
                // the socket closed when the test ended
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        threads.add(thread);
    }

    private interface IoAction
    {
        void run() throws IOException;
    }
}
