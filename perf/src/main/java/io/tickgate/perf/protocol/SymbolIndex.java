package io.tickgate.perf.protocol;

import java.util.Arrays;
import java.util.List;

/**
 * Symbol text to a dense index (0, 1, 2, ... in the order added), looked up from a range of a {@link CharSequence}
 * without allocating (open addressing on a String-compatible hash, Fibonacci-mixed into the slot, full hash compared
 * before the text; at most a quarter of the slots in use). Bytes are looked up through an {@link AsciiView}.
 * <p>
 * The mixing matters: generated names such as {@code LOAD0001..LOAD0500} have String hashes that differ only in
 * their low bits, and {@code hash & mask} with linear probing made long clusters; a profile of the load generator
 * against the gateway showed {@link #matches} as its top method before the change.
 * <p>
 * <b>Note:</b> not threadsafe while names are added. The load generator fills it before its IO threads start and
 * only reads it afterwards (any number of threads may); the null gateway adds and reads on its one thread.
 */
public final class SymbolIndex
{
    private String[] names = new String[16];
    private int count;
    private int[] slots;
    private int[] hashes;
    private int mask;
    private int shift;

    /** An empty index, filled by {@link #add}. */
    public SymbolIndex()
    {
        resize(16);
    }

    /** These names, their indexes in list order. */
    public SymbolIndex(final List<String> symbols)
    {
        this();
        for (final String name : symbols)
        {
            add(name);
        }
    }

    /**
     * @return the new name's index, {@link #size()} before the call.
     * @throws IllegalArgumentException when the name is there already.
     */
    public int add(final String name)
    {
        if ((count + 1) * 4 > slots.length)
        {
            resize(slots.length * 2);
        }
        if (count == names.length)
        {
            names = Arrays.copyOf(names, count * 2);
        }
        names[count] = name;
        insert(count);
        return count++;
    }

    public int size()
    {
        return count;
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

    private void insert(final int index)
    {
        final int h = names[index].hashCode();
        int slot = (h * 0x9E3779B9) >>> shift;
        while (slots[slot] != 0)
        {
            if (names[slots[slot] - 1].equals(names[index]))
            {
                throw new IllegalArgumentException("duplicate symbol " + names[index]);
            }
            slot = (slot + 1) & mask;
        }
        slots[slot] = index + 1;
        hashes[slot] = h;
    }

    /** Rehashes into {@code size} (a power of two) slots. */
    private void resize(final int size)
    {
        slots = new int[size];
        hashes = new int[size];
        mask = size - 1;
        shift = 32 - Integer.numberOfTrailingZeros(size);
        for (int i = 0; i < count; i++)
        {
            insert(i);
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
