package io.tickgate.protocol;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule in full is tried through the codec's SymbolsTest; here, the edges of the reader contract. */
class SymbolRuleTest
{
    private static final AsciiReader<ByteBuffer> BYTES = ByteBuffer::get;

    @Test
    void shouldAcceptEveryAllowedCharacterUpToTheLimit()
    {
        assertTrue(SymbolRule.isValid("BRK.B"));
        assertTrue(SymbolRule.isValid("a-Z_0:9/x.ABCDEF"));
        assertFalse(SymbolRule.isValid("a-Z_0:9/x.ABCDEFG"));
        assertFalse(SymbolRule.isValid(""));
        assertFalse(SymbolRule.isValid(null));
    }

    @Test
    void shouldRejectCharactersOutsideAscii()
    {
        assertFalse(SymbolRule.isValid("AÄ"));
        assertFalse(SymbolRule.isValid("A\uffff"));
        final ByteBuffer latin1 = ByteBuffer.wrap("xAÄ".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(SymbolRule.isValid(latin1, BYTES, 1, 1));
        assertFalse(SymbolRule.isValid(latin1, BYTES, 1, 2), "a negative byte is not a character");
    }
}
