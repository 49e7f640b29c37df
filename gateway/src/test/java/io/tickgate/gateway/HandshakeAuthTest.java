package io.tickgate.gateway;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.tickgate.gateway.security.TokenMinter;
import io.tickgate.testing.Await;
import io.tickgate.testing.RawWsClient;
import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.tickgate.gateway.AuthGateway.now;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WebSocket handshake with token authentication on, through a real gateway and raw handshakes: no token, a bad
 * one of every kind, an expired one each get 401 with a JSON body and no upgrade, counted by reason; a good one as a
 * Bearer header or as {@code access_token} upgrades, and the welcome says what it grants. And the per-address limit:
 * 429 past it, counted, and the count back to zero however the connections close.
 */
@Timeout(60)
class HandshakeAuthTest
{
    @TempDir
    Path dir;

    @Test
    void refusesEveryHandshakeWithoutAValidTokenWith401AndNoUpgrade() throws Exception
    {
        try (AuthGateway auth = new AuthGateway(dir, ctx -> ctx))
        {
            final JWTClaimsSet fresh = new JWTClaimsSet.Builder().subject("eve").expirationTime(at(now() + 600))
                .build();
            final Map<String, String> bad = Map.of(
                "signed with another secret", TokenMinter.hs256(
                    "another secret that is 32 bytes long".getBytes(StandardCharsets.US_ASCII)).sign(fresh),
                "alg none", new PlainJWT(fresh).serialize(),
                "not yet valid", auth.minter.sign(new JWTClaimsSet.Builder().expirationTime(at(now() + 600))
                    .notBeforeTime(at(now() + 300)).build()),
                "HS512 to an HS256 gateway", new TokenMinter(JWSAlgorithm.HS512,
                    new MACSigner((new String(AuthGateway.SECRET, StandardCharsets.US_ASCII) + "!".repeat(32))
                        .getBytes(StandardCharsets.US_ASCII))).sign(fresh),
                "not a token", "a.b.c");
            for (final Map.Entry<String, String> token : bad.entrySet())
            {
                assertUnauthorized(auth.handshake("?access_token=" + token.getValue(), ""), token.getKey());
            }
            assertUnauthorized(auth.handshake("", ""), "no token");
            assertUnauthorized(auth.handshake("", "Authorization: Basic YWxpY2U6c2VjcmV0\r\n"), "basic auth");
            assertUnauthorized(auth.handshake("", "Authorization: Bearer " +
                auth.minter.mint("late", null, 0, true, false, now() - 600, now() - 60) + "\r\n"), "expired");

            assertEquals(bad.size(), auth.refused("bad_token"));
            assertEquals(2, auth.refused("no_token"));
            assertEquals(1, auth.refused("expired"));
            assertEquals(0, auth.fixture.metric("tickgate_connections_accepted_total"));
        }
    }

    @Test
    void upgradesWithABearerHeaderOrAccessTokenAndTheWelcomeSaysWhatTheTokenGrants() throws Exception
    {
        try (AuthGateway auth = new AuthGateway(dir, ctx -> ctx))
        {
            final String bearer = auth.handshake("", "Authorization: bearer " + auth.token("bob", null) + "\r\n");
            assertTrue(bearer.startsWith("HTTP/1.1 101"), bearer);

            final long exp = now() + 3600;
            try (WsClient client = auth.connect(auth.minter.mint("alice", List.of("AAPL"), 900, true, false, now(),
                exp)))
            {
                final Map<String, Object> welcome = client.awaitType("welcome");
                assertEquals("alice", welcome.get("sub"));
                assertEquals(exp, welcome.get("exp"));
                assertEquals(900L, welcome.get("delay"));
            }
            try (WsClient client = auth.connect(auth.minter.mint(null, null, 0, true, false, now(), exp)))
            {
                final Map<String, Object> welcome = client.awaitType("welcome");
                assertFalse(welcome.containsKey("sub") || welcome.containsKey("delay"), welcome::toString);
                assertEquals(exp, welcome.get("exp"));
            }
            assertEquals(0, auth.refused("no_token") + auth.refused("bad_token"));
        }
    }

    @Test
    void anRs256GatewayRefusesAnHs256TokenSignedWithItsPublicKey() throws Exception
    {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        final KeyPair keys = generator.generateKeyPair();
        final Path pem = Files.writeString(dir.resolve("public.pem"), "-----BEGIN PUBLIC KEY-----\n" +
            Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        try (GatewayFixture fixture = new GatewayFixture(dir.resolve("journal"), ctx -> ctx.authPublicKeyFile(pem));
            RawWsClient raw = RawWsClient.open(fixture.port()))
        {
            final TokenMinter rs256 = new TokenMinter(JWSAlgorithm.RS256, new RSASSASigner(keys.getPrivate()));
            final String good = rs256.mint("carol", null, 0, true, false, now(), now() + 60);
            try (WsClient client = WsClient.connect(fixture.port(), "?access_token=" + good, true))
            {
                assertEquals("carol", client.awaitType("welcome").get("sub"));
            }
            final String confused = TokenMinter.hs256(Files.readAllBytes(pem))
                .mint("mallory", null, 0, true, true, now(), now() + 60);
            final String head = raw.handshake(fixture.port(), "?access_token=" + confused, "13");
            assertTrue(head.startsWith("HTTP/1.1 401"), head);
            assertEquals(1, fixture.metric("tickgate_auth_refused_total{reason=\"bad_token\"}"));
        }
    }

    @Test
    void limitsOpenConnectionsPerAddressWith429AndCountsBackToZeroHoweverTheyClose() throws Exception
    {
        try (GatewayFixture fixture = new GatewayFixture(dir, ctx -> ctx.maxConnectionsPerIp(2)))
        {
            final WsClient closedByClient = WsClient.connect(fixture.port());
            final RawWsClient closedByServer = RawWsClient.connect(fixture.port());
            closedByClient.awaitType("welcome");
            final String head = AuthGateway.handshake(fixture.port(), "", "");
            assertTrue(head.startsWith("HTTP/1.1 429") && head.contains("\"error\":\"TOO_MANY_CONNECTIONS\""), head);
            assertEquals(1, fixture.metric("tickgate_auth_refused_total{reason=\"per_ip\"}"));
            assertEquals(1, fixture.metric("tickgate_connection_addresses"));

            closedByClient.close();
            // an unmasked client frame is a protocol error: the gateway closes that one
            closedByServer.sendFrame(true, RawWsClient.OP_TEXT, "{}".getBytes(StandardCharsets.US_ASCII), false);
            assertEquals(1002, closedByServer.readUntil(RawWsClient.OP_CLOSE, true).closeCode());
            assertTrue(closedByServer.awaitEndOfStream(10_000));
            closedByServer.close();
            Await.until(() -> 0 == fixture.metric("tickgate_connection_addresses") &&
                0 == fixture.metric("tickgate_connections"), () -> fixture.gateway().metricsText());

            try (WsClient again = WsClient.connect(fixture.port()); WsClient twice = WsClient.connect(fixture.port()))
            {
                again.awaitType("welcome");
                twice.awaitType("welcome");
            }
        }
    }

    @Test
    void countsAnAddressOnlyWhileItHasConnectionsOpen() throws Exception
    {
        final ConnectionsPerAddress limit = new ConnectionsPerAddress(2);
        final InetAddress a = InetAddress.getByName("192.0.2.1");
        final InetAddress b = InetAddress.getByName("192.0.2.2");
        assertTrue(limit.tryAcquire(a) && limit.tryAcquire(a) && limit.tryAcquire(b));
        assertTrue(limit.isFull(a));
        assertFalse(limit.tryAcquire(a), "the bound holds when two handshakes race for the last place");
        assertEquals(2, limit.open(a));
        limit.release(a);
        limit.release(b);
        assertEquals(1, limit.addresses());
        limit.release(a);
        assertEquals(0, limit.addresses());
        assertThrows(IllegalStateException.class, () -> limit.release(a));
    }

    private static void assertUnauthorized(final String response, final String what)
    {
        assertTrue(response.startsWith("HTTP/1.1 401"), () -> what + ": " + response);
        assertFalse(response.toLowerCase(Locale.ROOT).contains("upgrade: websocket"), () -> what + ": " + response);
        assertTrue(response.contains("{\"error\":\"UNAUTHORIZED\",\"message\":\""), () -> what + ": " + response);
    }

    private static Date at(final long seconds)
    {
        return new Date(seconds * 1000);
    }
}
