package io.tickgate.gateway.hostile;

import io.tickgate.testing.Await;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.tickgate.gateway.hostile.HostileGateway.INGEST_MAX_NEW_SYMBOLS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Clients that abuse the TCP ingest port — connecting and sending nothing, defining junk symbols by the hundred —
 * each answered as documented while the polite feed and client go on, and the gateway back to its baseline after
 * each ({@link HostileGateway}). One silent client and one connection's symbol limit are
 * {@code TcpIngestServerTest}'s; these are many at once, end to end.
 */
class HostileIngestTest extends HostileSuite
{
    private static final int JUNK = INGEST_MAX_NEW_SYMBOLS + 44;

    @Test
    void shouldCloseSilentIngestSocketsAfterTheIdleTimeout()
    {
        gateway.run("silent ingest x20", g ->
        {
            final String idleClosed = "tickgate_ingest_connections_idle_closed_total";
            final long before = g.metric(idleClosed);
            final List<Socket> silent = new ArrayList<>();
            try
            {
                for (int i = 0; i < 20; i++)
                {
                    final Socket socket = new Socket(InetAddress.getLoopbackAddress(), g.ingestPort());
                    socket.setSoTimeout(10_000);
                    silent.add(socket);
                }
                Await.until(() -> g.metric(idleClosed) == before + 20, () -> "20 idle ingest sockets closed");
                for (final Socket socket : silent)
                {
                    assertEquals(-1, socket.getInputStream().read(), "closed by the gateway");
                }
                assertEquals(1, g.metric("tickgate_ingest_connections"), "the polite feed's connection stays");
            }
            finally
            {
                for (final Socket socket : silent)
                {
                    socket.close();
                }
            }
        });
    }

    @Test
    void shouldRefuseJunkSymbolsPastThePerConnectionLimitAndKeepTheConnection()
    {
        gateway.run("junk symbols 2x" + JUNK, g ->
        {
            final String limited = "tickgate_ingest_rejected_total{kind=\"new_symbol_limit\"}";
            final long rejectedBefore = g.metric(limited);
            final int symbolsBefore = g.gateway.symbolCount();
            for (int connection = 0; connection < 2; connection++)
            {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), g.ingestPort()))
                {
                    socket.setSoTimeout(10_000);
                    final OutputStream out = socket.getOutputStream();
                    final StringBuilder lines = new StringBuilder();
                    for (int i = 0; i < JUNK; i++)
                    {
                        lines.append('J').append(connection).append('_').append(i)
                            .append(",1764100000000000,1.01,1,1.02,1,1.015,1,1\n");
                    }
                    out.write(lines.toString().getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    final long expected = rejectedBefore + (connection + 1) * (JUNK - INGEST_MAX_NEW_SYMBOLS);
                    Await.until(() -> g.metric(limited) == expected,
                        () -> "junk symbols refused: " + g.metric(limited) + ", expected " + expected);
                    // the connection is kept: it still ends the way its client ends it
                    socket.shutdownOutput();
                    assertEquals(-1, socket.getInputStream().read(), "closed after its client");
                }
            }
            Await.until(() -> g.gateway.symbolCount() == symbolsBefore + 2 * INGEST_MAX_NEW_SYMBOLS,
                () -> "each connection defined its allowance: " + (g.gateway.symbolCount() - symbolsBefore));
        });
    }
}
