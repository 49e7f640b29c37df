package io.tickgate.cli;

import io.tickgate.gateway.GatewayContext;
import io.tickgate.gateway.security.TokenMinter;
import io.tickgate.testing.ChildJvm;
import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tickgate serve} with token authentication: with a secret file it may listen beyond loopback (checked
 * in-process, without binding), a started one (on loopback) lets only clients with a token in, and a bad key file
 * is exit status 2 naming its option, before any journal is made.
 */
@Timeout(120)
class AuthServeTest
{
    private static final byte[] SECRET = "serve test secret, 32 bytes or more".getBytes(StandardCharsets.US_ASCII);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void aSecretFileAllowsANonLoopbackHost() throws Exception
    {
        final Path secret = Files.write(dir.resolve("secret"), SECRET);
        final GatewayOptions options = CommandLine.populateCommand(new GatewayOptions(), "--host", "0.0.0.0",
            "--auth-hs256-secret-file", secret.toString(), "--auth-clock-skew-seconds", "5",
            "--max-connections-per-ip", "7");
        final GatewayContext ctx = options.applyTo(new GatewayContext().journalDir(dir.resolve("j"))).conclude();
        assertEquals("0.0.0.0", ctx.host());
        assertEquals("HS256", ctx.tokenVerifier().algorithm());
        assertEquals(5, ctx.authClockSkewSeconds());
        assertEquals(7, ctx.maxConnectionsPerIp());
    }

    @Test
    void servesOnlyClientsWithATokenAndRefusesBadKeyFiles() throws Exception
    {
        final Path logs = Files.createDirectories(dir.resolve("logs"));
        final Path secret = Files.write(dir.resolve("secret"), SECRET);
        try (ChildJvm serve = Tickgate.start(logs, "serve", "--port", "0", "--journal", dir.resolve("j").toString(),
            "--sim-symbols", "5", "--auth-hs256-secret-file", secret.toString(), "--drain-ms", "0"))
        {
            final int port = ServeProcessTest.awaitListening(serve).httpPort();
            final CompletionException refused = assertThrows(CompletionException.class, () -> WsClient.connect(port));
            assertEquals(401, ((WebSocketHandshakeException)refused.getCause()).getResponse().statusCode());
            final long now = System.currentTimeMillis() / 1000;
            try (WsClient client = WsClient.connect(port, "?access_token=" +
                TokenMinter.hs256(SECRET).mint("ops", null, 0, true, false, now, now + 60), true))
            {
                assertEquals("ops", client.awaitType("welcome").get("sub"));
            }
            serve.process.destroy();
            assertEquals(0, serve.awaitExit(EXIT_TIMEOUT), serve::describe);
        }

        final Path shortSecret = Files.writeString(dir.resolve("short"), "too short");
        final List<List<String>> bad = List.of(
            List.of("--auth-hs256-secret-file", shortSecret.toString()),
            List.of("--auth-public-key", dir.resolve("missing.pem").toString()),
            List.of("--auth-public-key", secret.toString()));
        for (final List<String> args : bad)
        {
            final Path journal = dir.resolve("never");
            try (ChildJvm serve = Tickgate.start(logs, "serve", "--port", "0", "--host", "0.0.0.0", "--journal",
                journal.toString(), args.get(0), args.get(1)))
            {
                assertEquals(2, serve.awaitExit(EXIT_TIMEOUT), serve::describe);
                assertTrue(serve.stderr().contains("invalid " + args.get(0)), serve::describe);
                assertFalse(Files.exists(journal), "no journal for a refused command line");
            }
        }
    }
}
