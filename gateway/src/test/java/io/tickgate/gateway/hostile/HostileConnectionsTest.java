package io.tickgate.gateway.hostile;

import io.tickgate.testing.Await;
import io.tickgate.testing.RawWsClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.tickgate.gateway.hostile.HostileGateway.MAX_CONNECTIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that abuse the connection itself — never reading, connecting by the hundred, going silent, trickling
 * their HTTP headers, subscribing to everything and leaving — each answered as documented while the polite client
 * misses nothing, and the gateway back to its baseline after each ({@link HostileGateway}).
 */
class HostileConnectionsTest extends HostileSuite
{
    private static final String SLOW = "tickgate_cutoffs_total{reason=\"slow_consumer\"}";

    @Test
    void shouldCutOffManyNeverReadingFullModeClientsAtTheBufferBound()
    {
        gateway.run("never-reading full x30", g ->
        {
            final long cutBefore = g.metric(SLOW);
            final List<RawWsClient> stuck =
                connect(g, 30, "{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"mode\":\"full\"}");
            try
            {
                Await.until(() -> g.metric(SLOW) == cutBefore + 30, () -> "30 slow-consumer cut-offs");
                for (final RawWsClient client : stuck)
                {
                    final RawWsClient.Frame close = client.readUntil(RawWsClient.OP_CLOSE, false);
                    assertEquals(1008, close.closeCode());
                    assertTrue(close.closeReason().startsWith("slow consumer"), close.closeReason());
                    client.sendFrame(true, RawWsClient.OP_CLOSE, close.payload(), true);
                    assertTrue(client.awaitEndOfStream(10_000), "the gateway closed the socket");
                }
            }
            finally
            {
                stuck.forEach(RawWsClient::close);
            }
        });
    }

    @Test
    void shouldKeepManyNeverReadingConflatedClientsBounded()
    {
        gateway.run("never-reading conflated x20", g ->
        {
            final long conflatedBefore = g.metric("tickgate_conflated_total");
            final long buffersBefore = g.metric("tickgate_buffer_bytes");
            final long connectionsBefore = g.metric("tickgate_connections");
            final List<RawWsClient> stuck = connect(g, 20, "{\"op\":\"subscribe\",\"symbols\":[\"*\"]}");
            try
            {
                // each queue stops at its size class above --session-buffer, however many updates it skips
                final long bound = buffersBefore + 20L * 2 * HostileGateway.SESSION_BUFFER;
                Await.until(() ->
                {
                    final long buffers = g.metric("tickgate_buffer_bytes");
                    assertTrue(buffers <= bound, () -> "buffers " + buffers + " over " + bound);
                    return g.metric("tickgate_conflated_total") >= conflatedBefore + 20_000;
                }, () -> "20,000 updates conflated away");
                assertEquals(connectionsBefore + 20, g.metric("tickgate_connections"), "none cut off");
            }
            finally
            {
                stuck.forEach(RawWsClient::close);
            }
        });
    }

    @Test
    void shouldServeAHandshakeFloodAndRefuseUpgradesPastTheConnectionLimit()
    {
        gateway.run("handshake flood 300+60", g ->
        {
            for (int i = 0; i < 300; i++)
            {
                try (RawWsClient client = RawWsClient.connect(g.port()))
                {
                    client.readTextContaining("welcome");
                }
            }
            Await.until(() -> g.metric("tickgate_connections") == 1, () -> "the 300 gone");
            final String refusedMetric = "tickgate_connections_refused_total{reason=\"connection_limit\"}";
            final long refusedBefore = g.metric(refusedMetric);
            final List<RawWsClient> burst = connect(g, 60, null);
            try
            {
                int refused = 0;
                for (final RawWsClient client : burst)
                {
                    final RawWsClient.Frame first = client.readFrame();
                    if (RawWsClient.OP_CLOSE == first.opcode())
                    {
                        assertEquals(1013, first.closeCode());
                        assertEquals("too many connections", first.closeReason());
                        refused++;
                    }
                    else
                    {
                        assertTrue(first.text().contains("welcome"), first.text());
                    }
                }
                // the polite client holds one of the connections
                assertEquals(60 - (MAX_CONNECTIONS - 1), refused);
                assertEquals(refusedBefore + refused, g.metric(refusedMetric));
            }
            finally
            {
                burst.forEach(RawWsClient::close);
            }
        });
    }

    @Test
    void shouldClosePeersThatStopReadingAndSending()
    {
        gateway.run("half-open x10", g ->
        {
            final String unresponsive = "tickgate_cutoffs_total{reason=\"unresponsive\"}";
            final long before = g.metric(unresponsive);
            final List<RawWsClient> silent = connect(g, 10, null);
            try
            {
                Await.until(() -> g.metric(unresponsive) == before + 10, () -> "10 peers timed out");
                for (final RawWsClient client : silent)
                {
                    final RawWsClient.Frame close = client.readUntil(RawWsClient.OP_CLOSE, false);
                    assertEquals(1001, close.closeCode());
                    assertTrue(close.closeReason().startsWith("no answer to pings"), close.closeReason());
                    assertTrue(client.awaitEndOfStream(10_000), "the gateway closed the socket");
                }
            }
            finally
            {
                silent.forEach(RawWsClient::close);
            }
        });
    }

    @Test
    void shouldCloseHandshakesThatTrickleIn()
    {
        gateway.run("slowloris x10", g ->
        {
            final byte[] request = ("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n" +
                "Connection: Upgrade\r\nX-Slow: " + "a".repeat(400)).getBytes(StandardCharsets.US_ASCII);
            final List<Socket> sockets = new ArrayList<>();
            try
            {
                for (int i = 0; i < 10; i++)
                {
                    final Socket socket = new Socket(InetAddress.getLoopbackAddress(), g.port());
                    socket.setSoTimeout(1);
                    sockets.add(socket);
                }
                // a byte to each open socket every 20 ms: the headers would take 9 s, the parse timeout is 500 ms
                final int[] sent = { 0 };
                Await.until(() ->
                {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                    final int next = sent[0]++;
                    assertTrue(next < request.length, "the whole request went through");
                    return sockets.stream().filter(socket -> !closedAfterByte(socket, request[next])).count() == 0;
                }, () -> "every trickling handshake closed");
            }
            finally
            {
                for (final Socket socket : sockets)
                {
                    socket.close();
                }
            }
        });
    }

    @Test
    void shouldReleaseClientsSubscribedToManySymbolsOnUnsubscribeAllOrDisconnect()
    {
        gateway.run("unsubscribe */disconnect x20 of 205 symbols", g ->
        {
            final long subscriptionsBefore = g.metric("tickgate_subscriptions");
            final StringBuilder named = new StringBuilder("{\"op\":\"subscribe\",\"symbols\":[\"BG0\"");
            for (int i = 0; i < IngestTicker.MANY; i++)
            {
                named.append(",\"").append(IngestTicker.many(i)).append('"');
            }
            final List<RawWsClient> wildcard = connect(g, 10, "{\"op\":\"subscribe\",\"symbols\":[\"*\"]}");
            final List<RawWsClient> listed = connect(g, 10, named.append("]}").toString());
            try
            {
                Await.until(() -> g.metric("tickgate_subscriptions") >=
                    subscriptionsBefore + 10L * IngestTicker.symbolCount() + 10L * (IngestTicker.MANY + 1),
                    () -> "every subscription made");
                for (int i = 0; i < 10; i++)
                {
                    wildcard.get(i).sendText("{\"op\":\"unsubscribe\",\"symbols\":[\"*\"]}");
                    listed.get(i).close();
                }
                for (final RawWsClient client : wildcard)
                {
                    client.readTextContaining("unsubscribed");
                }
                Await.until(() -> g.metric("tickgate_subscriptions") == subscriptionsBefore,
                    () -> "every subscription released");
            }
            finally
            {
                wildcard.forEach(RawWsClient::close);
                listed.forEach(RawWsClient::close);
            }
        });
    }

    /**
     * @param command sent by each once connected; null for none.
     * @return clients with a 4 KiB receive buffer, so a client that does not read fills up fast.
     */
    private static List<RawWsClient> connect(final HostileGateway g, final int count, final String command)
        throws IOException
    {
        final List<RawWsClient> clients = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final RawWsClient client = RawWsClient.connect(g.port(), "", 4096);
            clients.add(client);
            if (null != command)
            {
                client.sendText(command);
            }
        }
        return clients;
    }

    private static boolean closedAfterByte(final Socket socket, final byte b)
    {
        try
        {
            final OutputStream out = socket.getOutputStream();
            out.write(b);
            out.flush();
            return socket.getInputStream().read() < 0;
        }
        catch (final SocketTimeoutException ex)
        {
            return false;
        }
        catch (final IOException ex)
        {
            return true;
        }
    }
}
