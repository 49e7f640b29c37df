package io.tickgate.perf.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SymbolIndexTest
{
    @Test
    void shouldGiveDenseIdsInTheOrderAddedAndFindThemAfterGrowing()
    {
        final SymbolIndex index = new SymbolIndex();
        for (int i = 0; i < 1000; i++)
        {
            assertEquals(i, index.add("S" + i));
        }
        assertEquals(1000, index.size());
        for (int i = 0; i < 1000; i++)
        {
            final String name = "S" + i;
            assertEquals(i, index.indexOf(name, 0, name.length()));
            assertEquals(name, index.name(i));
        }
        assertEquals(-1, index.indexOf("S1000", 0, 5));
    }

    @Test
    void shouldFindBytesThroughAnAsciiViewAndRefuseDuplicates()
    {
        final SymbolIndex index = new SymbolIndex(List.of("AAPL", "BRK.B"));
        final byte[] line = "BRK.B,1700000000000000,1.5".getBytes(StandardCharsets.US_ASCII);
        assertEquals(1, index.indexOf(new AsciiView().wrap(line, 0, 5), 0, 5));
        assertEquals(2, index.add("MSFT"));
        assertThrows(IllegalArgumentException.class, () -> index.add("AAPL"));
        assertThrows(IllegalArgumentException.class, () -> new SymbolIndex(List.of("A", "B", "A")));
    }
}
