package io.tickgate.codec;

import io.tickgate.protocol.SymbolRule;
import org.agrona.DirectBuffer;

/**
 * The symbol rule both contracts share ({@link SymbolRule}: 1 to 16 characters from {@code A-Z a-z 0-9 . _ : / -}),
 * on Agrona buffers.
 */
public final class Symbols
{
    public static final int MAX_LENGTH = SymbolRule.MAX_LENGTH;

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
        return SymbolRule.isValid(buffer, AsciiBuffers.READER, offset, length);
    }

    /**
     * @param symbol text to check, may be null.
     * @return true when the text is a valid symbol.
     */
    public static boolean isValid(final CharSequence symbol)
    {
        return SymbolRule.isValid(symbol);
    }
}
