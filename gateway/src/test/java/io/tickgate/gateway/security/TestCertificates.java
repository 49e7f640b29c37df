package io.tickgate.gateway.security;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test certificate authority made in the test (BouncyCastle builds the certificates): server certificates for
 * 127.0.0.1 and localhost signed by it, written as the PEM files {@code --tls-cert}/{@code --tls-key} take, and a
 * client {@link SSLContext} that trusts it and nothing else.
 */
public final class TestCertificates
{
    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    private final KeyPair caKeys;
    private final X509Certificate ca;

    private TestCertificates(final KeyPair caKeys, final X509Certificate ca)
    {
        this.caKeys = caKeys;
        this.ca = ca;
    }

    /**
     * @return a new authority named {@code name}.
     */
    public static TestCertificates authority(final String name)
    {
        final KeyPair keys = keyPair("EC");
        final X500Name subject = new X500Name("CN=" + name);
        return new TestCertificates(keys, sign(keys.getPrivate(), new JcaX509v3CertificateBuilder(subject,
            serial(), Date.from(Instant.now().minus(Duration.ofHours(1))),
            Date.from(Instant.now().plus(Duration.ofDays(30))), subject, keys.getPublic()), true));
    }

    public X509Certificate certificate()
    {
        return ca;
    }

    /**
     * @param commonName the server certificate's CN, to tell certificates apart.
     * @param keyType    "EC" or "RSA".
     * @return a server certificate for 127.0.0.1 and localhost, valid from an hour ago for {@code validFor}.
     */
    public Server issue(final String commonName, final String keyType, final Duration validFor)
    {
        final KeyPair keys = keyPair(keyType);
        final X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(),
            Date.from(Instant.now().minus(Duration.ofHours(1))), Date.from(Instant.now().plus(validFor)),
            new X500Name("CN=" + commonName), keys.getPublic());
        try
        {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost") }));
            builder.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return new Server(sign(caKeys.getPrivate(), builder, false), keys.getPrivate(), ca);
    }

    public Server issue(final String commonName)
    {
        return issue(commonName, "EC", Duration.ofDays(7));
    }

    /**
     * @return a client TLS context that trusts this authority only.
     */
    public SSLContext clientContext()
    {
        try
        {
            final KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            final TrustManagerFactory factory = TrustManagerFactory.getInstance(
                TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        }
        catch (final GeneralSecurityException | IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @return text as a PEM block of that label.
     */
    public static String pem(final String label, final byte[] der)
    {
        return "-----BEGIN " + label + "-----\n" +
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der) +
            "\n-----END " + label + "-----\n";
    }

    private static X509Certificate sign(
        final PrivateKey issuerKey, final X509v3CertificateBuilder builder, final boolean authority)
    {
        try
        {
            if (authority)
            {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            }
            final String algorithm = "EC".equals(issuerKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("cannot make a test certificate", ex);
        }
    }

    private static KeyPair keyPair(final String type)
    {
        try
        {
            final KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
            generator.initialize("EC".equals(type) ? 256 : 2048);
            return generator.generateKeyPair();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static BigInteger serial()
    {
        return BigInteger.valueOf(SERIALS.incrementAndGet());
    }

    /**
     * A server certificate with its key.
     */
    public static final class Server
    {
        public final X509Certificate certificate;
        public final PrivateKey key;
        private final X509Certificate issuer;

        Server(final X509Certificate certificate, final PrivateKey key, final X509Certificate issuer)
        {
            this.certificate = certificate;
            this.key = key;
            this.issuer = issuer;
        }

        /**
         * Write the chain (this certificate, then the authority's) and the PKCS#8 key, replacing what is there.
         */
        public void write(final Path certFile, final Path keyFile)
        {
            try
            {
                Files.writeString(certFile, pem("CERTIFICATE", certificate.getEncoded()) +
                    pem("CERTIFICATE", issuer.getEncoded()));
                Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
            }
            catch (final GeneralSecurityException ex)
            {
                throw new IllegalStateException(ex);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }
}
