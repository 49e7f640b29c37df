package io.tickgate.codec;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Symbol text to dense small-int id and back. Ids are given in order from 0, so maps keyed by symbol are arrays.
 * Lookups from bytes allocate nothing: a symbol of at most 16 ASCII bytes packs into two longs, which key an
 * open-addressing table.
 * <p>
 * <b>Note:</b> one writer thread calls {@link #add}/{@link #define}; any thread may call {@link #count()} and
 * {@link #name(int)} for ids below the count it read, which are safely published. Byte lookups belong to the writer.
 */
public final class SymbolTable
{
    public static final int NOT_FOUND = -1;
    public static final int FULL = -2;
    public static final int INVALID_SYMBOL = -3;
    public static final int OUT_OF_ORDER = -4;

    private final int capacity;
    private final int mask;
    private final long[] keys;
    private final int[] slotIds;
    private final String[] names;
    private final int[] nameLengths;
    private final UnsafeBuffer nameBytes;
    private volatile int count;

    /**
     * @param capacity the most symbols this table will ever hold.
     */
    public SymbolTable(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        final int slots = BitUtil.findNextPositivePowerOfTwo(capacity * 2);
        this.mask = slots - 1;
        this.keys = new long[slots * 2];
        this.slotIds = new int[slots];
        this.names = new String[capacity];
        this.nameLengths = new int[capacity];
        this.nameBytes = new UnsafeBuffer(new byte[capacity * Symbols.MAX_LENGTH]);
    }

    public int capacity()
    {
        return capacity;
    }

    /**
     * @return how many symbols are defined; ids {@code 0..count-1} are valid.
     */
    public int count()
    {
        return count;
    }

    /**
     * @param buffer holding the symbol's ASCII text.
     * @param offset of the text.
     * @param length of the text.
     * @return the symbol's id, or {@link #NOT_FOUND}.
     */
    public int lookup(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 1 || length > Symbols.MAX_LENGTH)
        {
            return NOT_FOUND;
        }
        final long high = pack(buffer, offset, Math.min(length, 8));
        final long low = length > 8 ? pack(buffer, offset + 8, length - 8) : 0L;
        final int slot = findSlot(high, low);
        return slotIds[slot] - 1;
    }

    /**
     * Cold-path lookup by text.
     *
     * @param symbol text.
     * @return the id or {@link #NOT_FOUND}.
     */
    public int lookup(final String symbol)
    {
        final byte[] bytes = symbol.getBytes(StandardCharsets.US_ASCII);
        return lookup(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    /**
     * Return the id of a symbol, giving it the next id when it is new.
     *
     * @param buffer holding the symbol's ASCII text.
     * @param offset of the text.
     * @param length of the text.
     * @return the id, {@link #INVALID_SYMBOL} or {@link #FULL}.
     */
    public int add(final DirectBuffer buffer, final int offset, final int length)
    {
        final int existing = lookup(buffer, offset, length);
        if (existing >= 0)
        {
            return existing;
        }
        return define(count, buffer, offset, length);
    }

    /**
     * Bind a symbol to a given id, as read back from the journal. Ids must arrive in order.
     *
     * @param id     expected to equal {@link #count()}, or to be the id the symbol already has.
     * @param buffer holding the symbol's ASCII text.
     * @param offset of the text.
     * @param length of the text.
     * @return the id, or {@link #INVALID_SYMBOL}, {@link #FULL} or {@link #OUT_OF_ORDER}.
     */
    public int define(final int id, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!Symbols.isValid(buffer, offset, length))
        {
            return INVALID_SYMBOL;
        }
        final long high = pack(buffer, offset, Math.min(length, 8));
        final long low = length > 8 ? pack(buffer, offset + 8, length - 8) : 0L;
        final int slot = findSlot(high, low);
        if (0 != slotIds[slot])
        {
            return slotIds[slot] - 1 == id ? id : OUT_OF_ORDER;
        }
        final int next = count;
        if (id != next)
        {
            return OUT_OF_ORDER;
        }
        if (next >= capacity)
        {
            return FULL;
        }
        keys[slot * 2] = high;
        keys[slot * 2 + 1] = low;
        slotIds[slot] = next + 1;
        nameBytes.putBytes(next * Symbols.MAX_LENGTH, buffer, offset, length);
        nameLengths[next] = length;
        names[next] = buffer.getStringWithoutLengthAscii(offset, length);
        count = next + 1;
        return next;
    }

    /**
     * @param id of a defined symbol.
     * @return its text.
     */
    public String name(final int id)
    {
        return names[id];
    }

    /**
     * @return a buffer holding every symbol's ASCII text at {@link #nameOffset(int)}.
     */
    public DirectBuffer nameBytes()
    {
        return nameBytes;
    }

    public int nameOffset(final int id)
    {
        return id * Symbols.MAX_LENGTH;
    }

    public int nameLength(final int id)
    {
        return nameLengths[id];
    }

    private int findSlot(final long high, final long low)
    {
        int slot = (int)mix(high * 31 + low) & mask;
        while (0 != slotIds[slot] && (keys[slot * 2] != high || keys[slot * 2 + 1] != low))
        {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static long pack(final DirectBuffer buffer, final int offset, final int length)
    {
        long value = 0;
        for (int i = 0; i < length; i++)
        {
            value |= (buffer.getByte(offset + i) & 0xFFL) << (i * 8);
        }
        return value;
    }

    private static long mix(final long value)
    {
        long x = value * 0x9E3779B97F4A7C15L;
        x ^= x >>> 32;
        return x;
    }
}
