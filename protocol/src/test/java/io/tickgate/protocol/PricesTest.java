package io.tickgate.protocol;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rule in full is tried through the codec's FixedPointTest; here, that every kind of source reads the same. */
class PricesTest
{
    @ParameterizedTest
    @CsvSource({ "0, 0", "189.12, 18912000000", "-0.00000001, -1", "92233720367.99999999, 9223372036799999999" })
    void shouldParseTheSameFromEveryKindOfSource(final String text, final long expected)
    {
        assertEquals(expected, Prices.parse(text));
        final char[] padded = ("x," + text + ",y").toCharArray();
        assertEquals(expected, Prices.parse(padded, AsciiReader.CHARS, 2, text.length()));
        assertEquals(expected, Prices.parse(new StringBuilder(text), AsciiReader.CHAR_SEQUENCE, 0, text.length()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "-", ".5", "5.", "1e5", "0.000000001", "92233720368", "1 ", "١", "\u00b9" })
    void shouldRejectWhatIsNotAPrice(final String text)
    {
        assertEquals(Prices.INVALID, Prices.parse(text), "'" + text + "'");
        assertEquals(Prices.INVALID, Prices.parse(text.toCharArray(), AsciiReader.CHARS, 0, text.length()));
    }
}
