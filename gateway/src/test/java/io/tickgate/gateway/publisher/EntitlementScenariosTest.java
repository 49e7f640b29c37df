package io.tickgate.gateway.publisher;

import io.tickgate.gateway.ErrorCode;
import io.tickgate.gateway.GatewayMetrics;
import io.tickgate.gateway.MetricsProbe;
import io.tickgate.gateway.security.Grant;
import io.tickgate.gateway.security.SymbolPatterns;
import io.tickgate.gateway.ws.Frames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

import static io.tickgate.gateway.publisher.SessionLifecycleScenariosTest.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a token entitles, through the publisher with a hand clock: subscribes and replays refused for the symbols
 * outside it (whether they exist or not) while the rest goes ahead; {@code *} never sends a symbol outside it, those
 * defined later included, in JSON or binary; a refresh that takes symbols away ends their subscriptions and replay at
 * once; another delay is refused; and a token that expires closes its connection.
 */
@Timeout(30)
class EntitlementScenariosTest
{
    private static final long NEVER = Long.MAX_VALUE;

    @TempDir
    Path dir;
    private PublisherHarness h;

    @AfterEach
    void close()
    {
        if (null != h)
        {
            h.close();
        }
    }

    @Test
    void aSubscribeIsRefusedOutsideTheTokenWhetherTheSymbolExistsOrNotAndTheRestGoesAhead()
    {
        open(UnaryOperator.identity(), "AAPL", "MSFT", "EUR/USD");
        final PublisherHarness.Client client = connect(false, grant(NEVER, true, "AAPL", "EUR/*"));
        client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"MSFT\",\"NOPE\",\"EUR/XYZ\"],\"id\":1}");
        h.cycle();
        h.tick("MSFT");
        h.tick("AAPL");
        h.cycle();

        final List<Map<String, Object>> errors = client.ofType("error");
        assertEquals(List.of("NOT_ENTITLED", List.of("MSFT", "NOPE"), 1L), codeSymbolsId(errors.get(0)));
        assertEquals(List.of("UNKNOWN_SYMBOL", List.of("EUR/XYZ"), 1L), codeSymbolsId(errors.get(1)),
            "an entitled symbol the journal lacks is unknown as before");
        assertEquals(List.of("AAPL"), client.ofType("subscribed").get(0).get("symbols"));
        assertEquals(List.of(1L, 2L), client.seqs("AAPL"));
        assertEquals(List.of(), client.seqs("MSFT"));
        assertEquals(1, MetricsProbe.errors(h.metrics, ErrorCode.NOT_ENTITLED), "one error, one count");
    }

    @Test
    void theWildcardTakesOnlyEntitledSymbolsThoseDefinedLaterIncludedInJsonAndBinary()
    {
        open(UnaryOperator.identity(), "AAPL", "EUR/USD");
        final Grant euro = grant(NEVER, true, "EUR/*");
        final PublisherHarness.Client json = connect(false, euro);
        final PublisherHarness.Client binary = connect(true, euro);
        for (final PublisherHarness.Client client : List.of(json, binary))
        {
            client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"mode\":\"full\"}");
        }
        h.cycle();
        for (final String symbol : List.of("AAPL", "EUR/USD", "EUR/GBP", "IBM", "EURX"))
        {
            h.tick(symbol);
            h.cycle();
        }

        for (final PublisherHarness.Client client : List.of(json, binary))
        {
            final List<Object> sent = client.messages().stream().map(m -> m.get("symbol")).filter(Objects::nonNull)
                .distinct().toList();
            assertEquals(List.of("EUR/USD", "EUR/GBP"), sent, () -> types(client.messages()).toString());
            assertEquals(List.of(1L, 2L), client.seqs("EUR/USD"), "snapshot, then the live tick");
        }
        assertEquals(0, MetricsProbe.errors(h.metrics, ErrorCode.NOT_ENTITLED), "* refuses nothing: it means less");
    }

    @Test
    void aReplayIsRefusedOutsideTheTokenOrWhenItAllowsNoneAndAWildcardReplayTakesOnlyEntitledSymbols()
    {
        open(UnaryOperator.identity(), "AAPL", "MSFT", "EUR/USD");
        final long from = h.eventMicros("AAPL", 1);
        final PublisherHarness.Client noReplay = connect(false, grant(NEVER, false, "*"));
        noReplay.send("{\"op\":\"replay\",\"symbols\":[\"AAPL\"],\"from\":" + from + ",\"id\":1}");
        final PublisherHarness.Client some = connect(false, grant(NEVER, true, "AAPL", "EUR/*"));
        some.send("{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":1,\"MSFT\":1},\"id\":2}");
        final PublisherHarness.Client all = connect(false, grant(NEVER, true, "EUR/*"));
        all.send("{\"op\":\"replay\",\"symbols\":[\"*\"],\"from\":" + from + ",\"id\":3}");
        h.run(20);

        assertEquals(List.of("NOT_ENTITLED", List.of("AAPL"), 1L), codeSymbolsId(noReplay.ofType("error").get(0)));
        assertEquals(List.of(), noReplay.ofType("tick", "replayEnd"));
        assertEquals(List.of("NOT_ENTITLED", List.of("MSFT"), 2L), codeSymbolsId(some.ofType("error").get(0)));
        assertEquals(List.of(1L), some.seqs("AAPL"), "the rest of the replay went ahead");
        assertEquals(List.of("AAPL"), some.ofType("replayEnd").get(0).get("symbols"));
        assertEquals(List.of(), some.seqs("MSFT"));
        assertEquals(List.of("EUR/USD"), all.ofType("tick").stream().map(m -> m.get("symbol")).toList());
        assertTrue(all.ofType("error").isEmpty(), () -> all.ofType("error").toString());
    }

    @Test
    void aRefreshThatTakesSymbolsAwayEndsTheirSubscriptionsAtOnceAndTheRestGoesOn()
    {
        open(UnaryOperator.identity(), "AAPL", "MSFT", "EUR/USD");
        final PublisherHarness.Client client = connect(false, grant(NEVER, true, "*"));
        client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"MSFT\",\"EUR/USD\"],\"mode\":\"full\"}");
        h.cycle();
        h.tick("AAPL");
        h.cycle();
        client.refresh(grant(NEVER, true, "EUR/*", "AAPL"), 5);
        h.cycle();
        client.refresh(grant(NEVER, true, "EUR/*"), 6);
        h.cycle();
        for (final String symbol : List.of("AAPL", "MSFT", "EUR/USD"))
        {
            h.tick(symbol);
        }
        h.cycle();

        final List<Map<String, Object>> answers = client.ofType("authenticated", "unsubscribed", "error");
        assertEquals(List.of("authenticated", "unsubscribed", "error", "authenticated", "unsubscribed", "error"),
            types(answers));
        assertEquals(List.of(List.of("MSFT"), List.of("MSFT")), List.of(answers.get(1).get("symbols"),
            answers.get(2).get("symbols")));
        assertEquals(List.of("NOT_ENTITLED", List.of("AAPL"), 6L), codeSymbolsId(answers.get(5)));
        assertEquals(List.of(1L, 2L), client.seqs("AAPL"), "nothing of AAPL after the second refresh");
        assertEquals(List.of(1L), client.seqs("MSFT"));
        assertEquals(List.of(1L, 2L), client.seqs("EUR/USD"));
    }

    @Test
    void aRefreshEndsARunningReplayOfSymbolsItTakesAwayOrOfAnyWhenItAllowsNoReplays()
    {
        open(UnaryOperator.identity());
        for (int i = 0; i < 100; i++)
        {
            h.tick("AAPL");
            h.tick("MSFT");
        }
        h.cycle();
        final PublisherHarness.Client shrunk = connect(false, grant(NEVER, true, "*"));
        final PublisherHarness.Client stopped = connect(false, grant(NEVER, true, "*"));
        for (final PublisherHarness.Client client : List.of(shrunk, stopped))
        {
            client.socket.takePerWrite(0);
            client.send("{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":1,\"MSFT\":1},\"id\":1}");
        }
        h.run(5);
        shrunk.refresh(grant(NEVER, true, "MSFT"), 2);
        stopped.refresh(grant(NEVER, false, "*"), 3);
        h.cycle();
        final long lastAapl = h.tick("AAPL");
        for (final PublisherHarness.Client client : List.of(shrunk, stopped))
        {
            client.socket.takePerWrite(FakeSocket.UNLIMITED);
        }
        h.run(50);

        assertEquals(List.of("NOT_ENTITLED", List.of("AAPL"), 2L), codeSymbolsId(shrunk.ofType("error").get(0)));
        final int refreshed = shrunk.indexOf("authenticated");
        assertTrue(shrunk.messages().subList(refreshed, shrunk.messages().size()).stream()
            .noneMatch(m -> "AAPL".equals(m.get("symbol"))), () -> types(shrunk.messages()).toString());
        assertEquals(List.of("MSFT"), shrunk.ofType("replayEnd").get(0).get("symbols"), "MSFT's replay went on");
        assertEquals(List.of("NOT_ENTITLED", List.of("AAPL", "MSFT"), 1L),
            codeSymbolsId(stopped.ofType("error").get(0)));
        assertTrue(stopped.ofType("replayEnd").isEmpty());
        assertTrue(stopped.seqs("AAPL").size() < lastAapl, "the replay stopped");
    }

    @Test
    void aRefreshWithAnotherDelayIsRefusedAndTheOldTokenStays()
    {
        open(UnaryOperator.identity(), "AAPL");
        final PublisherHarness.Client client = connect(false, grant(NEVER, true, "AAPL"));
        client.refresh(new Grant("ann", NEVER, SymbolPatterns.ALL, 900, true, false), 4);
        h.cycle();
        final Map<String, Object> error = client.ofType("error").get(0);
        assertEquals(List.of("UNAUTHORIZED", 4L), List.of(error.get("code"), error.get("id")));
        assertEquals("a refreshed token must keep the delay of the connection", error.get("message"));
        assertTrue(client.ofType("authenticated").isEmpty());
        assertEquals(List.of("AAPL"), client.session.grant().symbols().patterns());
    }

    @Test
    void aTokenThatExpiresClosesItsConnectionWithAnErrorThen1008AndARefreshInTimeKeepsItOpen() throws IOException
    {
        final Path secret = Files.write(dir.resolve("secret"), new byte[32]);
        open(ctx -> ctx.authHs256SecretFile(secret).authClockSkewSeconds(0), "AAPL");
        final long now = PublisherHarness.START_NS / 1_000_000_000L;
        final PublisherHarness.Client expiring = connect(false, grant(now + 10, true, "*"));
        final PublisherHarness.Client refreshed = connect(false, grant(now + 10, true, "*"));
        h.run(5_000);
        refreshed.refresh(grant(now + 3_600, true, "*"), 1);
        h.run(5_000);
        assertTrue(expiring.ofType("error").isEmpty(), "at exp it is still valid");
        h.run(1_100);

        final List<Map<String, Object>> last = expiring.ofType("error", "ws:close");
        assertEquals(List.of(List.of("UNAUTHORIZED", "token expired"), List.of(Frames.CLOSE_POLICY_VIOLATION,
            "token expired")), last.stream().map(m -> List.of(m.getOrDefault("code", ""),
            m.getOrDefault("message", m.get("reason")))).toList());
        assertEquals("ws:close", expiring.messages().get(expiring.messages().size() - 1).get("type"), "nothing after");
        assertTrue(refreshed.ofType("error").isEmpty(), () -> types(refreshed.messages()).toString());
        assertEquals(1, MetricsProbe.cutOffs(h.metrics, GatewayMetrics.CutOff.TOKEN_EXPIRED));
    }

    private void open(final UnaryOperator<io.tickgate.gateway.GatewayContext> configure, final String... symbols)
    {
        h = new PublisherHarness(dir.resolve("journal"), configure);
        for (final String symbol : symbols)
        {
            h.tick(symbol);
        }
        h.cycle();
    }

    private PublisherHarness.Client connect(final boolean binary, final Grant grant)
    {
        final PublisherHarness.Client client = h.connect(binary, grant);
        h.cycle();
        return client;
    }

    private static Grant grant(final long exp, final boolean replay, final String... patterns)
    {
        return new Grant("ann", exp, SymbolPatterns.of(List.of(patterns)), 0, replay, false);
    }

    private static List<Object> codeSymbolsId(final Map<String, Object> error)
    {
        return List.of(error.get("code"), error.get("symbols"), error.get("id"));
    }
}
