package io.tickgate.gateway;

import io.tickgate.testing.RawWsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A web page on another site cannot open a WebSocket to the gateway through the user's browser: real handshakes with
 * {@code Origin} headers against a real gateway, by default and with {@code --allowed-origins}; bad option values
 * named.
 */
@Timeout(30)
class OriginCheckTest
{
    @TempDir
    Path dir;

    @Test
    void byDefaultAllowsNoOriginLoopbackPagesAndTheGatewaysOwnHostOnly() throws IOException
    {
        try (GatewayFixture fixture = new GatewayFixture(dir))
        {
            final int port = fixture.gateway().port();
            assertUpgraded(port, null);
            assertUpgraded(port, "http://127.0.0.1:" + port);
            assertUpgraded(port, "http://localhost:5173");
            assertUpgraded(port, "http://[::1]:8080");
            for (final String foreign : List.of("https://evil.example", "http://127.0.0.1.evil.example", "null",
                "not a url"))
            {
                assertForbidden(port, foreign);
            }
            assertEquals(4, fixture.metric("tickgate_auth_refused_total{reason=\"origin\"}"));
        }
    }

    @Test
    void withAllowedOriginsAllowsThoseOnly() throws IOException
    {
        try (GatewayFixture fixture = new GatewayFixture(dir,
            ctx -> ctx.allowedOrigins(List.of("https://desk.example", "http://localhost:3000/"))))
        {
            final int port = fixture.gateway().port();
            assertUpgraded(port, "https://desk.example");
            assertUpgraded(port, "HTTP://LOCALHOST:3000");
            assertForbidden(port, "http://localhost:3001");
            assertForbidden(port, "http://127.0.0.1:" + port);
            assertForbidden(port, null);
        }
    }

    @Test
    void namesTheOptionForABadOrigin()
    {
        for (final String bad : List.of("desk.example", "ftp://desk.example", "https://"))
        {
            final GatewayContext ctx = new GatewayContext().journalDir(Path.of("unused")).allowedOrigins(List.of(bad));
            final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, ctx::conclude);
            assertTrue(error.getMessage().contains("--allowed-origins"), error.getMessage());
        }
        assertFalse(new OriginCheck(List.of()).allows("https://evil.example", "127.0.0.1"));
    }

    private static void assertUpgraded(final int port, final String origin) throws IOException
    {
        try (RawWsClient client = RawWsClient.open(port))
        {
            final String head = client.request(handshake(port, origin));
            assertTrue(head.startsWith("HTTP/1.1 101"), () -> origin + ": " + head);
        }
    }

    private static void assertForbidden(final int port, final String origin) throws IOException
    {
        try (RawWsClient client = RawWsClient.open(port))
        {
            final String head = client.request(handshake(port, origin));
            assertTrue(head.startsWith("HTTP/1.1 403"), () -> origin + ": " + head);
        }
    }

    private static String handshake(final int port, final String origin)
    {
        return "GET /stream HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
            (null == origin ? "" : "Origin: " + origin + "\r\n") + "\r\n";
    }
}
