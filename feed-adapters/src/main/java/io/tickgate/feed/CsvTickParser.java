package io.tickgate.feed;

import io.tickgate.codec.FixedPoint;
import io.tickgate.codec.Symbols;
import io.tickgate.codec.TickFields;
import org.agrona.DirectBuffer;

/**
 * Parses one line of the {@code ingest-csv-v1} contract into a reused {@link TickFields} plus the symbol's position
 * in the line, without allocating:
 * <pre>
 *   symbol,ts,bid,bidSize,ask,askSize,last,lastSize,volume
 * </pre>
 * <b>Note:</b> not threadsafe; one instance per thread. The results stay valid until the next call.
 */
public final class CsvTickParser
{
    /** The line was a tick; read it from {@link #fields()}, {@link #symbolOffset()} and {@link #symbolLength()}. */
    public static final int PARSED = -1;
    /** The line was a header, a comment or empty. */
    public static final int SKIPPED = -2;
    /** Longest line accepted, in bytes, without its terminator. */
    public static final int MAX_LINE_LENGTH = 512;
    public static final int FIELD_COUNT = 9;

    private static final byte[] HEADER_PREFIX = { 's', 'y', 'm', 'b', 'o', 'l', ',' };
    private static final long NOT_A_NUMBER = -1;

    private final TickFields fields = new TickFields();
    private final int[] fieldStart = new int[FIELD_COUNT];
    private final int[] fieldLength = new int[FIELD_COUNT];

    /**
     * Parse a line held in a buffer.
     *
     * @param buffer    holding the line.
     * @param offset    of the first byte.
     * @param length    of the line without its {@code \n}; a trailing {@code \r} is stripped here.
     * @param firstLine true for the first line of a source, the only place a header is allowed.
     * @return {@link #PARSED}, {@link #SKIPPED}, or the {@link IngestError#ordinal()} of the rejection.
     */
    public int parse(final DirectBuffer buffer, final int offset, final int length, final boolean firstLine)
    {
        int end = offset + length;
        if (end > offset && '\r' == buffer.getByte(end - 1))
        {
            end--;
        }
        final int lineLength = end - offset;
        if (lineLength > MAX_LINE_LENGTH)
        {
            return IngestError.LINE_TOO_LONG.ordinal();
        }
        if (0 == lineLength || '#' == buffer.getByte(offset) || (firstLine && isHeader(buffer, offset, lineLength)))
        {
            return SKIPPED;
        }
        if (!split(buffer, offset, end))
        {
            return IngestError.FIELD_COUNT.ordinal();
        }
        if (!Symbols.isValid(buffer, fieldStart[0], fieldLength[0]))
        {
            return IngestError.BAD_SYMBOL.ordinal();
        }

        final TickFields fields = this.fields;
        fields.eventTimeMicros = parseNonNegativeLong(buffer, fieldStart[1], fieldLength[1]);
        if (NOT_A_NUMBER == fields.eventTimeMicros)
        {
            return IngestError.BAD_TIMESTAMP.ordinal();
        }
        fields.bid = FixedPoint.parse(buffer, fieldStart[2], fieldLength[2]);
        fields.ask = FixedPoint.parse(buffer, fieldStart[4], fieldLength[4]);
        fields.last = FixedPoint.parse(buffer, fieldStart[6], fieldLength[6]);
        if (FixedPoint.INVALID == fields.bid || FixedPoint.INVALID == fields.ask || FixedPoint.INVALID == fields.last)
        {
            return IngestError.BAD_PRICE.ordinal();
        }
        fields.bidSize = parseNonNegativeLong(buffer, fieldStart[3], fieldLength[3]);
        fields.askSize = parseNonNegativeLong(buffer, fieldStart[5], fieldLength[5]);
        fields.lastSize = parseNonNegativeLong(buffer, fieldStart[7], fieldLength[7]);
        fields.volume = parseNonNegativeLong(buffer, fieldStart[8], fieldLength[8]);
        if (NOT_A_NUMBER == fields.bidSize || NOT_A_NUMBER == fields.askSize ||
            NOT_A_NUMBER == fields.lastSize || NOT_A_NUMBER == fields.volume)
        {
            return IngestError.BAD_SIZE.ordinal();
        }
        return PARSED;
    }

    /**
     * @return the values of the last parsed tick, reused by every call.
     */
    public TickFields fields()
    {
        return fields;
    }

    /**
     * @return offset of the last parsed tick's symbol in the buffer given to {@link #parse}.
     */
    public int symbolOffset()
    {
        return fieldStart[0];
    }

    /**
     * @return length of the last parsed tick's symbol.
     */
    public int symbolLength()
    {
        return fieldLength[0];
    }

    private boolean split(final DirectBuffer buffer, final int offset, final int end)
    {
        int field = 0;
        int start = offset;
        for (int i = offset; i < end; i++)
        {
            if (',' == buffer.getByte(i))
            {
                if (field == FIELD_COUNT - 1)
                {
                    return false;
                }
                fieldStart[field] = start;
                fieldLength[field] = i - start;
                field++;
                start = i + 1;
            }
        }
        if (field != FIELD_COUNT - 1)
        {
            return false;
        }
        fieldStart[field] = start;
        fieldLength[field] = end - start;
        return true;
    }

    private static boolean isHeader(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < HEADER_PREFIX.length)
        {
            return false;
        }
        for (int i = 0; i < HEADER_PREFIX.length; i++)
        {
            if (HEADER_PREFIX[i] != buffer.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Plain digits only (no sign, no spaces), rejecting anything above {@link Long#MAX_VALUE}.
     */
    private static long parseNonNegativeLong(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 1)
        {
            return NOT_A_NUMBER;
        }
        long value = 0;
        for (int i = offset, end = offset + length; i < end; i++)
        {
            final int digit = buffer.getByte(i) - '0';
            if (digit < 0 || digit > 9 || value > (Long.MAX_VALUE - digit) / 10)
            {
                return NOT_A_NUMBER;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
