package io.tickgate.gateway.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server side of TLS: one {@link SSLContext} made once, whose key manager hands out the credentials in force, and
 * {@link #reload()}, which reads the two files again and puts their credentials in force for new handshakes. A reload
 * that fails keeps the credentials in force, logs why and is counted. Thread-safe.
 */
public final class TlsContext
{
    /** The versions the port speaks; nothing older. */
    public static final String[] PROTOCOLS = { "TLSv1.3", "TLSv1.2" };
    private static final Logger LOG = LoggerFactory.getLogger(TlsContext.class);

    private final Path certFile;
    private final Path keyFile;
    private final TlsKeyManager keyManager;
    private final SSLContext sslContext;
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong reloadFailures = new AtomicLong();
    private volatile TlsCredentials inForce;

    /**
     * @param credentials what the two files held at start ({@link TlsCredentials#load}).
     */
    public TlsContext(final Path certFile, final Path keyFile, final TlsCredentials credentials)
    {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.inForce = credentials;
        this.keyManager = new TlsKeyManager(credentials);
        try
        {
            sslContext = SSLContext.getInstance("TLS");
            sslContext.init(new KeyManager[]{ keyManager }, null, null);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("the JDK has no TLS context", ex);
        }
        LOG.info("TLS certificate {}", credentials.describe());
    }

    /**
     * @return the TLS of a gateway started with these (from its context), or null for one without TLS.
     */
    public static TlsContext of(final Path certFile, final Path keyFile, final TlsCredentials credentials)
    {
        return null == credentials ? null : new TlsContext(certFile, keyFile, credentials);
    }

    public SSLContext sslContext()
    {
        return sslContext;
    }

    /**
     * Read the certificate and key files again; new handshakes use them from now on, open connections keep theirs.
     *
     * @return true when the new files are in force, false when they were refused (the old ones stay).
     */
    public synchronized boolean reload()
    {
        try
        {
            final TlsCredentials loaded = TlsCredentials.load(certFile, keyFile);
            keyManager.use(loaded);
            inForce = loaded;
            reloads.incrementAndGet();
            LOG.info("TLS certificate reloaded: {}", loaded.describe());
            return true;
        }
        catch (final IllegalArgumentException ex)
        {
            reloadFailures.incrementAndGet();
            LOG.error("TLS reload refused, the certificate in force stays ({}): {}", inForce.describe(),
                ex.getMessage());
            return false;
        }
    }

    /**
     * @return reloads that put new files in force.
     */
    public long reloads()
    {
        return reloads.get();
    }

    /**
     * @return reloads refused for bad files.
     */
    public long reloadFailures()
    {
        return reloadFailures.get();
    }

    /**
     * @return the end of validity of the certificate in force, in seconds since the epoch.
     */
    public long certExpiryEpochSeconds()
    {
        return inForce.leaf().getNotAfter().toInstant().getEpochSecond();
    }
}
