package io.tickgate.protocol;

/**
 * Exact decimal prices as a {@code long} mantissa with {@value #DECIMALS} implied decimals: 189.12 is
 * {@code 18_912_000_000L}. Binary quotes carry the mantissa as is; JSON carries the decimal text, which
 * {@link #parse} turns back into the mantissa digit by digit, never through a binary float, without allocating.
 */
public final class Prices
{
    /** Implied decimals of a mantissa. */
    public static final int DECIMALS = 8;
    /** The mantissa of 1. */
    public static final long SCALE = 100_000_000L;
    /** Returned by the parsers for text that is not a valid price; no valid price has this mantissa. */
    public static final long INVALID = Long.MIN_VALUE;
    /** The ingest contract keeps |price| below this many whole units so the mantissa fits a long. */
    public static final long MAX_WHOLE_UNITS_EXCLUSIVE = 92_233_720_368L;

    private Prices()
    {
    }

    /**
     * Parse {@code -?digits(.digits{1,8})?}.
     *
     * @param <T>    the kind of source.
     * @param source holding ASCII text.
     * @param reader reads one character of the source.
     * @param offset of the first character.
     * @param length of the text.
     * @return the mantissa, or {@link #INVALID} when the text is not a price within the contract's range.
     */
    public static <T> long parse(final T source, final AsciiReader<T> reader, final int offset, final int length)
    {
        if (length <= 0)
        {
            return INVALID;
        }
        final int end = offset + length;
        int i = offset;
        final boolean negative = reader.charAt(source, i) == '-';
        if (negative)
        {
            i++;
        }

        final int wholeStart = i;
        long whole = 0;
        while (i < end)
        {
            final int digit = reader.charAt(source, i) - '0';
            if (digit < 0 || digit > 9)
            {
                break;
            }
            whole = whole * 10 + digit;
            if (whole >= MAX_WHOLE_UNITS_EXCLUSIVE)
            {
                return INVALID;
            }
            i++;
        }
        if (i == wholeStart)
        {
            return INVALID;
        }

        long fraction = 0;
        if (i < end)
        {
            if (reader.charAt(source, i) != '.')
            {
                return INVALID;
            }
            i++;
            final int fractionDigits = end - i;
            if (fractionDigits < 1 || fractionDigits > DECIMALS)
            {
                return INVALID;
            }
            for (; i < end; i++)
            {
                final int digit = reader.charAt(source, i) - '0';
                if (digit < 0 || digit > 9)
                {
                    return INVALID;
                }
                fraction = fraction * 10 + digit;
            }
            for (int pad = fractionDigits; pad < DECIMALS; pad++)
            {
                fraction *= 10;
            }
        }

        final long mantissa = whole * SCALE + fraction;
        return negative ? -mantissa : mantissa;
    }

    /**
     * @param text to parse.
     * @return the mantissa or {@link #INVALID}.
     */
    public static long parse(final CharSequence text)
    {
        return parse(text, AsciiReader.CHAR_SEQUENCE, 0, text.length());
    }
}
