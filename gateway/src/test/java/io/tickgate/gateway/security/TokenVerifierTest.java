package io.tickgate.gateway.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenVerifierTest
{
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final long NOW = 1_800_000_000L;
    private static final long SKEW = 30;

    private final TokenVerifier hs256 = TokenVerifier.hs256(SECRET, SKEW);
    private final TokenMinter minter = TokenMinter.hs256(SECRET);

    @TempDir
    Path dir;

    @Test
    void grantsTheClaimsOfAGoodToken() throws Exception
    {
        final Grant grant = hs256.verify(
            minter.mint("alice", List.of("AAPL", "EUR/*"), 900, false, true, NOW, NOW + 60), NOW);
        assertEquals("alice", grant.subject());
        assertEquals(NOW + 60, grant.expiresAtSeconds());
        assertEquals(900, grant.delaySeconds());
        assertFalse(grant.replay());
        assertTrue(grant.admin());
        assertTrue(grant.entitles("AAPL"));
        assertTrue(grant.entitles("EUR/USD"));
        assertFalse(grant.entitles("AAPLX"));
        assertFalse(grant.entitles("MSFT"));
    }

    @Test
    void absentClaimsTakeTheirDefaults() throws Exception
    {
        final Grant grant = hs256.verify(sign(new JWTClaimsSet.Builder().expirationTime(at(NOW + 5)).build()), NOW);
        assertTrue(grant.symbols().isAll());
        assertEquals(0, grant.delaySeconds());
        assertTrue(grant.replay());
        assertFalse(grant.admin());
        assertEquals("-", grant.who());
    }

    @Test
    void refusesABadSignature() throws Exception
    {
        final String token = TokenMinter.hs256("another secret of at least 32 bytes!".getBytes(StandardCharsets.UTF_8))
            .mint("eve", null, 0, true, true, NOW, NOW + 60);
        assertRefused(hs256, token, "signature", false);
    }

    @Test
    void refusesATamperedPayload() throws Exception
    {
        final String[] parts = minter.mint("bob", List.of("AAPL"), 0, true, false, NOW, NOW + 60).split("\\.");
        final String payload = Base64URL.encode(("{\"sub\":\"bob\",\"exp\":" + (NOW + 60) + ",\"admin\":true}")
            .getBytes(StandardCharsets.UTF_8)).toString();
        assertRefused(hs256, parts[0] + "." + payload + "." + parts[2], "signature", false);
    }

    @Test
    void refusesAlgNone()
    {
        final String header = Base64URL.encode("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)).toString();
        final String payload = Base64URL.encode(("{\"exp\":" + (NOW + 60) + "}").getBytes(StandardCharsets.UTF_8))
            .toString();
        assertRefused(hs256, header + "." + payload + ".", "not a signed", false);
    }

    @Test
    void refusesAnotherHmacAlgorithm() throws Exception
    {
        final String token = new TokenMinter(JWSAlgorithm.HS512, new MACSigner(
            "a secret of at least sixty-four bytes for HS512, which wants a long key!!".getBytes(
                StandardCharsets.UTF_8)))
            .mint("eve", null, 0, true, true, NOW, NOW + 60);
        assertRefused(hs256, token, "HS512", false);
    }

    @Test
    void refusesAlgorithmConfusionTheHmacKeyedWithThePublicKey() throws Exception
    {
        final KeyPair rsa = rsa();
        final TokenVerifier verifier = TokenVerifier.publicKey(rsa.getPublic(), SKEW);
        // the classic attack: an HS256 token whose "secret" is the public key the gateway holds
        final String forged = new TokenMinter(JWSAlgorithm.HS256, new MACSigner(rsa.getPublic().getEncoded()))
            .mint("eve", null, 0, true, true, NOW, NOW + 60);
        assertRefused(verifier, forged, "HS256", false);
    }

    @Test
    void refusesExpiredTokensPastTheSkewOnly() throws Exception
    {
        final String token = minter.mint("carol", null, 0, true, false, NOW - 100, NOW - 10);
        assertEquals("carol", hs256.verify(token, NOW).subject());
        assertRefused(hs256, minter.mint("carol", null, 0, true, false, NOW - 100, NOW - SKEW - 1), "expired", true);
        assertTrue(hs256.hasExpired(NOW, NOW + SKEW + 1));
        assertFalse(hs256.hasExpired(NOW, NOW + SKEW));
    }

    @Test
    void refusesTokensNotValidYet() throws Exception
    {
        final JWTClaimsSet early = new JWTClaimsSet.Builder()
            .expirationTime(at(NOW + 600)).notBeforeTime(at(NOW + SKEW + 5)).build();
        assertRefused(hs256, sign(early), "not valid yet", false);
        final JWTClaimsSet withinSkew = new JWTClaimsSet.Builder()
            .expirationTime(at(NOW + 600)).notBeforeTime(at(NOW + SKEW)).build();
        hs256.verify(sign(withinSkew), NOW);
    }

    @Test
    void refusesBadClaims() throws Exception
    {
        assertRefused(hs256, sign(new JWTClaimsSet.Builder().subject("x").build()), "no exp", false);
        assertRefused(hs256, sign(claims().claim("exp", "tomorrow").build()), "claims", false);
        assertRefused(hs256, sign(claims().claim("delay", -1).build()), "delay", false);
        assertRefused(hs256, sign(claims().claim("delay", 1.5).build()), "delay", false);
        assertRefused(hs256, sign(claims().claim("delay", "900").build()), "delay", false);
        assertRefused(hs256, sign(claims().claim("replay", "yes").build()), "claims", false);
        assertRefused(hs256, sign(claims().claim("admin", 1).build()), "claims", false);
        assertRefused(hs256, sign(claims().claim("symbols", "AAPL").build()), "claims", false);
        assertRefused(hs256, sign(claims().claim("symbols", List.of("AA*PL")).build()), "AA*PL", false);
        assertRefused(hs256, sign(claims().claim("symbols", List.of("")).build()), "pattern", false);
        assertRefused(hs256, sign(claims().claim("symbols", List.of("bad symbol")).build()), "pattern", false);
        assertRefused(hs256, "", "not a signed", false);
        assertRefused(hs256, "a.b.c", "not a signed", false);
        assertRefused(hs256, "x".repeat(100), "not a signed", false);
    }

    @Test
    void refusesSecretsShorterThan32Bytes()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> TokenVerifier.hs256(new byte[31], SKEW));
        assertTrue(ex.getMessage().contains("32 bytes"), ex.getMessage());
    }

    @Test
    void verifiesRs256WithAPemPublicKey() throws Exception
    {
        final KeyPair rsa = rsa();
        final TokenVerifier verifier = TokenVerifier.publicKeyFile(pem(rsa), SKEW);
        assertEquals("RS256", verifier.algorithm());
        final TokenMinter signer = new TokenMinter(JWSAlgorithm.RS256, new RSASSASigner(rsa.getPrivate()));
        assertEquals("dave", verifier.verify(signer.mint("dave", null, 0, true, false, NOW, NOW + 60), NOW).subject());
        // an HS256 token is refused by an RS256 gateway, whatever it is signed with
        assertRefused(verifier, minter.mint("eve", null, 0, true, true, NOW, NOW + 60), "HS256", false);
    }

    @Test
    void verifiesEs256WithAPemPublicKey() throws Exception
    {
        final KeyPair ec = ec("secp256r1");
        final TokenVerifier verifier = TokenVerifier.publicKeyFile(pem(ec), SKEW);
        assertEquals("ES256", verifier.algorithm());
        final TokenMinter signer = new TokenMinter(JWSAlgorithm.ES256, new ECDSASigner((ECPrivateKey)ec.getPrivate()));
        assertEquals("erin", verifier.verify(signer.mint("erin", null, 0, true, false, NOW, NOW + 60), NOW).subject());
        final KeyPair other = ec("secp256r1");
        final String foreign = new TokenMinter(JWSAlgorithm.ES256, new ECDSASigner((ECPrivateKey)other.getPrivate()))
            .mint("eve", null, 0, true, true, NOW, NOW + 60);
        assertRefused(verifier, foreign, "signature", false);
    }

    @Test
    void refusesKeysItCannotUse() throws Exception
    {
        final IllegalArgumentException curve = assertThrows(IllegalArgumentException.class,
            () -> TokenVerifier.publicKeyFile(pem(ec("secp384r1")), SKEW));
        assertTrue(curve.getMessage().contains("P-256"), curve.getMessage());
        final Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a key");
        final IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
            () -> TokenVerifier.publicKeyFile(garbage, SKEW));
        assertTrue(none.getMessage().contains("BEGIN PUBLIC KEY"), none.getMessage());
        final Path badBase64 = Files.writeString(dir.resolve("bad.pem"),
            "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n");
        assertThrows(IllegalArgumentException.class, () -> TokenVerifier.publicKeyFile(badBase64, SKEW));
        final Path notAKey = Files.writeString(dir.resolve("nokey.pem"),
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        assertThrows(IllegalArgumentException.class, () -> TokenVerifier.publicKeyFile(notAKey, SKEW));
    }

    private static void assertRefused(
        final TokenVerifier verifier, final String token, final String why, final boolean expired)
    {
        final TokenRejectedException ex = assertThrows(TokenRejectedException.class, () -> verifier.verify(token, NOW));
        assertTrue(ex.getMessage().contains(why), ex.getMessage());
        assertEquals(expired, ex.isExpired());
    }

    private static JWTClaimsSet.Builder claims()
    {
        return new JWTClaimsSet.Builder().expirationTime(at(NOW + 60));
    }

    private String sign(final JWTClaimsSet claims)
    {
        return minter.sign(claims);
    }

    private static Date at(final long seconds)
    {
        return new Date(seconds * 1000);
    }

    private Path pem(final KeyPair pair) throws IOException
    {
        final String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(pair.getPublic().getEncoded());
        return Files.writeString(Files.createTempFile(dir, "key", ".pem"),
            "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
    }

    private static KeyPair rsa() throws GeneralSecurityException
    {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static KeyPair ec(final String curve) throws GeneralSecurityException, JOSEException
    {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }
}
