package io.tickgate.gateway.security;

import io.tickgate.gateway.GatewayContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way the TLS files can be wrong is refused when the context is concluded (before the gateway opens anything),
 * with a message that names the option and the file; good files of either key type are taken; the PEM reader also
 * reads public keys.
 */
class TlsCredentialsTest
{
    @TempDir
    Path dir;

    private final TestCertificates ca = TestCertificates.authority("tickgate test CA");

    @Test
    void takesAChainAndKeyOfEitherType() throws Exception
    {
        for (final String type : new String[]{ "EC", "RSA" })
        {
            final TestCertificates.Server server = ca.issue("gateway-" + type, type, Duration.ofDays(1));
            server.write(cert(), key());
            final GatewayContext ctx = context().tlsCertFile(cert()).tlsKeyFile(key()).conclude();
            assertEquals(server.certificate, ctx.tlsCredentials().leaf());
        }
        assertNull(context().conclude().tlsCredentials(), "no TLS without the options");
    }

    @Test
    void refusesBadFilesNamingTheOption() throws Exception
    {
        final TestCertificates.Server server = ca.issue("gateway");
        server.write(cert(), key());
        final Path missing = dir.resolve("missing.pem");
        assertRefused(missing, key(), "--tls-cert", "missing.pem");
        assertRefused(cert(), missing, "--tls-key", "missing.pem");
        assertRefused(dir, key(), "--tls-cert", "cannot read");

        final Path garbage = Files.writeString(dir.resolve("garbage.pem"), "hello\n");
        assertRefused(garbage, key(), "--tls-cert", "not a PEM certificate");
        assertRefused(cert(), garbage, "--tls-key", "BEGIN PRIVATE KEY");
        final Path badBase64 = Files.writeString(dir.resolve("bad.pem"),
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertRefused(cert(), badBase64, "--tls-key", "no RSA or EC private key");

        final Path pkcs1 = Files.writeString(dir.resolve("pkcs1.pem"),
            TestCertificates.pem("RSA PRIVATE KEY", new byte[]{ 1, 2, 3 }));
        assertRefused(cert(), pkcs1, "--tls-key", "openssl pkcs8 -topk8");
        final Path encrypted = Files.writeString(dir.resolve("encrypted.pem"),
            TestCertificates.pem("ENCRYPTED PRIVATE KEY", new byte[]{ 1, 2, 3 }));
        assertRefused(cert(), encrypted, "--tls-key", "encrypted");

        final Path otherKey = Files.writeString(dir.resolve("other.pem"),
            TestCertificates.pem("PRIVATE KEY", ca.issue("other").key.getEncoded()));
        assertRefused(cert(), otherKey, "--tls-key", "is not the private key of the --tls-cert certificate");
        final Path rsaKey = Files.writeString(dir.resolve("rsa.pem"),
            TestCertificates.pem("PRIVATE KEY", ca.issue("rsa", "RSA", Duration.ofDays(1)).key.getEncoded()));
        assertRefused(cert(), rsaKey, "--tls-key", "is not the private key");

        final IllegalArgumentException alone = assertThrows(IllegalArgumentException.class,
            () -> context().tlsCertFile(cert()).conclude());
        assertTrue(alone.getMessage().contains("--tls-cert and --tls-key go together"), alone.getMessage());
    }

    @Test
    void readsPublicKeys() throws Exception
    {
        for (final String type : new String[]{ "EC", "RSA" })
        {
            final TestCertificates.Server server = ca.issue("gateway-" + type, type, Duration.ofDays(1));
            final Path file = Files.writeString(dir.resolve(type + ".pub"),
                TestCertificates.pem("PUBLIC KEY", server.certificate.getPublicKey().getEncoded()));
            assertEquals(server.certificate.getPublicKey(), PemReader.publicKey(file));
        }
        final Path garbage = Files.writeString(dir.resolve("garbage.pub"), "hello\n");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> PemReader.publicKey(garbage));
        assertTrue(ex.getMessage().contains("BEGIN PUBLIC KEY"), ex.getMessage());
    }

    private void assertRefused(final Path certFile, final Path keyFile, final String option, final String reason)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> context().tlsCertFile(certFile).tlsKeyFile(keyFile).conclude());
        assertTrue(ex.getMessage().startsWith(option), ex.getMessage());
        assertTrue(ex.getMessage().contains(reason), ex.getMessage());
    }

    private GatewayContext context()
    {
        return new GatewayContext().journalDir(dir.resolve("journal"));
    }

    private Path cert()
    {
        return dir.resolve("cert.pem");
    }

    private Path key()
    {
        return dir.resolve("key.pem");
    }
}
