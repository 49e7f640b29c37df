package io.tickgate.gateway.security;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SymbolPatternsTest
{
    @Test
    void exactSymbolsAndPrefixes()
    {
        final SymbolPatterns patterns = SymbolPatterns.of(List.of("AAPL", "EUR/*", "X*"));
        assertTrue(patterns.matches("AAPL"));
        assertFalse(patterns.matches("AAPL2"));
        assertFalse(patterns.matches("AAP"));
        assertTrue(patterns.matches("EUR/USD"));
        assertTrue(patterns.matches("EUR/"));
        assertFalse(patterns.matches("EUR"));
        assertFalse(patterns.matches("USD/EUR"));
        assertTrue(patterns.matches("X"));
        assertTrue(patterns.matches("XOM"));
        assertFalse(patterns.isAll());
    }

    @Test
    void aStarAloneIsEverySymbol()
    {
        assertTrue(SymbolPatterns.of(List.of("AAPL", "*")).isAll());
        assertTrue(SymbolPatterns.ALL.matches("ANYTHING"));
    }

    @Test
    void noPatternsIsNothing()
    {
        assertFalse(SymbolPatterns.of(List.of()).matches("AAPL"));
    }

    @Test
    void refusesWhatIsNotAPattern()
    {
        for (final String bad : new String[]{ "", "*AAPL", "A*B", "**", "A B", "THIS_SYMBOL_IS_TOO_LONG", "É" })
        {
            assertThrows(IllegalArgumentException.class, () -> SymbolPatterns.of(List.of(bad)), bad);
        }
    }
}
