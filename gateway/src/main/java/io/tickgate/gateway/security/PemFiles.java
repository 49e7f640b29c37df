package io.tickgate.gateway.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads PEM files (RFC 7468) with the JDK alone: the blocks of one label, and the keys in them.
 */
public final class PemFiles
{
    private static final String[] KEY_ALGORITHMS = { "RSA", "EC" };

    private PemFiles()
    {
    }

    /**
     * @param label what follows {@code -----BEGIN }, e.g. {@code PUBLIC KEY} or {@code CERTIFICATE}.
     * @return the DER bytes of each block with that label, in file order.
     * @throws IOException when the file cannot be read or has no such block or bad base64.
     */
    public static List<byte[]> blocks(final Path file, final String label) throws IOException
    {
        final String text = Files.readString(file, StandardCharsets.US_ASCII);
        final String begin = "-----BEGIN " + label + "-----";
        final String end = "-----END " + label + "-----";
        final List<byte[]> blocks = new ArrayList<>();
        for (int from = text.indexOf(begin); from >= 0; from = text.indexOf(begin, from))
        {
            final int to = text.indexOf(end, from);
            if (to < 0)
            {
                throw new IOException(file + ": " + begin + " without " + end);
            }
            try
            {
                blocks.add(Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to)));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IOException(file + ": bad base64 in a " + label + " block", ex);
            }
            from = to + end.length();
        }
        if (blocks.isEmpty())
        {
            throw new IOException(file + ": no " + begin + " block");
        }
        return blocks;
    }

    /**
     * @return the file's {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), RSA or EC.
     * @throws IOException when there is none or it is neither.
     */
    public static PublicKey publicKey(final Path file) throws IOException
    {
        final X509EncodedKeySpec spec = new X509EncodedKeySpec(blocks(file, "PUBLIC KEY").get(0));
        for (final String algorithm : KEY_ALGORITHMS)
        {
            try
            {
                return KeyFactory.getInstance(algorithm).generatePublic(spec);
            }
            catch (final GeneralSecurityException ex)
            {
                // not this algorithm: try the next
            }
        }
        throw new IOException(file + ": the PUBLIC KEY is neither RSA nor EC");
    }
}
