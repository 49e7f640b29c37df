package io.tickgate.gateway.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Date;
import java.util.List;

/**
 * Checks JSON Web Tokens (RFC 7519) and turns their claims into a {@link Grant}. The key decides the one algorithm
 * accepted: HS256 for a shared secret, RS256 for an RSA public key, ES256 for a P-256 public key. A token naming
 * any other algorithm ({@code none} included) is refused before its signature is looked at, so a public key can
 * never be used as an HMAC secret (algorithm confusion). Signatures are checked by nimbus-jose-jwt; the times
 * against the caller's clock, with {@code skewSeconds} of tolerance either way.
 * <b>Note:</b> threadsafe: the IO threads verify handshakes and refreshes concurrently.
 */
public final class TokenVerifier
{
    /** The least HS256 secret, as RFC 7518 §3.2 requires: as many bytes as the hash. */
    public static final int MIN_SECRET_BYTES = 32;

    private final JWSAlgorithm algorithm;
    private final JWSVerifier verifier;
    private final long skewSeconds;

    private TokenVerifier(final JWSAlgorithm algorithm, final JWSVerifier verifier, final long skewSeconds)
    {
        this.algorithm = algorithm;
        this.verifier = verifier;
        this.skewSeconds = skewSeconds;
    }

    /**
     * @param secret the HMAC key: at least {@value #MIN_SECRET_BYTES} bytes.
     * @throws IllegalArgumentException when the secret is too short.
     */
    public static TokenVerifier hs256(final byte[] secret, final long skewSeconds)
    {
        if (secret.length < MIN_SECRET_BYTES)
        {
            throw new IllegalArgumentException("an HS256 secret needs at least " + MIN_SECRET_BYTES + " bytes, got " +
                secret.length);
        }
        try
        {
            return new TokenVerifier(JWSAlgorithm.HS256, new MACVerifier(secret), skewSeconds);
        }
        catch (final JOSEException ex)
        {
            throw new IllegalArgumentException(ex.getMessage(), ex);
        }
    }

    /**
     * @param key an RSA key (RS256) or an EC key on P-256 (ES256).
     * @throws IllegalArgumentException for any other key.
     */
    public static TokenVerifier publicKey(final PublicKey key, final long skewSeconds)
    {
        try
        {
            if (key instanceof RSAPublicKey rsa)
            {
                return new TokenVerifier(JWSAlgorithm.RS256, new RSASSAVerifier(rsa), skewSeconds);
            }
            if (key instanceof ECPublicKey ec && Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams())))
            {
                return new TokenVerifier(JWSAlgorithm.ES256, new ECDSAVerifier(ec), skewSeconds);
            }
        }
        catch (final JOSEException ex)
        {
            throw new IllegalArgumentException(ex.getMessage(), ex);
        }
        throw new IllegalArgumentException("the public key must be RSA (RS256) or EC on P-256 (ES256), not " +
            key.getAlgorithm());
    }

    /**
     * @param secretFile the HS256 secret: the file's bytes, as they are.
     * @throws IOException when it cannot be read.
     */
    public static TokenVerifier hs256File(final Path secretFile, final long skewSeconds) throws IOException
    {
        return hs256(Files.readAllBytes(secretFile), skewSeconds);
    }

    /**
     * @param pemFile a PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), RSA or EC P-256.
     * @throws IllegalArgumentException naming the file when it cannot be read or holds no such key.
     */
    public static TokenVerifier publicKeyFile(final Path pemFile, final long skewSeconds)
    {
        return publicKey(PemReader.publicKey(pemFile), skewSeconds);
    }

    /**
     * @return the one algorithm this verifier accepts.
     */
    public String algorithm()
    {
        return algorithm.getName();
    }

    /**
     * @param token      the compact JWS, as presented.
     * @param nowSeconds the gateway's clock, seconds since the epoch.
     * @return what the token grants.
     * @throws TokenRejectedException with the reason when it grants nothing.
     */
    public Grant verify(final String token, final long nowSeconds) throws TokenRejectedException
    {
        final SignedJWT jwt = signed(token);
        if (!algorithm.equals(jwt.getHeader().getAlgorithm()))
        {
            throw new TokenRejectedException("token algorithm " + jwt.getHeader().getAlgorithm() +
                " is not accepted (only " + algorithm + ")", false);
        }
        if (!verified(jwt))
        {
            throw new TokenRejectedException("bad token signature", false);
        }
        return grant(claims(jwt), nowSeconds);
    }

    /**
     * @return true when a grant that expires at {@code expiresAtSeconds} has expired at {@code nowSeconds}.
     */
    public boolean hasExpired(final long expiresAtSeconds, final long nowSeconds)
    {
        return nowSeconds > expiresAtSeconds + skewSeconds;
    }

    private Grant grant(final JWTClaimsSet claims, final long nowSeconds) throws TokenRejectedException
    {
        try
        {
            final Date exp = claims.getExpirationTime();
            if (null == exp)
            {
                throw new TokenRejectedException("token has no exp", false);
            }
            final long expSeconds = exp.getTime() / 1000;
            if (hasExpired(expSeconds, nowSeconds))
            {
                throw new TokenRejectedException("token expired", true);
            }
            final Date nbf = claims.getNotBeforeTime();
            if (null != nbf && nowSeconds + skewSeconds < nbf.getTime() / 1000)
            {
                throw new TokenRejectedException("token not valid yet", false);
            }
            final List<String> symbols = claims.getStringListClaim("symbols");
            return new Grant(
                claims.getSubject(),
                expSeconds,
                null == symbols ? SymbolPatterns.ALL : SymbolPatterns.of(symbols),
                delay(claims.getClaim("delay")),
                flag(claims.getBooleanClaim("replay"), true),
                flag(claims.getBooleanClaim("admin"), false));
        }
        catch (final ParseException | IllegalArgumentException ex)
        {
            throw new TokenRejectedException("bad token claims: " + ex.getMessage(), false);
        }
    }

    private static SignedJWT signed(final String token) throws TokenRejectedException
    {
        try
        {
            return SignedJWT.parse(token);
        }
        catch (final ParseException ex)
        {
            throw new TokenRejectedException("not a signed JSON Web Token: " + ex.getMessage(), false);
        }
    }

    private static JWTClaimsSet claims(final SignedJWT jwt) throws TokenRejectedException
    {
        try
        {
            return jwt.getJWTClaimsSet();
        }
        catch (final ParseException ex)
        {
            throw new TokenRejectedException("bad token claims: " + ex.getMessage(), false);
        }
    }

    private boolean verified(final SignedJWT jwt)
    {
        try
        {
            return jwt.verify(verifier);
        }
        catch (final JOSEException | IllegalStateException ex)
        {
            return false;
        }
    }

    private static long delay(final Object claim)
    {
        if (null == claim)
        {
            return 0;
        }
        if (claim instanceof Long || claim instanceof Integer)
        {
            final long delay = ((Number)claim).longValue();
            if (delay >= 0)
            {
                return delay;
            }
        }
        throw new IllegalArgumentException("delay must be a whole number of seconds >= 0, not " + claim);
    }

    private static boolean flag(final Boolean claim, final boolean absent)
    {
        return null == claim ? absent : claim;
    }
}
