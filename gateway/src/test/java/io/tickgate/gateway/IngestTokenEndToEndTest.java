package io.tickgate.gateway;

import io.tickgate.testing.Await;
import io.tickgate.testing.Metrics;
import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway with {@code --ingest-token-file}: a TCP ingest client without the token is closed and counted in
 * {@code /metrics} as {@code unauthorized}, nothing of it reaching WebSocket clients; one with it streams as before.
 */
@Timeout(60)
class IngestTokenEndToEndTest
{
    private static final String UNAUTHORIZED = "tickgate_ingest_rejected_total{kind=\"unauthorized\"}";

    @TempDir
    Path dir;

    @Test
    void onlyClientsWithTheTokenAreJournaled() throws IOException
    {
        final Path tokenFile = Files.writeString(dir.resolve("ingest.token"), "feed-secret\n");
        try (Gateway gateway = Gateway.launch(new GatewayContext().port(0).ingestPort(0)
            .journalDir(dir.resolve("journal")).ingestTokenFile(tokenFile));
            WsClient client = WsClient.connect(gateway.port()))
        {
            client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"mode\":\"full\"}");
            client.awaitType("subscribed");
            try (Socket intruder = new Socket(InetAddress.getLoopbackAddress(), gateway.ingestPort()))
            {
                intruder.setSoTimeout(10_000);
                send(intruder, "EVIL,1764100000000001,1,1,1,1,1,1,1\n");
                assertEquals(-1, intruder.getInputStream().read(), "closed");
            }
            assertEquals(1, Metrics.value(gateway.metricsText(), UNAUTHORIZED));

            try (Socket feed = new Socket(InetAddress.getLoopbackAddress(), gateway.ingestPort()))
            {
                send(feed, "#auth feed-secret\nGOOD,1764100000000001,1,1,1,1,1,1,1\n");
                client.await(m -> "tick".equals(m.get("type")) && "GOOD".equals(m.get("symbol")), "GOOD's tick");
            }
            Await.until(() -> Metrics.value(gateway.metricsText(), "tickgate_ingest_accepted_total") == 1,
                () -> gateway.metricsText());
            assertTrue(client.messages.stream().noneMatch(m -> "EVIL".equals(m.get("symbol"))), client::tail);
            assertEquals(1, gateway.symbolCount(), "the intruder's symbol was never defined");
        }
    }

    @Test
    void refusesAnEmptyTokenFileNamingTheOption() throws IOException
    {
        final Path empty = Files.writeString(dir.resolve("empty.token"), "\n");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Gateway.launch(
            new GatewayContext().port(0).ingestPort(0).journalDir(dir.resolve("journal")).ingestTokenFile(empty)));
        assertTrue(ex.getMessage().contains("--ingest-token-file"), ex.getMessage());
    }

    private static void send(final Socket socket, final String text) throws IOException
    {
        final OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
