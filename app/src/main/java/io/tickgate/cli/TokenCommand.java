package io.tickgate.cli;

import io.tickgate.gateway.security.SymbolPatterns;
import io.tickgate.gateway.security.TokenMinter;
import io.tickgate.gateway.security.TokenVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tickgate token}: mints an HS256 token that a gateway started with {@code --auth-hs256-secret-file} accepts,
 * for deployments without an identity provider of their own. The token alone goes to stdout, so it can be captured
 * ({@code TOKEN=$(tickgate token ...)}); every complaint goes to stderr with exit status 2.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Print a signed access token (HS256 JSON Web Token) for a gateway that uses the same secret file.")
final class TokenCommand implements Callable<Integer>
{
    private static final Pattern TTL = Pattern.compile("([1-9][0-9]{0,8})([smhd])");

    @Option(names = "--secret-file", required = true, paramLabel = "FILE", description = "The gateway's " +
        "--auth-hs256-secret-file: its bytes, as they are, are the key (at least 32).")
    Path secretFile;

    @Option(names = "--sub", description = "Subject (who the token is for), shown in the gateway's logs.")
    String subject;

    @Option(names = "--symbols", paramLabel = "A,B*", description = "Entitled symbols, comma-separated: exact " +
        "symbols or prefixes ending in * ('AAPL,EUR/*'); default: every symbol.")
    String symbols;

    @Option(names = "--delay", paramLabel = "SECONDS", description = "Show the market this many seconds late " +
        "(default: ${DEFAULT-VALUE}, real time).")
    long delaySeconds;

    @Option(names = "--ttl", description = "Lifetime: a number and s, m, h or d (30s, 15m, 8h, 2d) " +
        "(default: ${DEFAULT-VALUE}).")
    String ttl = "1h";

    @Option(names = "--no-replay", description = "Refuse op:replay to this token.")
    boolean noReplay;

    @Option(names = "--admin", description = "Allow this token to read /metrics.")
    boolean admin;

    @Spec
    CommandSpec spec;

    public Integer call()
    {
        final String token;
        try
        {
            final List<String> patterns = null == symbols ? null : parsePatterns(symbols);
            if (delaySeconds < 0)
            {
                throw new IllegalArgumentException("--delay must be 0 or more seconds, not " + delaySeconds);
            }
            final long ttlSeconds = parseTtlSeconds(ttl);
            final long now = System.currentTimeMillis() / 1000;
            token = minter(secretFile).mint(
                subject, patterns, delaySeconds, !noReplay, admin, now, now + ttlSeconds);
        }
        catch (final IllegalArgumentException ex)
        {
            spec.commandLine().getErr().println("tickgate token: " + ConfigSources.explain(ex.getMessage()));
            return ExportCommand.BAD_ARGUMENTS;
        }
        spec.commandLine().getOut().println(token);
        return 0;
    }

    /**
     * @param text as given to {@code --ttl}.
     * @return the lifetime in seconds.
     */
    static long parseTtlSeconds(final String text)
    {
        final Matcher matcher = TTL.matcher(text);
        if (!matcher.matches())
        {
            throw new IllegalArgumentException("--ttl: cannot read '" + text + "'; give a number and s, m, h or d " +
                "(30s, 15m, 8h, 2d)");
        }
        final long unit = switch (matcher.group(2))
        {
            case "s" -> 1;
            case "m" -> 60;
            case "h" -> 3_600;
            default -> 86_400;
        };
        return Long.parseLong(matcher.group(1)) * unit;
    }

    private static List<String> parsePatterns(final String list)
    {
        final List<String> patterns = new ArrayList<>();
        for (final String part : list.split(",", -1))
        {
            patterns.add(part.trim());
        }
        try
        {
            SymbolPatterns.of(patterns);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("--symbols: " + ex.getMessage() + " (each an exact symbol of 1-16 of " +
                "A-Z a-z 0-9 . _ : / - or such a prefix followed by *)", ex);
        }
        return patterns;
    }

    private static TokenMinter minter(final Path secretFile)
    {
        final byte[] secret;
        try
        {
            secret = Files.readAllBytes(secretFile);
        }
        catch (final NoSuchFileException ex)
        {
            throw new IllegalArgumentException("--secret-file: " + secretFile + " does not exist", ex);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("--secret-file: cannot read " + secretFile + ": " + ex.getMessage(), ex);
        }
        if (secret.length < TokenVerifier.MIN_SECRET_BYTES)
        {
            throw new IllegalArgumentException("--secret-file: " + secretFile + " holds " + secret.length +
                " bytes; an HS256 secret needs at least " + TokenVerifier.MIN_SECRET_BYTES);
        }
        return TokenMinter.hs256(secret);
    }
}
