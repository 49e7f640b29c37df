package io.tickgate.cli;

import io.tickgate.testing.ChildJvm;
import io.tickgate.testing.Json;
import io.tickgate.testing.RawWsClient;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * SIGTERM drains a real {@code tickgate serve} process: {@code /health} answers 503 {@code draining} within 100 ms of
 * the signal, a new handshake is refused with 503, every client (JSON and binary) is told {@code draining} and served
 * on, then closed with 1001 once {@code --drain-ms} has passed, and the process exits 0. A second SIGTERM during the
 * drain stops it at once.
 */
@Timeout(120)
class DrainProcessTest
{
    private static final long DRAIN_MS = 3_000;
    private static final long HEALTH_BOUND_MS = 100;
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void sigtermDrainsThenClosesWith1001AndExitsZero() throws Exception
    {
        final Path logs = Files.createDirectories(dir.resolve("logs"));
        try (ChildJvm serve = serve(logs, DRAIN_MS))
        {
            final int port = ServeProcessTest.awaitListening(serve).httpPort();
            try (WsClient json = subscribed(WsClient.connect(port));
                WsClient binary = subscribed(WsClient.connect(port, "?format=binary", true)))
            {
                assertEquals(200, health(port).statusCode()); // the keep-alive connection the polls below reuse

                final long killedNs = System.nanoTime();
                final long killedMs = System.currentTimeMillis();
                serve.process.destroy(); // SIGTERM
                HttpResponse<String> health;
                final StringBuilder polls = new StringBuilder();
                do
                {
                    health = health(port);
                    polls.append(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - killedNs)).append(' ');
                }
                while (200 == health.statusCode() && System.nanoTime() - killedNs < TimeUnit.SECONDS.toNanos(10));
                final long healthMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedNs);
                System.out.println("/health answered " + health.statusCode() + " " + healthMs + " ms after SIGTERM; " +
                    "polls done at (us) " + polls);
                assertEquals(503, health.statusCode(), health.body());
                assertEquals("draining", ((Map<?, ?>)Json.parse(health.body())).get("status"));
                assertTrue(healthMs <= HEALTH_BOUND_MS, () -> "/health turned 503 only after " + healthMs + " ms");

                final String refused;
                try (RawWsClient raw = RawWsClient.open(port))
                {
                    refused = raw.handshake(port, "", "13");
                }
                assertTrue(refused.startsWith("HTTP/1.1 503") && refused.contains("Retry-After: 3"), refused);

                for (final WsClient client : List.of(json, binary))
                {
                    final Map<String, Object> draining = client.awaitType("draining");
                    final long after = (Long)draining.get("reconnectAfterMs");
                    assertTrue(after >= 0 && after < DRAIN_MS / 2, draining::toString);
                    // served on: quotes keep coming after the draining message
                    final int told = client.messages.indexOf(draining);
                    client.await(m -> client.messages.size() > told + 20, "quotes after draining");
                    assertEquals(1001, client.closed.get(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)[0]);
                    final long closedMs = System.currentTimeMillis();
                    assertTrue(closedMs - killedMs >= DRAIN_MS, () -> "closed " + (closedMs - killedMs) + " ms after " +
                        "SIGTERM, before the drain's " + DRAIN_MS + " ms");
                }
                assertEquals(0, serve.awaitExit(EXIT_TIMEOUT), serve::describe);
                json.assertFramesWellFormed();
            }
            ServeProcessTest.assertCleanOutput(serve);
            assertTrue(serve.stdout().contains("draining for " + DRAIN_MS + " ms"), serve::describe);
        }
    }

    @Test
    void aSecondSigtermDuringTheDrainStopsAtOnce() throws Exception
    {
        final Path logs = Files.createDirectories(dir.resolve("logs"));
        try (ChildJvm serve = serve(logs, 600_000))
        {
            final int port = ServeProcessTest.awaitListening(serve).httpPort();
            try (WsClient client = subscribed(WsClient.connect(port)))
            {
                serve.process.destroy();
                client.awaitType("draining");
                serve.awaitStdout(Pattern.compile("draining for .*"), EXIT_TIMEOUT);
                assertTrue(serve.process.isAlive());
                serve.process.destroy();
                // far short of the ten-minute drain
                assertEquals(1001, client.closed.get(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)[0]);
                assertEquals(0, serve.awaitExit(EXIT_TIMEOUT), serve::describe);
            }
            ServeProcessTest.assertCleanOutput(serve);
        }
    }

    @Test
    void aBadDrainMsIsRefusedWithExitTwo() throws Exception
    {
        final Path logs = Files.createDirectories(dir.resolve("logs"));
        for (final String bad : List.of("-1", "600001", "soon"))
        {
            try (ChildJvm serve = Tickgate.start(logs, "serve", "--port", "0", "--journal",
                dir.resolve("j").toString(), "--drain-ms", bad))
            {
                assertEquals(2, serve.awaitExit(EXIT_TIMEOUT), serve::describe);
                assertTrue(serve.stderr().contains("--drain-ms"), serve::describe);
            }
        }
    }

    private static ChildJvm serve(final Path logs, final long drainMs)
    {
        return Tickgate.start(logs, "serve", "--port", "0", "--journal", logs.resolveSibling("journal").toString(),
            "--sim-symbols", "20", "--sim-rate", "2000", "--drain-ms", Long.toString(drainMs));
    }

    private static WsClient subscribed(final WsClient client)
    {
        client.awaitType("welcome");
        client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"mode\":\"full\"}");
        client.awaitType("subscribed");
        return client;
    }

    private static HttpResponse<String> health(final int port)
    {
        try
        {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return fail(ex);
        }
    }
}
