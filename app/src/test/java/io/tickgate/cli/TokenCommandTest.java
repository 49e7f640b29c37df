package io.tickgate.cli;

import com.nimbusds.jwt.SignedJWT;
import io.tickgate.gateway.security.Grant;
import io.tickgate.gateway.security.TokenVerifier;
import io.tickgate.testing.ChildJvm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tickgate token}: what it prints is a token the gateway's own {@link TokenVerifier} accepts with the claims
 * asked for, and nothing else; bad values exit 2 naming the option. In-process through picocli, and once as a child
 * JVM the way an operator runs it ({@code TOKEN=$(tickgate token ...)}).
 */
@Timeout(60)
class TokenCommandTest
{
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef-test".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;
    private Path secretFile;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void secret() throws Exception
    {
        secretFile = Files.write(dir.resolve("secret"), SECRET);
    }

    @Test
    void shouldMintATokenCarryingTheClaims() throws Exception
    {
        assertEquals(0, execute("token", "--secret-file", secretFile.toString(), "--sub", "alice",
            "--symbols", "AAPL, EUR/*", "--delay", "900", "--ttl", "8h", "--no-replay", "--admin"), err::toString);
        assertEquals("", err.toString());
        final String token = singleLine(out.toString());

        final Grant grant = TokenVerifier.hs256(SECRET, 0).verify(token, System.currentTimeMillis() / 1000);
        assertEquals("alice", grant.subject());
        assertEquals(List.of("AAPL", "EUR/*"), grant.symbols().patterns());
        assertTrue(grant.entitles("EUR/USD"));
        assertFalse(grant.entitles("MSFT"));
        assertEquals(900, grant.delaySeconds());
        assertFalse(grant.replay());
        assertTrue(grant.admin());
        assertEquals(TimeUnit.HOURS.toSeconds(8), lifetimeSeconds(token));
    }

    @Test
    void shouldDefaultToEverySymbolInRealTimeWithReplayForAnHour() throws Exception
    {
        assertEquals(0, execute("token", "--secret-file", secretFile.toString()), err::toString);
        final String token = singleLine(out.toString());

        final Grant grant = TokenVerifier.hs256(SECRET, 0).verify(token, System.currentTimeMillis() / 1000);
        assertEquals(null, grant.subject());
        assertTrue(grant.symbols().isAll());
        assertEquals(0, grant.delaySeconds());
        assertTrue(grant.replay());
        assertFalse(grant.admin());
        assertEquals(3_600, lifetimeSeconds(token));
    }

    @ParameterizedTest
    @CsvSource({ "30s, 30", "15m, 900", "8h, 28800", "2d, 172800" })
    void shouldReadTtlUnits(final String ttl, final long seconds)
    {
        assertEquals(seconds, TokenCommand.parseTtlSeconds(ttl));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--ttl|8|--ttl",
        "--ttl|0s|--ttl",
        "--ttl|-1h|--ttl",
        "--ttl|1w|--ttl",
        "--ttl|h|--ttl",
        "--ttl|9999999999d|--ttl",
        "--delay|-1|--delay",
        "--delay|soon|--delay",
        "--symbols|AAPL,BAD SYMBOL|--symbols",
        "--symbols|AAPL,,MSFT|--symbols",
        "--symbols|EU*R|--symbols",
        "--symbols|''|--symbols",
    })
    void shouldRefuseBadValuesNamingTheOption(final String option, final String value, final String named)
    {
        final int status = execute("token", "--secret-file", secretFile.toString(), option, value);
        assertEquals(2, status, err::toString);
        assertTrue(err.toString().contains(named), err::toString);
        assertEquals("", out.toString());
    }

    @Test
    void shouldRefuseAShortOrMissingSecretFile() throws Exception
    {
        final Path shortSecret = Files.write(dir.resolve("short"), new byte[TokenVerifier.MIN_SECRET_BYTES - 1]);
        assertEquals(2, execute("token", "--secret-file", shortSecret.toString()));
        assertTrue(err.toString().contains("--secret-file") && err.toString().contains("at least 32"),
            err::toString);

        err.getBuffer().setLength(0);
        assertEquals(2, execute("token", "--secret-file", dir.resolve("absent").toString()));
        assertTrue(err.toString().contains("--secret-file") && err.toString().contains("does not exist"),
            err::toString);

        err.getBuffer().setLength(0);
        assertEquals(2, execute("token"));
        assertTrue(err.toString().contains("--secret-file"), err::toString);
        assertEquals("", out.toString());
    }

    @Test
    void shouldPrintOnlyTheTokenAsAProcess() throws Exception
    {
        final Path logs = Files.createDirectories(dir.resolve("logs"));
        try (ChildJvm child = Tickgate.start(logs, "token", "--secret-file", secretFile.toString(), "--sub", "bob",
            "--symbols", "MSFT", "--ttl", "15m"))
        {
            assertTrue(child.process.waitFor(30, TimeUnit.SECONDS), "tickgate token did not exit");
            assertEquals(0, child.process.exitValue(), () -> read(child.stderr));
            final String token = singleLine(read(child.stdout));
            final Grant grant = TokenVerifier.hs256(SECRET, 0).verify(token, System.currentTimeMillis() / 1000);
            assertEquals("bob", grant.subject());
            assertEquals(List.of("MSFT"), grant.symbols().patterns());
            assertEquals(900, lifetimeSeconds(token));
        }
        try (ChildJvm child = Tickgate.start(logs, "token", "--secret-file", secretFile.toString(), "--ttl", "8x"))
        {
            assertTrue(child.process.waitFor(30, TimeUnit.SECONDS), "tickgate token did not exit");
            assertEquals(2, child.process.exitValue());
            assertEquals("", read(child.stdout));
            assertTrue(read(child.stderr).contains("--ttl"), () -> read(child.stderr));
        }
    }

    private static String singleLine(final String printed)
    {
        assertTrue(printed.endsWith("\n"), printed);
        final String token = printed.substring(0, printed.length() - 1);
        assertFalse(token.contains("\n"), printed);
        assertEquals(3, token.split("\\.", -1).length, printed);
        return token;
    }

    private static long lifetimeSeconds(final String token) throws Exception
    {
        final var claims = SignedJWT.parse(token).getJWTClaimsSet();
        return (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000;
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private int execute(final String... args)
    {
        final CommandLine cli = new CommandLine(new TickgateCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        return cli.execute(args);
    }
}
