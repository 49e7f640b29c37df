package io.tickgate.protocol;

/**
 * The symbol rule both contracts share: 1 to {@value #MAX_LENGTH} characters from {@code A-Z a-z 0-9 . _ : / -}.
 */
public final class SymbolRule
{
    /** Longest symbol, in characters (and bytes: symbols are ASCII). */
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

    private SymbolRule()
    {
    }

    /**
     * @param <T>    the kind of source.
     * @param source holding the text.
     * @param reader reads one character of the source.
     * @param offset of the first character.
     * @param length in characters.
     * @return true when the characters form a valid symbol.
     */
    public static <T> boolean isValid(final T source, final AsciiReader<T> reader, final int offset, final int length)
    {
        if (length < 1 || length > MAX_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            final int c = reader.charAt(source, offset + i);
            if (c < 0 || c >= ALLOWED.length || !ALLOWED[c])
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
        return null != symbol && isValid(symbol, AsciiReader.CHAR_SEQUENCE, 0, symbol.length());
    }
}
