package io.tickgate.perf.jmh;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import io.tickgate.gateway.security.Grant;
import io.tickgate.gateway.security.TokenMinter;
import io.tickgate.gateway.security.TokenRejectedException;
import io.tickgate.gateway.security.TokenVerifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What checking a token costs the IO thread at each WebSocket handshake (and each {@code op:auth} refresh): parse,
 * signature, claims, for each algorithm the gateway accepts. A token with the claims a desk would give: a subject,
 * five symbol patterns, a delay. Not on the tick path: the publisher never verifies tokens.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class TokenVerifyBenchmark
{
    private static final long NOW = 1_800_000_000L;
    private static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "EUR/*", "GBP/*", "BTC-*");

    @Param({ "HS256", "RS256", "ES256" })
    String algorithm;

    private TokenVerifier verifier;
    private String token;

    @Setup
    public void setUp() throws GeneralSecurityException, JOSEException
    {
        final TokenMinter minter;
        switch (algorithm)
        {
            case "HS256" ->
            {
                final byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
                verifier = TokenVerifier.hs256(secret, 30);
                minter = TokenMinter.hs256(secret);
            }
            case "RS256" ->
            {
                final KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                final KeyPair pair = generator.generateKeyPair();
                verifier = TokenVerifier.publicKey(pair.getPublic(), 30);
                minter = new TokenMinter(JWSAlgorithm.RS256, new RSASSASigner(pair.getPrivate()));
            }
            default ->
            {
                final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                final KeyPair pair = generator.generateKeyPair();
                verifier = TokenVerifier.publicKey(pair.getPublic(), 30);
                minter = new TokenMinter(JWSAlgorithm.ES256, new ECDSASigner((ECPrivateKey)pair.getPrivate()));
            }
        }
        token = minter.mint("alice", SYMBOLS, 900, true, false, NOW, NOW + 8 * 3600);
    }

    @Benchmark
    public Grant verify() throws TokenRejectedException
    {
        return verifier.verify(token, NOW);
    }
}
