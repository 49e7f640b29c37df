package io.tickgate.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

class SymbolTableTest
{
    private static final String CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:/-";

    @Test
    void shouldGiveDenseIdsFromZeroAndLookUpByBytesAndString()
    {
        final SymbolTable table = new SymbolTable(16);
        assertEquals(0, table.count());
        assertEquals(SymbolTable.NOT_FOUND, table.lookup("AAPL"));

        assertEquals(0, add(table, "AAPL"));
        assertEquals(1, add(table, "MSFT"));
        assertEquals(2, add(table, "BRK.B"));

        assertEquals(3, table.count());
        assertEquals(16, table.capacity());
        assertEquals(0, table.lookup("AAPL"));
        assertEquals(1, table.lookup(ascii("xxMSFTyy"), 2, 4));
        assertEquals(2, table.lookup("BRK.B"));
        assertEquals(SymbolTable.NOT_FOUND, table.lookup("BRK"));
        assertEquals(SymbolTable.NOT_FOUND, table.lookup("AAPLX"));
        assertEquals(SymbolTable.NOT_FOUND, table.lookup("aapl"));
        assertEquals(SymbolTable.NOT_FOUND, table.lookup(""));
        assertEquals(SymbolTable.NOT_FOUND, table.lookup("ABCDEFGHIJKLMNOPQ"));
        assertEquals(SymbolTable.NOT_FOUND, table.lookup("AAPLé"));
    }

    @Test
    void shouldBeIdempotentOnAdd()
    {
        final SymbolTable table = new SymbolTable(4);
        assertEquals(0, add(table, "AAPL"));
        assertEquals(1, add(table, "MSFT"));
        assertEquals(0, add(table, "AAPL"));
        assertEquals(1, table.add(ascii("-MSFT-"), 1, 4));
        assertEquals(2, table.count());
    }

    @Test
    void shouldDefineInOrderAndRejectOutOfOrder()
    {
        final SymbolTable table = new SymbolTable(8);
        assertEquals(SymbolTable.OUT_OF_ORDER, define(table, 1, "MSFT"));
        assertEquals(0, table.count());
        assertEquals(0, define(table, 0, "AAPL"));
        assertEquals(1, define(table, 1, "MSFT"));
        assertEquals(1, define(table, 1, "MSFT"), "redefining with the same id is idempotent");
        assertEquals(SymbolTable.OUT_OF_ORDER, define(table, 2, "AAPL"), "known symbol under another id");
        assertEquals(SymbolTable.OUT_OF_ORDER, define(table, 0, "IBM"), "id already taken");
        assertEquals(SymbolTable.OUT_OF_ORDER, define(table, 5, "IBM"), "gap");
        assertEquals(SymbolTable.OUT_OF_ORDER, define(table, -1, "IBM"));
        assertEquals(2, table.count());
        assertEquals(SymbolTable.NOT_FOUND, table.lookup("IBM"));
        assertEquals(2, define(table, 2, "IBM"));
    }

    @Test
    void shouldReportFullAtCapacityWithoutChangingTable()
    {
        final SymbolTable table = new SymbolTable(2);
        assertEquals(0, add(table, "A"));
        assertEquals(1, add(table, "B"));
        assertEquals(SymbolTable.FULL, add(table, "C"));
        assertEquals(SymbolTable.FULL, define(table, 2, "C"));
        assertEquals(2, table.count());
        assertEquals(SymbolTable.NOT_FOUND, table.lookup("C"));
        assertEquals(1, add(table, "B"), "known symbols still resolve when full");
    }

    @Test
    void shouldRejectNonPositiveCapacity()
    {
        assertThrows(IllegalArgumentException.class, () -> new SymbolTable(0));
        assertThrows(IllegalArgumentException.class, () -> new SymbolTable(-1));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "AA PL", "ABCDEFGHIJKLMNOPQ", "A,B", "A\u0000", "+" })
    void shouldRejectInvalidSymbol(final String symbol)
    {
        final SymbolTable table = new SymbolTable(4);
        final UnsafeBuffer buffer = ascii(symbol);
        assertEquals(SymbolTable.INVALID_SYMBOL, table.add(buffer, 0, symbol.length()));
        assertEquals(SymbolTable.INVALID_SYMBOL, table.define(0, buffer, 0, symbol.length()));
        assertEquals(0, table.count());
    }

    @Test
    void shouldRejectNonAsciiBytes()
    {
        final SymbolTable table = new SymbolTable(4);
        final byte[] utf8 = "AÄ".getBytes(StandardCharsets.UTF_8);
        assertEquals(SymbolTable.INVALID_SYMBOL, table.add(new UnsafeBuffer(utf8), 0, utf8.length));
        assertEquals(SymbolTable.NOT_FOUND, table.lookup(new UnsafeBuffer(utf8), 0, utf8.length));
    }

    @Test
    void shouldDistinguishSixteenByteNamesDifferingOnlyInBytesNineToSixteen()
    {
        final SymbolTable table = new SymbolTable(64);
        final String base = "ABCDEFGHIJKLMNOP";
        final List<String> names = new ArrayList<>();
        names.add(base);
        names.add("ABCDEFGH");
        for (int position = 8; position < 16; position++)
        {
            final char[] chars = base.toCharArray();
            chars[position] = 'z';
            names.add(new String(chars));
        }
        for (int length = 9; length < 16; length++)
        {
            names.add(base.substring(0, length));
        }

        for (int i = 0; i < names.size(); i++)
        {
            assertEquals(i, add(table, names.get(i)), names.get(i));
        }
        for (int i = 0; i < names.size(); i++)
        {
            final String name = names.get(i);
            assertEquals(i, table.lookup(name), name);
            assertEquals(name, table.name(i));
            assertEquals(name.length(), table.nameLength(i));
            assertEquals(name, table.nameBytes().getStringWithoutLengthAscii(table.nameOffset(i), table.nameLength(i)));
        }
    }

    @Test
    void shouldKeepTenThousandRandomSymbolsWithoutLosingAny()
    {
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        final LinkedHashSet<String> unique = new LinkedHashSet<>();
        while (unique.size() < 10_000)
        {
            final int length = random.nextInt(1, Symbols.MAX_LENGTH + 1);
            final StringBuilder sb = new StringBuilder(length);
            for (int i = 0; i < length; i++)
            {
                sb.append(CHARS.charAt(random.nextInt(CHARS.length())));
            }
            unique.add(sb.toString());
        }
        final SymbolTable table = new SymbolTable(unique.size());
        final Map<String, Integer> expected = new HashMap<>();
        try
        {
            for (final String name : unique)
            {
                final int id = add(table, name);
                assertEquals(expected.size(), id, name);
                expected.put(name, id);
            }
            assertEquals(unique.size(), table.count());
            assertEquals(SymbolTable.FULL, add(table, freshName(unique)));
            for (final Map.Entry<String, Integer> entry : expected.entrySet())
            {
                final String name = entry.getKey();
                final int id = entry.getValue();
                assertEquals(id, table.lookup(name), name);
                assertEquals(id, add(table, name), name);
                assertEquals(name, table.name(id));
                assertEquals(name.length(), table.nameLength(id));
                assertEquals(name, table.nameBytes().getStringWithoutLengthAscii(table.nameOffset(id),
                    table.nameLength(id)));
            }

            final SymbolTable replay = new SymbolTable(unique.size());
            for (int id = 0; id < table.count(); id++)
            {
                assertEquals(id, replay.define(id, table.nameBytes(), table.nameOffset(id), table.nameLength(id)));
            }
            for (final Map.Entry<String, Integer> entry : expected.entrySet())
            {
                assertEquals(entry.getValue(), replay.lookup(entry.getKey()), entry.getKey());
            }
        }
        catch (final AssertionError ex)
        {
            fail("seed = " + seed + "L: " + ex.getMessage(), ex);
        }
    }

    private static String freshName(final LinkedHashSet<String> taken)
    {
        for (int i = 0; ; i++)
        {
            final String name = "fresh" + i;
            if (!taken.contains(name))
            {
                return name;
            }
        }
    }

    private static int add(final SymbolTable table, final String symbol)
    {
        return table.add(ascii(symbol), 0, symbol.length());
    }

    private static int define(final SymbolTable table, final int id, final String symbol)
    {
        return table.define(id, ascii(symbol), 0, symbol.length());
    }

    private static UnsafeBuffer ascii(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.US_ASCII));
    }
}
