package io.tickgate.client;

import io.tickgate.gateway.GatewayFixture;
import io.tickgate.gateway.security.TokenMinter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client against a real gateway that requires tokens (HS256 secret file): the token on the handshake, a refresh
 * before the expiry on the same connection, a refused handshake that ends the client instead of looping, and a
 * supplier whose next token is good.
 */
@Timeout(60)
class ClientGatewayAuthTest
{
    private static final byte[] SECRET = "tickgate client test secret, 32 bytes+".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final TokenMinter minter = TokenMinter.hs256(SECRET);
    private GatewayFixture gateway;

    @BeforeEach
    void start() throws Exception
    {
        final Path secret = Files.write(dir.resolve("secret"), SECRET);
        // skew 0: a token of a few seconds really expires after those seconds
        gateway = new GatewayFixture(dir.resolve("journal"),
            ctx -> ctx.authHs256SecretFile(secret).authClockSkewSeconds(0));
        resources.add(gateway);
        gateway.tick("AAPL", "189.12");
    }

    @AfterEach
    void closeAll() throws Exception
    {
        for (int i = resources.size() - 1; i >= 0; i--)
        {
            resources.get(i).close();
        }
    }

    @Test
    void shouldStreamWithAFixedTokenAndSayWhenItExpires()
    {
        final long exp = now() + 3_600;
        final Recorder recorder = new Recorder();
        final TickgateClient client = client(recorder, ctx -> ctx.token(token("alice", exp)));
        client.subscribe(List.of("AAPL"), Mode.FULL);

        recorder.awaitQuote(q -> q.startsWith("SNAPSHOT AAPL 1 "), "snapshot");
        assertEquals("authenticated " + exp, recorder.events.get(1), recorder.events::toString);
        assertNull(client.failure());
    }

    @Test
    void shouldReportSymbolsOutsideTheTokenAndNotAskForThemAgainAfterAReconnect()
    {
        gateway.tick("MSFT", "400");
        final Recorder recorder = new Recorder();
        final TickgateClient client = client(recorder,
            ctx -> ctx.token(minter.mint("dave", List.of("AAPL"), 0, true, false, now(), now() + 3_600)));
        client.subscribe(List.of("AAPL", "MSFT"), Mode.FULL);
        final String refusal = recorder.awaitEvent(e -> e.startsWith("error NOT_ENTITLED"), "the refusal");
        assertTrue(refusal.endsWith(" [MSFT]"), refusal);
        recorder.awaitQuote(q -> q.startsWith("SNAPSHOT AAPL 1 "), "the entitled symbol's snapshot");

        gateway.stopGateway();
        gateway.tick("AAPL", "189.13");
        gateway.startGateway();
        recorder.awaitEvent(e -> e.startsWith("replayEnd true [AAPL]"), "AAPL replayed after the reconnect");
        recorder.awaitQuote(q -> q.startsWith("TICK AAPL 2 "), "the tick journaled while it was down");
        assertEquals(1, recorder.events.stream().filter(e -> e.startsWith("error")).count(), recorder.events::toString);
        assertTrue(recorder.quotes.stream().noneMatch(q -> q.contains(" MSFT ")), recorder.quotes::toString);
    }

    @Test
    void shouldRefreshTheTokenOnTheSameConnectionBeforeItExpires()
    {
        final long firstExp = now() + 4;
        final long laterExp = now() + 3_600;
        final AtomicInteger calls = new AtomicInteger();
        final Supplier<String> supplier = () -> 1 == calls.incrementAndGet() ?
            token("bob", firstExp) : token("bob", laterExp);
        final Recorder recorder = new Recorder();
        final TickgateClient client = client(recorder, ctx -> ctx.tokenSupplier(supplier).tokenRefreshAheadMs(1_000));
        client.subscribe(List.of("AAPL"), Mode.FULL);
        recorder.awaitQuote(q -> q.startsWith("SNAPSHOT AAPL 1 "), "snapshot");
        recorder.awaitEvent(("authenticated " + firstExp)::equals, "the first token's expiry");

        recorder.awaitEvent(("authenticated " + laterExp)::equals, "the refresh accepted");
        gateway.tick("AAPL", "189.13");
        recorder.awaitQuote(q -> q.startsWith("TICK AAPL 2 "), "a tick after the refresh");
        assertEquals(1, client.connections(), "refreshed in place: " + recorder.events);
        assertEquals(2, calls.get());
        assertTrue(recorder.events.stream().noneMatch(e -> e.startsWith("error") || e.startsWith("disconnected")),
            recorder.events::toString);
    }

    @Test
    void shouldEndWhatARefreshedTokenNoLongerCovers()
    {
        gateway.tick("MSFT", "400");
        final long firstExp = now() + 4;
        final AtomicInteger calls = new AtomicInteger();
        final Recorder recorder = new Recorder();
        final TickgateClient client = client(recorder, ctx -> ctx.tokenRefreshAheadMs(1_000).tokenSupplier(() ->
            1 == calls.incrementAndGet() ? token("gina", firstExp) :
                minter.mint("gina", List.of("AAPL"), 0, true, false, now(), now() + 3_600)));
        client.subscribe(List.of("AAPL", "MSFT"), Mode.FULL);
        recorder.awaitQuote(q -> q.startsWith("SNAPSHOT MSFT 1 "), "MSFT while the first token covers it");

        recorder.awaitEvent("unsubscribed [MSFT]"::equals, "MSFT ended by the refresh");
        final String refusal = recorder.awaitEvent(e -> e.startsWith("error NOT_ENTITLED"), "the refusal");
        assertTrue(refusal.endsWith(" [MSFT]"), refusal);
        gateway.tick("MSFT", "401");
        gateway.tick("AAPL", "189.13");
        recorder.awaitQuote(q -> q.startsWith("TICK AAPL 2 "), "AAPL goes on");
        assertTrue(recorder.quotes.stream().noneMatch(q -> q.startsWith("TICK MSFT")), recorder.quotes::toString);
        assertEquals(1, client.connections());
    }

    @Test
    void shouldReconnectWithTheSuppliersTokenWhenTheOneInForceExpires()
    {
        final long shortExp = now() + 2;
        final String expiring = token("erin", shortExp);
        final String later = token("erin", now() + 3_600);
        // nothing new until the short token has expired: every refresh finds the token in force unchanged
        final Recorder recorder = new Recorder();
        final TickgateClient client = client(recorder, ctx -> ctx.tokenSupplier(() ->
            now() > shortExp ? later : expiring).tokenRefreshAheadMs(60_000));
        client.subscribe(List.of("AAPL"), Mode.FULL);
        recorder.awaitQuote(q -> q.startsWith("SNAPSHOT AAPL 1 "), "snapshot");

        recorder.awaitEvent("error UNAUTHORIZED token expired []"::equals, "the gateway's expiry error");
        recorder.awaitEvent("disconnected 1008 token expired"::equals, "the close");
        recorder.awaitEvent(e -> e.startsWith("replayEnd true [AAPL]"), "AAPL replayed on the new connection");
        gateway.tick("AAPL", "189.13");
        recorder.awaitQuote(q -> q.startsWith("TICK AAPL 2 "), "a tick on the new connection");
        assertEquals(2, client.connections());
        assertNull(client.failure());
    }

    @Test
    void shouldStopAfterAFixedTokenExpires()
    {
        final Recorder recorder = new Recorder();
        final TickgateClient client = client(recorder, ctx -> ctx.token(token("frank", now() + 1)));
        recorder.awaitEvent("disconnected 1008 token expired"::equals, "the close");
        recorder.awaitEvent(e -> e.startsWith("error UNAUTHORIZED handshake refused (HTTP 401)"), "the refusal");
        assertEquals(List.of("connected", "authenticated", "error", "disconnected", "reconnecting", "disconnected",
            "error"), kinds(recorder.events), recorder.events::toString);
        assertTrue(client.failure().contains("expired"), client.failure());
    }

    @Test
    void shouldStopWhenTheHandshakeIsRefusedAndThereIsNoOtherToken()
    {
        final Recorder recorder = new Recorder();
        final TickgateClient client = client(recorder, ctx -> ctx);

        final String error = recorder.awaitEvent(e -> e.startsWith("error UNAUTHORIZED"), "the refusal");
        assertTrue(error.contains("HTTP 401"), error);
        assertEquals(List.of("disconnected"), kinds(recorder.events.subList(0, 1)), recorder.events::toString);
        assertTrue(recorder.events.stream().noneMatch(e -> e.startsWith("reconnecting")), recorder.events::toString);
        assertTrue(client.failure().contains("HTTP 401"), client.failure());
        assertEquals(0, client.connections());
        assertEquals(1L, gateway.metric("tickgate_auth_refused_total{reason=\"no_token\"}"));
    }

    @Test
    void shouldTryTheSuppliersNextTokenAfterARefusalAndStopWhenItHasNoOther()
    {
        final String forged = TokenMinter.hs256("another secret of at least thirty-two bytes".getBytes(
            StandardCharsets.US_ASCII)).mint("mallory", null, 0, true, false, now(), now() + 3_600);
        final Recorder stuck = new Recorder();
        final TickgateClient stuckClient = client(stuck, ctx -> ctx.tokenSupplier(() -> forged));
        stuck.awaitEvent(e -> e.startsWith("error UNAUTHORIZED"), "giving up on the same token");
        assertEquals(List.of("disconnected", "reconnecting", "error"), kinds(stuck.events), stuck.events::toString);
        assertTrue(stuckClient.failure().contains("no other"), stuckClient.failure());
        assertEquals(1L, gateway.metric("tickgate_auth_refused_total{reason=\"bad_token\"}"), "asked once");

        final AtomicInteger calls = new AtomicInteger();
        final String good = token("carol", now() + 3_600);
        final Recorder recorder = new Recorder();
        final TickgateClient client = client(recorder, ctx -> ctx.tokenSupplier(() ->
            1 == calls.incrementAndGet() ? forged : good));
        client.subscribe(List.of("AAPL"), Mode.CONFLATED);
        recorder.awaitQuote(q -> q.startsWith("SNAPSHOT AAPL 1 "), "snapshot with the second token");
        assertEquals(List.of("disconnected", "reconnecting", "connected", "authenticated"),
            kinds(recorder.events.subList(0, 4)), recorder.events::toString);
        assertNull(client.failure());
    }

    private String token(final String sub, final long exp)
    {
        return minter.mint(sub, null, 0, true, false, now(), exp);
    }

    private static long now()
    {
        return System.currentTimeMillis() / 1000;
    }

    private static List<String> kinds(final List<String> events)
    {
        return events.stream().map(e -> e.split(" ", 2)[0]).toList();
    }

    private TickgateClient client(
        final Recorder recorder, final UnaryOperator<TickgateClient.Context> configure)
    {
        final TickgateClient client = TickgateClient.connect(configure.apply(new TickgateClient.Context()
            .port(gateway.port())
            .quoteListener(recorder)
            .clientListener(recorder)
            .reconnectBaseMs(20)
            .reconnectMaxMs(200)));
        resources.add(client);
        return client;
    }
}
