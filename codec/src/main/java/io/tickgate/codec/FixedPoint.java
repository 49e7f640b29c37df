package io.tickgate.codec;

import io.tickgate.protocol.Prices;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Exact decimal prices as a {@code long} mantissa with 8 implied decimals: 189.12 is {@code 18_912_000_000L}, on
 * Agrona buffers. The rule is {@link Prices}' (shared with the client); printing is here, as only the gateway prints.
 * Parsing and printing go digit by digit, never through a binary float, and neither allocates.
 */
public final class FixedPoint
{
    public static final int DECIMALS = Prices.DECIMALS;
    public static final long SCALE = Prices.SCALE;
    /** Returned by the parsers for text that is not a valid price; no valid price has this mantissa. */
    public static final long INVALID = Prices.INVALID;
    /** The ingest contract keeps |price| below this many whole units so the mantissa fits a long. */
    public static final long MAX_WHOLE_UNITS_EXCLUSIVE = Prices.MAX_WHOLE_UNITS_EXCLUSIVE;
    /** Longest text {@link #format} writes: sign, 11 whole digits, point and 8 decimals. */
    public static final int MAX_FORMATTED_LENGTH = 1 + 11 + 1 + DECIMALS;

    private FixedPoint()
    {
    }

    /**
     * Parse {@code -?digits(.digits{1,8})?}, by {@link Prices}' rule.
     *
     * @param buffer holding ASCII text.
     * @param offset of the first character.
     * @param length of the text.
     * @return the mantissa, or {@link #INVALID} when the text is not a price within the contract's range.
     */
    public static long parse(final DirectBuffer buffer, final int offset, final int length)
    {
        return Prices.parse(buffer, AsciiBuffers.READER, offset, length);
    }

    /**
     * Cold-path convenience.
     *
     * @param text to parse.
     * @return the mantissa or {@link #INVALID}.
     */
    public static long parse(final CharSequence text)
    {
        return Prices.parse(text);
    }

    /**
     * Write the shortest exact decimal for a mantissa: 18_912_000_000 becomes {@code 189.12}, 5 * SCALE becomes
     * {@code 5}.
     *
     * @param mantissa to print.
     * @param buffer   to write ASCII into; needs {@link #MAX_FORMATTED_LENGTH} bytes of room.
     * @param offset   where to start.
     * @return bytes written.
     */
    public static int format(final long mantissa, final MutableDirectBuffer buffer, final int offset)
    {
        int i = offset;
        long whole = mantissa / SCALE;
        long fraction = mantissa % SCALE;
        if (mantissa < 0)
        {
            buffer.putByte(i++, (byte)'-');
            whole = -whole;
            fraction = -fraction;
        }
        i += buffer.putLongAscii(i, whole);
        if (0 != fraction)
        {
            int digits = DECIMALS;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }
            buffer.putByte(i, (byte)'.');
            for (int d = digits; d > 0; d--)
            {
                buffer.putByte(i + d, (byte)('0' + fraction % 10));
                fraction /= 10;
            }
            i += digits + 1;
        }
        return i - offset;
    }

    /**
     * Cold-path rendering, for logs, tests and CSV export.
     *
     * @param mantissa to render.
     * @return the exact decimal text.
     */
    public static String toString(final long mantissa)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MAX_FORMATTED_LENGTH]);
        final int length = format(mantissa, buffer, 0);
        return buffer.getStringWithoutLengthAscii(0, length);
    }
}
