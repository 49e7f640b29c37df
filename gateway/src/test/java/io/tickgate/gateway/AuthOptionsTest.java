package io.tickgate.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The authentication options as {@link GatewayContext#conclude()} checks them: the verifier is built at start, and a
 * key file that is missing, short or not a key is refused naming its option; with a key, a non-loopback host is fine.
 */
class AuthOptionsTest
{
    @TempDir
    Path dir;

    @Test
    void refusesBadKeyFilesAndValuesNamingTheOption() throws IOException
    {
        final Path shortSecret = Files.writeString(dir.resolve("short"), "only 20 bytes long..");
        final Path secret = Files.write(dir.resolve("secret"), AuthGateway.SECRET);
        final Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5" +
            "\n-----END PUBLIC KEY-----\n");
        final Path noPem = Files.writeString(dir.resolve("none.pem"), "hello");
        final List<Case> cases = List.of(
            new Case("--auth-hs256-secret-file", ctx -> ctx.authHs256SecretFile(dir.resolve("missing"))),
            new Case("--auth-hs256-secret-file", ctx -> ctx.authHs256SecretFile(shortSecret)),
            new Case("--auth-public-key", ctx -> ctx.authPublicKeyFile(garbage)),
            new Case("--auth-public-key", ctx -> ctx.authPublicKeyFile(noPem)),
            new Case("--auth-public-key", ctx -> ctx.authPublicKeyFile(secret).authHs256SecretFile(secret)),
            new Case("--auth-clock-skew-seconds", ctx -> ctx.authHs256SecretFile(secret).authClockSkewSeconds(-1)),
            new Case("--max-command-bytes", ctx -> ctx.authHs256SecretFile(secret).maxCommandBytes(1024)),
            new Case("--max-connections-per-ip", ctx -> ctx.maxConnectionsPerIp(0)));
        for (final Case bad : cases)
        {
            final GatewayContext ctx = bad.configure.apply(new GatewayContext().journalDir(dir));
            final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, ctx::conclude);
            assertTrue(error.getMessage().contains(bad.option), error.getMessage());
        }
    }

    @Test
    void withAKeyANonLoopbackHostIsFine() throws IOException
    {
        final Path secret = Files.write(dir.resolve("secret"), AuthGateway.SECRET);
        final GatewayContext ctx = new GatewayContext().journalDir(dir).host("0.0.0.0").authHs256SecretFile(secret)
            .conclude();
        assertNotNull(ctx.tokenVerifier());
        assertEquals("HS256", ctx.tokenVerifier().algorithm());
        assertNull(new GatewayContext().journalDir(dir).conclude().tokenVerifier(), "off unless a key is given");
        final IllegalArgumentException open = assertThrows(IllegalArgumentException.class,
            () -> new GatewayContext().journalDir(dir).host("0.0.0.0").conclude());
        for (final String named : List.of("--auth-hs256-secret-file", "--auth-public-key", "--insecure-no-auth"))
        {
            assertTrue(open.getMessage().contains(named), open.getMessage());
        }
    }

    private record Case(String option, UnaryOperator<GatewayContext> configure)
    {
    }
}
