package io.tickgate.cli;

import io.tickgate.gateway.GatewayContext;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Token authentication and the per-address limit, shared by {@code serve} and {@code demo}; the key file is read and
 * checked by {@link GatewayContext#conclude()} (a bad one is status 2, naming its option).
 */
final class AuthOptions
{
    @Option(names = "--auth-hs256-secret-file", paramLabel = "FILE", description = "Clients need a JSON Web Token " +
        "signed HS256 with this secret (the file's bytes, at least 32).")
    Path hs256SecretFile;

    @Option(names = "--auth-public-key", paramLabel = "FILE", description = "Clients need a JSON Web Token signed by " +
        "the private half of this PEM public key: RS256 for RSA, ES256 for EC P-256.")
    Path publicKeyFile;

    @Option(names = "--auth-clock-skew-seconds", description = "How far a token's exp and nbf may be off this " +
        "machine's clock (default: ${DEFAULT-VALUE}).")
    long clockSkewSeconds = 30;

    @Option(names = "--max-connections-per-ip", description = "WebSocket connections open at once from one remote " +
        "address; past it a handshake gets HTTP 429 (default: ${DEFAULT-VALUE}).")
    int maxConnectionsPerIp = 1_000;

    GatewayContext applyTo(final GatewayContext ctx)
    {
        return ctx.authHs256SecretFile(hs256SecretFile).authPublicKeyFile(publicKeyFile)
            .authClockSkewSeconds(clockSkewSeconds).maxConnectionsPerIp(maxConnectionsPerIp);
    }
}
