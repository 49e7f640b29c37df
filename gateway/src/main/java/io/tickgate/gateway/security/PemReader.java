package io.tickgate.gateway.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.KeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Reads PEM files with the JDK alone: X.509 certificates (a chain, leaf first), PKCS#8 private keys
 * ({@code BEGIN PRIVATE KEY}) and X.509 public keys ({@code BEGIN PUBLIC KEY}), RSA or EC. Every failure is an
 * {@link IllegalArgumentException} that says what is wrong with which file, for the caller to prefix with its option.
 */
public final class PemReader
{
    private static final String[] KEY_ALGORITHMS = { "RSA", "EC" };

    private PemReader()
    {
    }

    /**
     * @return the certificates in the file, in order (a server's leaf first); at least one.
     */
    public static List<X509Certificate> certificates(final Path file)
    {
        final byte[] bytes = read(file);
        try
        {
            final List<X509Certificate> chain = new ArrayList<>();
            for (final Object certificate : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(bytes)))
            {
                chain.add((X509Certificate)certificate);
            }
            if (chain.isEmpty())
            {
                throw new IllegalArgumentException(file + " holds no PEM certificate");
            }
            return chain;
        }
        catch (final CertificateException ex)
        {
            throw new IllegalArgumentException(file + " is not a PEM certificate (" + ex.getMessage() + ")", ex);
        }
    }

    /**
     * @return the unencrypted PKCS#8 private key in the file (RSA or EC).
     */
    public static PrivateKey privateKey(final Path file)
    {
        final String text = new String(read(file), StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN RSA PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----"))
        {
            throw new IllegalArgumentException(file + " is a PKCS#1/SEC1 key; convert it to PKCS#8 with " +
                "'openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW'");
        }
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----"))
        {
            throw new IllegalArgumentException(file + " is an encrypted key; give it unencrypted " +
                "('openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW') and protect the file instead");
        }
        return decode(file, block(file, text, "PRIVATE KEY"), PKCS8EncodedKeySpec::new, "private",
            (factory, spec) -> factory.generatePrivate(spec));
    }

    /**
     * @return the public key in the file (RSA or EC, {@code BEGIN PUBLIC KEY}).
     */
    public static PublicKey publicKey(final Path file)
    {
        final String text = new String(read(file), StandardCharsets.US_ASCII);
        return decode(file, block(file, text, "PUBLIC KEY"), X509EncodedKeySpec::new, "public",
            (factory, spec) -> factory.generatePublic(spec));
    }

    private static <K> K decode(
        final Path file,
        final byte[] der,
        final Function<byte[], KeySpec> spec,
        final String kind,
        final KeyMaker<K> maker)
    {
        for (final String algorithm : KEY_ALGORITHMS)
        {
            try
            {
                return maker.make(KeyFactory.getInstance(algorithm), spec.apply(der));
            }
            catch (final GeneralSecurityException ex)
            {
                // not this algorithm: try the next
            }
        }
        throw new IllegalArgumentException(file + " holds no RSA or EC " + kind + " key the JDK can read");
    }

    /**
     * @return the bytes of the file's first block with that label.
     */
    private static byte[] block(final Path file, final String text, final String label)
    {
        final String begin = "-----BEGIN " + label + "-----";
        final String end = "-----END " + label + "-----";
        final int start = text.indexOf(begin);
        final int stop = start < 0 ? -1 : text.indexOf(end, start);
        if (stop < 0)
        {
            throw new IllegalArgumentException(file + " has no '" + begin + "' ... '" + end + "' block");
        }
        try
        {
            return Base64.getMimeDecoder().decode(text.substring(start + begin.length(), stop));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(file + ": the " + label + " block is not base64", ex);
        }
    }

    private static byte[] read(final Path file)
    {
        try
        {
            return Files.readAllBytes(file);
        }
        catch (final IOException | SecurityException ex)
        {
            throw new IllegalArgumentException("cannot read " + file + " (" + ex + ")", ex);
        }
    }

    @FunctionalInterface
    private interface KeyMaker<K>
    {
        K make(KeyFactory factory, KeySpec spec) throws GeneralSecurityException;
    }
}
