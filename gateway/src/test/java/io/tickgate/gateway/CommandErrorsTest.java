package io.tickgate.gateway;

import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every refused command gets its error code, is counted, and leaves the connection (and everyone else's) working.
 */
@Timeout(60)
class CommandErrorsTest
{
    @TempDir
    Path dir;
    private GatewayFixture fixture;

    @BeforeEach
    void start()
    {
        fixture = new GatewayFixture(dir, ctx -> ctx
            .maxSymbolsPerConnection(2)
            .maxCommandsPerSecond(5)
            .commandBurst(5)
            .refusedCommandsBeforeClose(30)
            .maxCommandBytes(1024));
        fixture.tick("AAPL", "1");
        fixture.tick("MSFT", "2");
        fixture.tick("IBM", "3");
    }

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "[1,2]",
        "{\"op\":",
        "{\"symbols\":[\"AAPL\"]}",
        "{\"op\":\"dance\"}",
        "{\"op\":7}",
        "{\"op\":\"subscribe\"}",
        "{\"op\":\"subscribe\",\"symbols\":\"AAPL\"}",
        "{\"op\":\"subscribe\",\"symbols\":[]}",
        "{\"op\":\"subscribe\",\"symbols\":[1]}",
        "{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"turbo\"}",
        "{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":3}",
        "{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"maxRate\":\"fast\"}",
        "{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"maxRate\":0}",
        "{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"maxRate\":-1}",
        "{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\",\"maxRate\":4}",
        "{\"op\":\"subscribe\",\"symbols\":[\"THIS_IS_WAY_TOO_LONG\"]}",
        "{\"op\":\"subscribe\",\"symbols\":[\"BAD SYMBOL\"]}",
        "{\"op\":\"subscribe\",\"symbols\":[\"\"]}",
        "{\"op\":\"unsubscribe\",\"symbols\":[\"ÄPPL\"]}"
    })
    void shouldRefuseBadRequestsAndKeepTheConnection(final String command)
    {
        try (WsClient client = WsClient.connect(fixture.port()))
        {
            client.send(command);
            final Map<String, Object> error = client.awaitType("error");
            assertEquals("BAD_REQUEST", error.get("code"));
            assertTrue(error.get("message") instanceof String && !((String)error.get("message")).isEmpty());
            assertTrue(client.ofType("subscribed").isEmpty(), "nothing subscribed");
            assertConnectionStillServes(client);
        }
        assertTrue(fixture.gateway().metricsText().contains("tickgate_command_errors_total{code=\"BAD_REQUEST\"} 1"));
    }

    @Test
    void shouldEchoIdOnErrors()
    {
        try (WsClient client = WsClient.connect(fixture.port()))
        {
            client.send("{\"op\":\"dance\",\"id\":\"x-1\"}");
            assertEquals("x-1", client.awaitType("error").get("id"));
        }
    }

    @Test
    void shouldAcceptTheValidPartOfACommand()
    {
        try (WsClient client = WsClient.connect(fixture.port()))
        {
            client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"NOPE\",\"bad symbol\"],\"id\":3}");
            final Map<String, Object> subscribed = client.awaitType("subscribed");
            assertEquals(List.of("AAPL"), subscribed.get("symbols"));
            final Map<String, Object> unknown = client.await(m -> "UNKNOWN_SYMBOL".equals(m.get("code")), "unknown");
            assertEquals(List.of("NOPE"), unknown.get("symbols"));
            assertEquals(3L, unknown.get("id"));
            final Map<String, Object> bad = client.await(m -> "BAD_REQUEST".equals(m.get("code")), "bad");
            assertEquals(List.of("bad symbol"), bad.get("symbols"));
            client.awaitType("snapshot");
        }
    }

    @Test
    void shouldLimitSymbolsPerConnection()
    {
        try (WsClient client = WsClient.connect(fixture.port()))
        {
            client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"MSFT\",\"IBM\"]}");
            final Map<String, Object> limit = client.await(m -> "LIMIT".equals(m.get("code")), "LIMIT");
            assertEquals(List.of("IBM"), limit.get("symbols"));
            assertEquals(List.of("AAPL", "MSFT"), client.awaitType("subscribed").get("symbols"));
            assertConnectionStillServes(client);
        }
    }

    @Test
    void shouldRefuseOversizedFrames()
    {
        try (WsClient client = WsClient.connect(fixture.port()))
        {
            client.send("{\"op\":\"ping\",\"pad\":\"" + "x".repeat(2000) + "\"}");
            final Map<String, Object> error = client.awaitType("error");
            assertEquals("LIMIT", error.get("code"));
            assertConnectionStillServes(client);
        }
    }

    @Test
    void shouldRefuseBinaryCommands()
    {
        try (WsClient client = WsClient.connect(fixture.port()))
        {
            client.sendBinary(new byte[]{ 1, 2, 3 });
            assertEquals("BAD_REQUEST", client.awaitType("error").get("code"));
            assertConnectionStillServes(client);
        }
    }

    /**
     * Whatever a frame holds — a command, a binary frame, a text frame over the size limit — it counts against the
     * rate, so none of them can flood the publisher's queue.
     */
    @ParameterizedTest
    @ValueSource(strings = { "ping", "binary", "oversize" })
    void shouldLimitCommandRateThenCloseAbusers(final String frames)
    {
        try (WsClient abuser = WsClient.connect(fixture.port());
            WsClient bystander = WsClient.connect(fixture.port()))
        {
            bystander.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
            bystander.awaitType("snapshot");
            for (int i = 0; i < 10; i++)
            {
                sendAbusive(abuser, frames, i);
            }
            final Map<String, Object> limit = abuser.await(m -> "LIMIT".equals(m.get("code")) &&
                ((String)m.get("message")).contains("too fast"), "rate LIMIT");
            assertTrue(((String)limit.get("message")).contains("at most 5 per second"));

            try
            {
                for (int i = 0; i < 60 && !abuser.closed.isDone(); i++)
                {
                    sendAbusive(abuser, frames, i);
                }
            }
            catch (final java.util.concurrent.CompletionException ex)
            {
                // the gateway closed the connection while the client was still sending: what comes next says why
            }
            assertEquals(1008, abuser.closed.join()[0]);
            // frames it sent after the cut-off are dropped, not cut off (counted, logged) again
            assertEquals(1, fixture.metric("tickgate_cutoffs_total{reason=\"abuse\"}"));

            fixture.tick("AAPL", "5");
            bystander.await(m -> "tick".equals(m.get("type")), "the bystander's tick");
        }
    }

    private static void sendAbusive(final WsClient client, final String frames, final int i)
    {
        switch (frames)
        {
            case "binary" -> client.sendBinary(new byte[]{ 1, 2, 3 });
            case "oversize" -> client.send("{\"op\":\"ping\",\"pad\":\"" + "x".repeat(2000) + "\"}");
            default -> client.send("{\"op\":\"ping\",\"id\":" + i + "}");
        }
    }

    private static void assertConnectionStillServes(final WsClient client)
    {
        client.send("{\"op\":\"ping\",\"id\":\"alive\"}");
        client.await(m -> "pong".equals(m.get("type")) && "alive".equals(m.get("id")), "pong after the error");
        client.assertFramesWellFormed();
    }
}
