package io.tickgate.gateway;

import io.tickgate.testing.Await;
import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.tickgate.gateway.AuthGateway.now;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A token's life on a real gateway with real clients: what it entitles (JSON and binary, {@code *} with symbols
 * journaled later, replays), a refresh that takes symbols away mid-stream, a bad refresh that keeps the old token, a
 * refresh when the gateway has no tokens, expiry mid-stream, and the HTTP endpoints that need a token.
 */
@Timeout(60)
class TokenSessionTest
{
    @TempDir
    Path dir;

    @Test
    void aClientSeesOnlyWhatItsTokenEntitlesAndARefreshCanTakeSymbolsAway()
    {
        try (AuthGateway auth = new AuthGateway(dir, ctx -> ctx))
        {
            final GatewayFixture fixture = auth.fixture;
            fixture.tick("AAPL", "190");
            fixture.tick("EUR/USD", "1.1");
            final List<String> euro = List.of("EUR/*", "AAPL");
            try (WsClient json = auth.connect(auth.token("ann", euro));
                WsClient binary = auth.connect(auth.token("ann", euro), "&format=binary");
                WsClient explicit = auth.connect(auth.token("bob", null)))
            {
                for (final WsClient client : List.of(json, binary))
                {
                    client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"mode\":\"full\",\"id\":1}");
                    client.awaitType("subscribed");
                }
                explicit.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"EUR/USD\"],\"mode\":\"full\"}");
                explicit.awaitType("subscribed");
                fixture.tick("IBM", "150");
                fixture.tick("EUR/GBP", "0.85");
                json.await(m -> "EUR/GBP".equals(m.get("symbol")), "the new entitled symbol");

                json.send("{\"op\":\"subscribe\",\"symbols\":[\"IBM\",\"NOPE\",\"AAPL\"],\"id\":2}");
                final Map<String, Object> refused = json.awaitType("error");
                assertEquals(List.of("NOT_ENTITLED", List.of("IBM", "NOPE"), 2L),
                    List.of(refused.get("code"), refused.get("symbols"), refused.get("id")));
                json.await(m -> Long.valueOf(2).equals(m.get("id")) && "subscribed".equals(m.get("type")),
                    "the rest accepted");

                explicit.send("{\"op\":\"auth\",\"token\":\"" + auth.token("bob", List.of("EUR/*")) + "\",\"id\":3}");
                final Map<String, Object> authenticated = explicit.awaitType("authenticated");
                assertEquals(3L, authenticated.get("id"));
                assertEquals(List.of("AAPL"), explicit.awaitType("unsubscribed").get("symbols"));
                assertEquals("NOT_ENTITLED", explicit.awaitType("error").get("code"));
                final int refreshedAt = explicit.messages.size();
                fixture.tick("AAPL", "191");
                fixture.tick("EUR/USD", "1.2");
                explicit.await(m -> "EUR/USD".equals(m.get("symbol")) && Long.valueOf(2).equals(m.get("seq")),
                    "EUR/USD goes on");
                assertTrue(explicit.messages.subList(refreshedAt, explicit.messages.size()).stream()
                    .noneMatch(m -> "AAPL".equals(m.get("symbol"))), explicit::tail);

                binary.await(m -> "EUR/GBP".equals(m.get("symbol")), "the binary stream's new entitled symbol");
                for (final WsClient client : List.of(json, binary))
                {
                    for (final Map<String, Object> message : client.messages)
                    {
                        final Object symbol = message.get("symbol");
                        assertTrue(null == symbol || euro.contains(symbol) || "EUR/USD".equals(symbol) ||
                            "EUR/GBP".equals(symbol), () -> "not entitled: " + message);
                    }
                }
                assertEquals(2, auth.refused("not_entitled"));
            }
        }
    }

    @Test
    void aBadRefreshKeepsTheOldTokenAndATokenThatExpiresClosesTheConnection() throws Exception
    {
        try (AuthGateway auth = new AuthGateway(dir, ctx -> ctx.authClockSkewSeconds(0)))
        {
            auth.fixture.tick("AAPL", "190");
            try (WsClient client = auth.connect(auth.minter.mint("short", null, 0, true, false, now(), now() + 2)))
            {
                client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
                client.awaitType("snapshot");
                client.send("{\"op\":\"auth\",\"token\":\"not.a.token\",\"id\":9}");
                final Map<String, Object> error = client.awaitType("error");
                assertEquals(List.of("UNAUTHORIZED", 9L), List.of(error.get("code"), error.get("id")));
                auth.fixture.tick("AAPL", "191");
                client.awaitSeq(2);

                final int[] close = client.closed.get(20, TimeUnit.SECONDS);
                assertEquals(1008, close[0]);
                assertEquals("token expired", client.closeReason);
                final Map<String, Object> last = client.messages.get(client.messages.size() - 1);
                assertEquals(List.of("error", "UNAUTHORIZED", "token expired"),
                    List.of(last.get("type"), last.get("code"), last.get("message")));
            }
            assertEquals(1, auth.refused("bad_token"));
            assertEquals(1, auth.refused("expired"));
            assertEquals(1, auth.fixture.metric("tickgate_cutoffs_total{reason=\"token_expired\"}"));
        }
    }

    @Test
    void aLargeTokenFitsARefreshAndARefreshWithoutAuthIsABadRequest()
    {
        final List<String> many = new ArrayList<>();
        for (int i = 0; i < 200; i++)
        {
            many.add("SYMBOL" + i);
        }
        try (AuthGateway auth = new AuthGateway(dir.resolve("auth"), ctx -> ctx);
            WsClient client = auth.connect(auth.token("big", many)))
        {
            final String token = auth.token("big", many);
            assertTrue(token.length() > 3000, "a token of " + token.length() + " characters");
            client.send("{\"op\":\"auth\",\"token\":\"" + token + "\",\"id\":1}");
            assertEquals(1L, client.awaitType("authenticated").get("id"));
        }
        try (GatewayFixture open = new GatewayFixture(dir.resolve("open"));
            WsClient client = WsClient.connect(open.port()))
        {
            client.send("{\"op\":\"auth\",\"token\":\"whatever\",\"id\":1}");
            final Map<String, Object> error = client.awaitType("error");
            assertEquals(List.of("BAD_REQUEST", "this gateway does not use tokens"),
                List.of(error.get("code"), error.get("message")));
        }
    }

    @Test
    void metricsNeedAnAdminBearerTokenAndSymbolsListOnlyTheEntitledOnes()
    {
        try (AuthGateway auth = new AuthGateway(dir, ctx -> ctx))
        {
            auth.fixture.tick("AAPL", "190");
            auth.fixture.tick("EUR/USD", "1.1");
            final String admin = auth.minter.mint("prometheus", null, 0, false, true, now(), now() + 600);
            final String user = auth.token("ann", List.of("EUR/*"));

            assertEquals(401, auth.get("/metrics", null).statusCode());
            assertEquals(401, auth.get("/metrics", "bad").statusCode());
            final HttpResponse<String> forbidden = auth.get("/metrics", user);
            assertEquals(403, forbidden.statusCode());
            assertTrue(forbidden.body().startsWith("{\"error\":\"FORBIDDEN\""), forbidden.body());
            assertEquals(401, auth.get("/metrics?access_token=" + admin, null).statusCode(), "the header only");
            final HttpResponse<String> metrics = auth.get("/metrics", admin);
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("tickgate_auth_refused_total{reason=\"no_token\"} 2"), metrics.body());

            assertEquals(401, auth.get("/api/symbols", null).statusCode());
            assertEquals("[\"EUR/USD\"]", auth.get("/api/symbols?access_token=" + user, null).body());
            assertEquals("[\"AAPL\",\"EUR/USD\"]", auth.get("/api/symbols", admin).body());
            assertEquals(200, auth.get("/health", null).statusCode());
            assertEquals(200, auth.get("/", null).statusCode());
        }
        try (GatewayFixture open = new GatewayFixture(dir.resolve("open")))
        {
            assertEquals(200, open.get("/metrics").statusCode());
            Await.until(() -> open.get("/api/symbols").statusCode() == 200, () -> "symbols without auth");
        }
    }
}
