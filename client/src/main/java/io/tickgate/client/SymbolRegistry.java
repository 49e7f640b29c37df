package io.tickgate.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Symbol name to {@link SymbolState}, looked up without allocating from the raw characters of a JSON string or the
 * bytes of a binary symbol definition: an open-addressing table, so a name is turned into a String only the first
 * time it is seen. <b>Note:</b> not threadsafe; used under the client's lock.
 */
final class SymbolRegistry
{
    private SymbolState[] table = new SymbolState[64];
    private int size;

    /**
     * @param chars  holding the name.
     * @param offset of its first char.
     * @param length of the name.
     * @return the symbol's state, created on first sight.
     */
    SymbolState lookup(final char[] chars, final int offset, final int length)
    {
        int hash = 0;
        for (int i = 0; i < length; i++)
        {
            hash = 31 * hash + chars[offset + i];
        }
        final int mask = table.length - 1;
        int index = mix(hash) & mask;
        SymbolState state;
        while (null != (state = table[index]))
        {
            if (sameName(state.name, chars, offset, length))
            {
                return state;
            }
            index = (index + 1) & mask;
        }
        return add(new String(chars, offset, length));
    }

    /**
     * @param buffer holding the name as ASCII.
     * @param offset of its first byte.
     * @param length of the name.
     * @return the symbol's state, created on first sight.
     */
    SymbolState lookup(final ByteBuffer buffer, final int offset, final int length)
    {
        int hash = 0;
        for (int i = 0; i < length; i++)
        {
            hash = 31 * hash + (buffer.get(offset + i) & 0xFF);
        }
        final int mask = table.length - 1;
        int index = mix(hash) & mask;
        SymbolState state;
        while (null != (state = table[index]))
        {
            if (sameName(state.name, buffer, offset, length))
            {
                return state;
            }
            index = (index + 1) & mask;
        }
        final byte[] name = new byte[length];
        buffer.get(offset, name);
        // one char per byte, as the hash and sameName read them, so even a name that is not ASCII is found again
        return add(new String(name, StandardCharsets.ISO_8859_1));
    }

    /**
     * Cold-path lookup by name.
     *
     * @param name the symbol.
     * @return its state, created on first sight.
     */
    SymbolState lookup(final String name)
    {
        return lookup(name.toCharArray(), 0, name.length());
    }

    /**
     * @param action called with every known symbol.
     */
    void forEach(final Consumer<SymbolState> action)
    {
        for (final SymbolState state : table)
        {
            if (null != state)
            {
                action.accept(state);
            }
        }
    }

    int size()
    {
        return size;
    }

    private SymbolState add(final String name)
    {
        final SymbolState state = new SymbolState(name);
        if (++size * 2 > table.length)
        {
            final SymbolState[] old = table;
            table = new SymbolState[old.length * 2];
            for (final SymbolState s : old)
            {
                if (null != s)
                {
                    insert(s);
                }
            }
        }
        insert(state);
        return state;
    }

    private void insert(final SymbolState state)
    {
        final int mask = table.length - 1;
        int index = mix(state.name.hashCode()) & mask;
        while (null != table[index])
        {
            index = (index + 1) & mask;
        }
        table[index] = state;
    }

    private static int mix(final int hash)
    {
        return hash ^ (hash >>> 16);
    }

    private static boolean sameName(final String name, final char[] chars, final int offset, final int length)
    {
        if (name.length() != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (name.charAt(i) != chars[offset + i])
            {
                return false;
            }
        }
        return true;
    }

    private static boolean sameName(final String name, final ByteBuffer buffer, final int offset, final int length)
    {
        if (name.length() != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (name.charAt(i) != (buffer.get(offset + i) & 0xFF))
            {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString()
    {
        return "SymbolRegistry" + Arrays.toString(table);
    }
}
