package io.tickgate.cli;

import io.tickgate.gateway.ListeningLine;
import io.tickgate.testing.ChildJvm;
import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tickgate serve} as a real child process: it announces its ports, serves simulated ticks, stops cleanly on
 * SIGTERM (clients get 1001, exit status 0, no JVM warnings or stack traces), and a restart on the same journal
 * continues every symbol's seq.
 */
@Timeout(120)
class ServeProcessTest
{
    private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at [\\w$.<>/]+\\(.*\\)\\s*$");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void shouldServeStopOnSigtermAndContinueSeqsAfterRestart() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final Path logs = Files.createDirectories(dir.resolve("logs"));
        final Map<String, Long> lastSeqs = new HashMap<>();
        try (ChildJvm serve = serve(logs, journal))
        {
            final ListeningLine listening = awaitListening(serve);
            final int port = listening.httpPort();
            final int ingestPort = listening.ingestPort();
            assertTrue(port > 0 && ingestPort > 0 && port != ingestPort, listening::toString);

            try (WsClient client = WsClient.connect(port))
            {
                client.awaitType("welcome");
                client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"]}");
                client.awaitType("subscribed");
                awaitQuotes(client, 200);

                serve.process.destroy(); // SIGTERM
                final int[] close = client.closed.get(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertEquals(1001, close[0], () -> "close " + close[0] + " " + client.closeReason);
                assertEquals(0, serve.awaitExit(EXIT_TIMEOUT), serve::describe);

                client.assertFramesWellFormed();
                for (final Map<String, Object> quote : client.messages)
                {
                    if (quote.get("seq") instanceof Long)
                    {
                        lastSeqs.merge((String)quote.get("symbol"), (Long)quote.get("seq"), Math::max);
                    }
                }
            }
            assertCleanOutput(serve);
            assertTrue(serve.stdout().contains("shutting down"), serve::describe);
        }

        assertFalse(lastSeqs.isEmpty());
        final Map.Entry<String, Long> seen = lastSeqs.entrySet().stream()
            .max(Map.Entry.comparingByValue()).orElseThrow();
        try (ChildJvm again = serve(logs, journal))
        {
            final int port = awaitListening(again).httpPort();
            try (WsClient client = WsClient.connect(port))
            {
                client.send("{\"op\":\"subscribe\",\"symbols\":[\"" + seen.getKey() + "\"],\"mode\":\"full\"}");
                final Map<String, Object> snapshot = client.awaitType("snapshot");
                assertEquals(seen.getKey(), snapshot.get("symbol"));
                final long seq = (Long)snapshot.get("seq");
                assertTrue(seq >= seen.getValue(), () -> "snapshot seq " + seq + " after restart, but " +
                    seen.getValue() + " was seen before it for " + seen.getKey());

                // full mode from the snapshot on: the simulator's next ticks of it continue from there, one by one
                client.await(m -> client.ofType("tick").size() >= 3, "three ticks after the snapshot");
                long expected = seq;
                for (final Map<String, Object> tick : client.ofType("tick"))
                {
                    assertEquals(++expected, tick.get("seq"), () -> "full-mode gap: " + client.ofType("tick"));
                }
                assertTrue(expected > seq, "no ticks of " + seen.getKey() + " after the restart");

                again.process.destroy();
                assertEquals(1001, client.closed.get(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)[0]);
                assertEquals(0, again.awaitExit(EXIT_TIMEOUT), again::describe);
            }
            assertCleanOutput(again);
        }
    }

    @Test
    void shouldExitWithPicocliStatusThroughMain() throws Exception
    {
        final Path logs = Files.createDirectories(dir.resolve("logs"));
        try (ChildJvm help = Tickgate.start(logs, "serve", "--help"))
        {
            assertEquals(0, help.awaitExit(EXIT_TIMEOUT), help::describe);
            assertTrue(help.stdout().startsWith("Usage: tickgate serve"), help::describe);
        }
        try (ChildJvm bogus = Tickgate.start(logs, "serve", "--journal", dir.resolve("j").toString(), "--bogus"))
        {
            assertEquals(2, bogus.awaitExit(EXIT_TIMEOUT), bogus::describe);
            assertTrue(bogus.stderr().contains("Unknown option: '--bogus'"), bogus::describe);
            assertFalse(Files.exists(dir.resolve("j")), "no journal for a refused command line");
        }
        // safe by default: beyond loopback only when told so, naming the options that would make it safe
        try (ChildJvm open = Tickgate.start(logs, "serve", "--journal", dir.resolve("j").toString(),
            "--host", "0.0.0.0", "--port", "0"))
        {
            assertEquals(2, open.awaitExit(EXIT_TIMEOUT), open::describe);
            for (final String named : List.of("--insecure-no-auth", "--auth-hs256-secret-file", "--auth-public-key"))
            {
                assertTrue(open.stderr().contains(named), open::describe);
            }
            assertFalse(Files.exists(dir.resolve("j")), "no journal for a refused command line");
        }
        try (ChildJvm skew = Tickgate.start(logs, "serve", "--journal", dir.resolve("j").toString(),
            "--ingest-port", "0", "--max-ts-skew-ms", "-5"))
        {
            assertEquals(2, skew.awaitExit(EXIT_TIMEOUT), skew::describe);
            assertTrue(skew.stderr().contains("invalid --max-ts-skew-ms: -5"), skew::describe);
        }
    }

    static ChildJvm serve(final Path logs, final Path journal)
    {
        return Tickgate.start(logs, "serve", "--port", "0", "--ingest-port", "0", "--journal", journal.toString(),
            "--sim-symbols", "50", "--sim-rate", "2000", "--drain-ms", "0");
    }

    static ListeningLine awaitListening(final ChildJvm child)
    {
        return child.awaitStdout(ListeningLine::find, "listening http=P ingest=Q", START_TIMEOUT);
    }

    /**
     * No JVM warning (illegal access, Unsafe, native access, a missing --add-opens) and no stack trace anywhere.
     */
    static void assertCleanOutput(final ChildJvm child)
    {
        for (final String text : List.of(child.stdout(), child.stderr()))
        {
            for (final String line : text.split("\n"))
            {
                assertFalse(line.contains("WARNING"), () -> "JVM warning: " + line + "\n" + child.describe());
                assertFalse(line.startsWith("Exception in thread") || line.startsWith("Caused by:") ||
                    STACK_FRAME.matcher(line).matches(), () -> "stack trace: " + line + "\n" + child.describe());
            }
        }
    }

    private static void awaitQuotes(final WsClient client, final int count)
    {
        client.await(m -> client.ofType("tick").size() + client.ofType("snapshot").size() >= count,
            count + " quotes");
    }
}
