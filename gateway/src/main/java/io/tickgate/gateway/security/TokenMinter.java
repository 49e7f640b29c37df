package io.tickgate.gateway.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.util.Date;
import java.util.List;

/**
 * Mints tokens that a {@link TokenVerifier} accepts: for {@code tickgate token}, tests and small deployments that
 * have no identity provider of their own. HS256 with the gateway's secret; tests pass an RS256 or ES256 signer.
 * <b>Note:</b> threadsafe.
 */
public final class TokenMinter
{
    private final JWSAlgorithm algorithm;
    private final JWSSigner signer;

    public TokenMinter(final JWSAlgorithm algorithm, final JWSSigner signer)
    {
        this.algorithm = algorithm;
        this.signer = signer;
    }

    /**
     * @param secret the gateway's HS256 secret, at least {@value TokenVerifier#MIN_SECRET_BYTES} bytes.
     */
    public static TokenMinter hs256(final byte[] secret)
    {
        try
        {
            return new TokenMinter(JWSAlgorithm.HS256, new MACSigner(secret));
        }
        catch (final JOSEException ex)
        {
            throw new IllegalArgumentException("an HS256 secret needs at least " + TokenVerifier.MIN_SECRET_BYTES +
                " bytes", ex);
        }
    }

    /**
     * @param subject          {@code sub}, or null for none.
     * @param symbols          {@code symbols} patterns, or null for every symbol.
     * @param delaySeconds     {@code delay}; 0 leaves the claim out (real time).
     * @param replay           {@code replay}.
     * @param admin            {@code admin}.
     * @param issuedAtSeconds  {@code iat}, seconds since the epoch.
     * @param expiresAtSeconds {@code exp}, seconds since the epoch.
     * @return the compact token.
     */
    public String mint(
        final String subject,
        final List<String> symbols,
        final long delaySeconds,
        final boolean replay,
        final boolean admin,
        final long issuedAtSeconds,
        final long expiresAtSeconds)
    {
        if (null != symbols)
        {
            SymbolPatterns.of(symbols);
        }
        final JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
            .subject(subject)
            .issueTime(new Date(issuedAtSeconds * 1000))
            .expirationTime(new Date(expiresAtSeconds * 1000))
            .claim("replay", replay)
            .claim("admin", admin);
        if (null != symbols)
        {
            claims.claim("symbols", symbols);
        }
        if (delaySeconds > 0)
        {
            claims.claim("delay", delaySeconds);
        }
        return sign(claims.build());
    }

    /**
     * @return {@code claims} signed, compact.
     */
    public String sign(final JWTClaimsSet claims)
    {
        final SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
        try
        {
            jwt.sign(signer);
        }
        catch (final JOSEException ex)
        {
            throw new IllegalStateException("signing failed: " + ex.getMessage(), ex);
        }
        return jwt.serialize();
    }
}
