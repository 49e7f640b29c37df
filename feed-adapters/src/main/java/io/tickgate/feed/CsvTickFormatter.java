package io.tickgate.feed;

import io.tickgate.codec.FixedPoint;
import io.tickgate.codec.Symbols;
import io.tickgate.codec.TickDecoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Writes a journaled tick as one line of the {@code ingest-csv-v1} contract, the inverse of {@link CsvTickParser}:
 * <pre>
 *   symbol,ts,bid,bidSize,ask,askSize,last,lastSize,volume
 * </pre>
 * Prices are the shortest exact decimal of the fixed-point mantissa ({@link FixedPoint#format}), never a float, so
 * parsing the line gives back the same mantissas. Nothing is allocated.
 * <b>Note:</b> stateless; threadsafe.
 */
public final class CsvTickFormatter
{
    /** The contract's header line, without its {@code \n}. */
    public static final String HEADER = "symbol,ts,bid,bidSize,ask,askSize,last,lastSize,volume";
    /** Most bytes {@link #format} writes: symbol, 8 commas, 3 prices, 5 longs (with sign) and the {@code \n}. */
    public static final int MAX_LINE_LENGTH = Symbols.MAX_LENGTH + 8 + 3 * FixedPoint.MAX_FORMATTED_LENGTH + 5 * 20 + 1;

    private CsvTickFormatter()
    {
    }

    /**
     * Write one line, {@code \n} included.
     *
     * @param symbol       buffer holding the symbol's ASCII text.
     * @param symbolOffset where the text starts.
     * @param symbolLength its length.
     * @param tick         the tick's values (its symbol id, seq and ingest time are not part of the line).
     * @param buffer       to write into; needs {@link #MAX_LINE_LENGTH} bytes of room from {@code offset}.
     * @param offset       where to start.
     * @return bytes written.
     */
    public static int format(
        final DirectBuffer symbol,
        final int symbolOffset,
        final int symbolLength,
        final TickDecoder tick,
        final MutableDirectBuffer buffer,
        final int offset)
    {
        int i = offset;
        buffer.putBytes(i, symbol, symbolOffset, symbolLength);
        i += symbolLength;
        buffer.putByte(i++, (byte)',');
        i += buffer.putLongAscii(i, tick.eventTimeMicros());
        buffer.putByte(i++, (byte)',');
        i += FixedPoint.format(tick.bid(), buffer, i);
        buffer.putByte(i++, (byte)',');
        i += buffer.putLongAscii(i, tick.bidSize());
        buffer.putByte(i++, (byte)',');
        i += FixedPoint.format(tick.ask(), buffer, i);
        buffer.putByte(i++, (byte)',');
        i += buffer.putLongAscii(i, tick.askSize());
        buffer.putByte(i++, (byte)',');
        i += FixedPoint.format(tick.last(), buffer, i);
        buffer.putByte(i++, (byte)',');
        i += buffer.putLongAscii(i, tick.lastSize());
        buffer.putByte(i++, (byte)',');
        i += buffer.putLongAscii(i, tick.volume());
        buffer.putByte(i++, (byte)'\n');
        return i - offset;
    }
}
