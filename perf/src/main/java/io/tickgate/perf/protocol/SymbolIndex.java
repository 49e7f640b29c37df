package io.tickgate.perf.protocol;

import java.util.List;

/**
 * Symbol text to a dense index, looked up from a range of a {@link CharSequence} without allocating
 * (open addressing on a String-compatible hash, Fibonacci-mixed into the slot, full hash compared before the text).
 * Immutable after construction, so safe to share between threads.
 * <p>
 * The mixing matters: generated names such as {@code LOAD0001..LOAD0500} have String hashes that differ only in
 * their low bits, and {@code hash & mask} with linear probing made long clusters; a profile of the load generator
 * against the gateway showed {@link #matches} as its top method before the change.
 */
public final class SymbolIndex
{
    private final String[] names;
    private final int[] slots;
    private final int[] hashes;
    private final int mask;
    private final int shift;

    public SymbolIndex(final List<String> symbols)
    {
        names = symbols.toArray(new String[0]);
        int size = 16;
        int bits = 4;
        while (size < names.length * 4)
        {
            size <<= 1;
            bits++;
        }
        slots = new int[size];
        hashes = new int[size];
        mask = size - 1;
        shift = 32 - bits;
        for (int i = 0; i < names.length; i++)
        {
            final int h = names[i].hashCode();
            int slot = (h * 0x9E3779B9) >>> shift;
            while (slots[slot] != 0)
            {
                if (names[slots[slot] - 1].equals(names[i]))
                {
                    throw new IllegalArgumentException("duplicate symbol " + names[i]);
                }
                slot = (slot + 1) & mask;
            }
            slots[slot] = i + 1;
            hashes[slot] = h;
        }
    }

    public int size()
    {
        return names.length;
    }

    public String name(final int index)
    {
        return names[index];
    }

    /** @return the index of the symbol in {@code text[start, end)}, or -1. */
    public int indexOf(final CharSequence text, final int start, final int end)
    {
        int h = 0;
        for (int i = start; i < end; i++)
        {
            h = 31 * h + text.charAt(i);
        }
        int slot = (h * 0x9E3779B9) >>> shift;
        while (true)
        {
            final int entry = slots[slot];
            if (0 == entry)
            {
                return -1;
            }
            if (hashes[slot] == h && matches(names[entry - 1], text, start, end))
            {
                return entry - 1;
            }
            slot = (slot + 1) & mask;
        }
    }

    private static boolean matches(final String name, final CharSequence text, final int start, final int end)
    {
        if (name.length() != end - start)
        {
            return false;
        }
        for (int i = 0; i < name.length(); i++)
        {
            if (name.charAt(i) != text.charAt(start + i))
            {
                return false;
            }
        }
        return true;
    }
}
