package io.tickgate.codec;

import org.agrona.DirectBuffer;

/**
 * The symbol rule both contracts share: 1 to 16 characters from {@code A-Z a-z 0-9 . _ : / -}.
 */
public final class Symbols
{
    public static final int MAX_LENGTH = 16;

    private static final boolean[] ALLOWED = new boolean[128];

    static
    {
        for (char c = 'A'; c <= 'Z'; c++)
        {
            ALLOWED[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++)
        {
            ALLOWED[c] = true;
        }
        for (char c = '0'; c <= '9'; c++)
        {
            ALLOWED[c] = true;
        }
        for (final char c : new char[]{ '.', '_', ':', '/', '-' })
        {
            ALLOWED[c] = true;
        }
    }

    private Symbols()
    {
    }

    /**
     * @param buffer holding ASCII bytes.
     * @param offset of the first byte.
     * @param length in bytes.
     * @return true when the bytes form a valid symbol.
     */
    public static boolean isValid(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 1 || length > MAX_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            final byte b = buffer.getByte(offset + i);
            if (b < 0 || !ALLOWED[b])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param symbol text to check, may be null.
     * @return true when the text is a valid symbol.
     */
    public static boolean isValid(final CharSequence symbol)
    {
        if (null == symbol || symbol.length() < 1 || symbol.length() > MAX_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < symbol.length(); i++)
        {
            final char c = symbol.charAt(i);
            if (c >= 128 || !ALLOWED[c])
            {
                return false;
            }
        }
        return true;
    }
}
