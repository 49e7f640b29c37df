package io.tickgate.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SymbolsTest
{
    private static final String ALLOWED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:/-";

    @ParameterizedTest
    @ValueSource(strings = { "A", "z", "0", ".", "AAPL", "BRK.B", "ES:Z26", "EUR/USD", "a_b-c", "ABCDEFGHIJKLMNOP",
        "0123456789._:/-A" })
    void shouldAcceptValidSymbols(final String symbol)
    {
        assertTrue(Symbols.isValid(symbol), symbol);
        assertTrue(Symbols.isValid(ascii("  " + symbol + "  "), 2, symbol.length()), symbol);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "ABCDEFGHIJKLMNOPQ", "AA PL", " ", "A,B", "A+B", "A#", "A\"B", "A\\B", "A\tB", "A\nB",
        "A\u0000B", "A*", "A@", "[A]", "{A}", "A=B", "A!", "A~", "A'", "\u007F" })
    void shouldRejectInvalidAsciiSymbols(final String symbol)
    {
        assertFalse(Symbols.isValid(symbol), symbol);
        assertFalse(Symbols.isValid(ascii("A" + symbol), 1, symbol.length()), symbol);
    }

    @Test
    void shouldCheckLengthsZeroOneSixteenSeventeen()
    {
        for (final int length : new int[]{ 0, 1, 16, 17 })
        {
            final String symbol = "X".repeat(length);
            final boolean expected = length >= 1 && length <= 16;
            assertEquals(expected, Symbols.isValid(symbol), "length " + length);
            assertEquals(expected, Symbols.isValid(ascii(symbol + "X"), 0, length), "bytes length " + length);
        }
        assertFalse(Symbols.isValid(ascii("X"), 0, -1));
        assertFalse(Symbols.isValid(null));
    }

    @Test
    void shouldAcceptExactlyTheContractCharacterSet()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1]);
        for (int c = 0; c < 256; c++)
        {
            final boolean expected = c < 128 && ALLOWED.indexOf(c) >= 0;
            buffer.putByte(0, (byte)c);
            assertEquals(expected, Symbols.isValid(buffer, 0, 1), "byte " + c);
            assertEquals(expected, Symbols.isValid(String.valueOf((char)c)), "char " + c);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "Ä", "AAPLé", "東京", "Ω", "A\u00A0B", "\uD83D\uDE00", "ＡＡＰＬ" })
    void shouldRejectNonAscii(final String symbol)
    {
        assertFalse(Symbols.isValid(symbol), symbol);
        final byte[] utf8 = symbol.getBytes(StandardCharsets.UTF_8);
        assertFalse(Symbols.isValid(new UnsafeBuffer(utf8), 0, Math.min(utf8.length, 16)), symbol);
    }

    private static UnsafeBuffer ascii(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.US_ASCII));
    }
}
