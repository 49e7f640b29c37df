package io.tickgate.gateway.security;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * The key manager the server's TLS context is made with once: each handshake asks it for the certificate and key,
 * and it asks the credentials in force at that moment. A reload swaps them ({@link #use}) without touching the
 * listener or the connections already open, which keep the keys of their own handshake. The alias a handshake is
 * given names the generation it came from, so a handshake that straddles a reload gets the chain and the key of one
 * and the same generation (the previous one is kept for that).
 */
final class TlsKeyManager extends X509ExtendedKeyManager
{
    private volatile Generation current;
    private volatile Generation previous;

    TlsKeyManager(final TlsCredentials credentials)
    {
        current = new Generation(0, credentials.keyManager());
        previous = current;
    }

    synchronized void use(final TlsCredentials credentials)
    {
        previous = current;
        current = new Generation(current.number + 1, credentials.keyManager());
    }

    public String chooseEngineServerAlias(final String keyType, final Principal[] issuers, final SSLEngine engine)
    {
        final Generation generation = current;
        return generation.tag(generation.keys.chooseEngineServerAlias(keyType, issuers, engine));
    }

    public String chooseServerAlias(final String keyType, final Principal[] issuers, final Socket socket)
    {
        final Generation generation = current;
        return generation.tag(generation.keys.chooseServerAlias(keyType, issuers, socket));
    }

    public String[] getServerAliases(final String keyType, final Principal[] issuers)
    {
        final Generation generation = current;
        final String[] aliases = generation.keys.getServerAliases(keyType, issuers);
        if (null != aliases)
        {
            for (int i = 0; i < aliases.length; i++)
            {
                aliases[i] = generation.tag(aliases[i]);
            }
        }
        return aliases;
    }

    public X509Certificate[] getCertificateChain(final String alias)
    {
        final Generation generation = of(alias);
        return null == generation ? null : generation.keys.getCertificateChain(generation.untag(alias));
    }

    public PrivateKey getPrivateKey(final String alias)
    {
        final Generation generation = of(alias);
        return null == generation ? null : generation.keys.getPrivateKey(generation.untag(alias));
    }

    private Generation of(final String alias)
    {
        final Generation now = current;
        if (now.owns(alias))
        {
            return now;
        }
        final Generation before = previous;
        return before.owns(alias) ? before : null;
    }

    public String chooseEngineClientAlias(final String[] keyType, final Principal[] issuers, final SSLEngine engine)
    {
        return null;
    }

    public String chooseClientAlias(final String[] keyType, final Principal[] issuers, final Socket socket)
    {
        return null;
    }

    public String[] getClientAliases(final String keyType, final Principal[] issuers)
    {
        return null;
    }

    private static final class Generation
    {
        final long number;
        final X509ExtendedKeyManager keys;
        final String prefix;

        Generation(final long number, final X509ExtendedKeyManager keys)
        {
            this.number = number;
            this.keys = keys;
            this.prefix = number + "/";
        }

        String tag(final String alias)
        {
            return null == alias ? null : prefix + alias;
        }

        boolean owns(final String alias)
        {
            return null != alias && alias.startsWith(prefix);
        }

        String untag(final String alias)
        {
            return alias.substring(prefix.length());
        }
    }
}
