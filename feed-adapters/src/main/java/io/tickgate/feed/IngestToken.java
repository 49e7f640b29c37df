package io.tickgate.feed;

import org.agrona.DirectBuffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The shared secret a TCP ingest connection must present as its first line, {@code #auth TOKEN}, when the gateway
 * has {@code --ingest-token-file}. The token is the file's content, trimmed; it is compared in constant time. A
 * {@code #} line is a comment in CSV terms, so a file that starts with it stays valid CSV.
 */
public final class IngestToken
{
    /** No token: every connection is taken, as before. */
    public static final IngestToken NONE = new IngestToken(null);
    public static final String OPTION = "--ingest-token-file";
    private static final byte[] PREFIX = "#auth ".getBytes(StandardCharsets.US_ASCII);

    private final byte[] token;

    private IngestToken(final byte[] token)
    {
        this.token = token;
    }

    /**
     * @return the token in the file.
     * @throws IllegalArgumentException naming the option when the file cannot be read or holds only whitespace.
     */
    public static IngestToken read(final Path file)
    {
        final String text;
        try
        {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        catch (final IOException | SecurityException ex)
        {
            throw new IllegalArgumentException(OPTION + ": cannot read " + file + " (" + ex + ")", ex);
        }
        if (text.isEmpty())
        {
            throw new IllegalArgumentException(OPTION + ": " + file + " is empty; put the token in it");
        }
        return new IngestToken(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @return true when connections must present the token.
     */
    public boolean required()
    {
        return null != token;
    }

    /**
     * @param length the line's length without its newline (a trailing CR is ignored).
     * @return true when the line is {@code #auth} followed by the token.
     */
    boolean matches(final DirectBuffer line, final int offset, final int length)
    {
        final int end = length > 0 && '\r' == line.getByte(offset + length - 1) ? length - 1 : length;
        if (end < PREFIX.length)
        {
            return false;
        }
        for (int i = 0; i < PREFIX.length; i++)
        {
            if (PREFIX[i] != line.getByte(offset + i))
            {
                return false;
            }
        }
        final byte[] presented = new byte[end - PREFIX.length];
        line.getBytes(offset + PREFIX.length, presented);
        return MessageDigest.isEqual(token, presented);
    }
}
