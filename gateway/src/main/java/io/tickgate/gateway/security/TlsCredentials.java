package io.tickgate.gateway.security;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A server's certificate chain and private key, read from the PEM files of {@code --tls-cert} and
 * {@code --tls-key}, checked to belong together, and made into the JDK's key manager for them.
 */
public final class TlsCredentials
{
    public static final String CERT_OPTION = "--tls-cert";
    public static final String KEY_OPTION = "--tls-key";
    private static final char[] NO_PASSWORD = new char[0];
    private static final byte[] PROBE = "tickgate key check".getBytes(StandardCharsets.US_ASCII);

    private final X509Certificate leaf;
    private final X509ExtendedKeyManager keyManager;

    private TlsCredentials(final X509Certificate leaf, final X509ExtendedKeyManager keyManager)
    {
        this.leaf = leaf;
        this.keyManager = keyManager;
    }

    /**
     * @return the credentials in the two files.
     * @throws IllegalArgumentException naming the option whose file is missing, unreadable or not what it should
     *                                  be, or both when the key is not the certificate's.
     */
    public static TlsCredentials load(final Path certFile, final Path keyFile)
    {
        final List<X509Certificate> chain;
        try
        {
            chain = PemReader.certificates(certFile);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(CERT_OPTION + ": " + ex.getMessage(), ex);
        }
        final PrivateKey key;
        try
        {
            key = PemReader.privateKey(keyFile);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(KEY_OPTION + ": " + ex.getMessage(), ex);
        }
        final X509Certificate leaf = chain.get(0);
        if (!belongTogether(key, leaf))
        {
            throw new IllegalArgumentException(KEY_OPTION + " " + keyFile + " is not the private key of the " +
                CERT_OPTION + " certificate " + leaf.getSubjectX500Principal().getName() + " in " + certFile +
                " (the first certificate of the file must be the server's own)");
        }
        return new TlsCredentials(leaf, keyManager(key, chain));
    }

    /**
     * @return the server's own certificate (the chain's first).
     */
    public X509Certificate leaf()
    {
        return leaf;
    }

    X509ExtendedKeyManager keyManager()
    {
        return keyManager;
    }

    /**
     * @return subject, serial number and end of validity, for logs.
     */
    public String describe()
    {
        return leaf.getSubjectX500Principal().getName() + " serial " + leaf.getSerialNumber().toString(16) +
            " valid until " + leaf.getNotAfter().toInstant();
    }

    /**
     * A signature made with the key that the certificate's public key verifies: works for RSA and EC alike, and
     * also catches a key of the right type that belongs to another certificate.
     */
    private static boolean belongTogether(final PrivateKey key, final X509Certificate leaf)
    {
        final String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        try
        {
            final Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            final byte[] signature = signer.sign();
            final Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(PROBE);
            return verifier.verify(signature);
        }
        catch (final GeneralSecurityException ex)
        {
            // a key of another type than the certificate's (an EC key for an RSA certificate) lands here
            return false;
        }
    }

    private static X509ExtendedKeyManager keyManager(final PrivateKey key, final List<X509Certificate> chain)
    {
        try
        {
            final KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, NO_PASSWORD, chain.toArray(new X509Certificate[0]));
            final KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, NO_PASSWORD);
            for (final KeyManager manager : factory.getKeyManagers())
            {
                if (manager instanceof X509ExtendedKeyManager)
                {
                    return (X509ExtendedKeyManager)manager;
                }
            }
            throw new IllegalStateException("the JDK's key manager factory made no X509ExtendedKeyManager");
        }
        catch (final GeneralSecurityException | IOException ex)
        {
            throw new IllegalArgumentException(KEY_OPTION + ": the JDK refused the key and certificate (" + ex +
                ")", ex);
        }
    }
}
