package io.tickgate.gateway;

import io.tickgate.testing.Json;
import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /admin/drain} on a real gateway: who may start a drain (a loopback address without authentication, an
 * admin token with it; GET is 405), and what a drain does over HTTP: {@code /health} 503 {@code draining}, new
 * handshakes 503 with {@code Retry-After}, open clients told {@code draining} and closed with 1001 after the window,
 * the gauge and the counter; the process goes on serving {@code /health}.
 */
@Timeout(60)
class DrainHttpTest
{
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aDrainFromLoopbackRefusesNewClientsTellsTheOpenOnesAndClosesThemAfterTheWindow() throws Exception
    {
        try (GatewayFixture gateway = new GatewayFixture(dir, ctx -> ctx.drainMs(1_500));
            WsClient json = WsClient.connect(gateway.port());
            WsClient binary = WsClient.connect(gateway.port(), "?format=binary", true))
        {
            gateway.tick("AAPL", "100");
            for (final WsClient client : List.of(json, binary))
            {
                client.awaitType("welcome");
                client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
                client.awaitType("subscribed");
            }
            assertEquals(200, gateway.get("/health").statusCode());
            assertEquals(0, gateway.metric("tickgate_draining"));

            assertEquals(405, send(gateway.port(), "GET", null).statusCode());
            final HttpResponse<String> accepted = send(gateway.port(), "POST", null);
            assertEquals(202, accepted.statusCode(), accepted::body);
            assertEquals(Map.of("status", "draining", "drainMs", 1_500L, "started", true),
                Json.parse(accepted.body()));
            final Object again = Json.parse(send(gateway.port(), "POST", null).body());
            assertEquals(Boolean.FALSE, ((Map<?, ?>)again).get("started"), "one drain at a time");

            final HttpResponse<String> health = gateway.get("/health");
            assertEquals(503, health.statusCode());
            assertEquals("draining", ((Map<?, ?>)Json.parse(health.body())).get("status"));
            final String refused = AuthGateway.handshake(gateway.port(), "", "");
            assertTrue(refused.startsWith("HTTP/1.1 503"), refused);
            assertTrue(refused.contains("Retry-After: 2"), refused);
            assertTrue(refused.contains("\"DRAINING\""), refused);

            // two sessions, 1.5 s: the first told to move at once, the second after a quarter of the window
            assertEquals(Set.of(0L, 375L), Set.of(json.awaitType("draining").get("reconnectAfterMs"),
                binary.awaitType("draining").get("reconnectAfterMs")));
            // served on meanwhile
            gateway.tick("AAPL", "101");
            json.await(m -> json.ofType("tick").size() >= 1, "a tick during the drain");
            for (final WsClient client : List.of(json, binary))
            {
                assertEquals(1001, client.closed.get(20, TimeUnit.SECONDS)[0]);
            }
            assertEquals(1, gateway.metric("tickgate_draining"));
            assertEquals(1, gateway.metric("tickgate_drains_total"));
            assertEquals(503, gateway.get("/health").statusCode(), "the process lives on, out of service");
        }
    }

    @Test
    void withAuthenticationOnlyAnAdminTokenDrains() throws Exception
    {
        try (AuthGateway gateway = new AuthGateway(dir, ctx -> ctx))
        {
            final String reader = gateway.token("reader", null);
            final String admin = gateway.minter.mint("ops", null, 0, true, true, AuthGateway.now(),
                AuthGateway.now() + 3600);
            assertEquals(401, send(gateway.port(), "POST", null).statusCode());
            assertEquals(401, send(gateway.port(), "POST", "not.a.token").statusCode());
            final HttpResponse<String> forbidden = send(gateway.port(), "POST", reader);
            assertEquals(403, forbidden.statusCode());
            assertTrue(forbidden.body().contains("may not drain the gateway"), forbidden::body);
            assertEquals(200, gateway.fixture.get("/health").statusCode(), "no drain yet");

            assertEquals(202, send(gateway.port(), "POST", admin).statusCode());
            assertEquals(503, gateway.fixture.get("/health").statusCode());
            assertFalse(gateway.fixture.gateway().drain(), "already draining");
        }
    }

    private static HttpResponse<String> send(final int port, final String method, final String bearer)
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port +
            "/admin/drain")).method(method, HttpRequest.BodyPublishers.noBody());
        if (null != bearer)
        {
            request.header("Authorization", "Bearer " + bearer);
        }
        try
        {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
