package io.tickgate.feed;

import io.tickgate.codec.FixedPoint;
import io.tickgate.codec.MessageHeaderEncoder;
import io.tickgate.codec.TickDecoder;
import io.tickgate.codec.TickEncoder;
import io.tickgate.codec.TickFields;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CsvTickFormatter} is the inverse of {@link CsvTickParser}: every field survives format then parse exactly.
 */
class CsvTickFormatterTest
{
    private static final long MAX_PRICE = FixedPoint.MAX_WHOLE_UNITS_EXCLUSIVE * FixedPoint.SCALE - 1;

    private final UnsafeBuffer tickBuffer = new UnsafeBuffer(new byte[TickEncoder.ENCODED_LENGTH]);
    private final UnsafeBuffer line = new UnsafeBuffer(new byte[CsvTickFormatter.MAX_LINE_LENGTH]);
    private final TickDecoder decoder = new TickDecoder();
    private final CsvTickParser parser = new CsvTickParser();

    @Test
    void shouldWriteTheContractsExample()
    {
        final TickFields fields = fields(1764100000123456L, 18_912_000_000L, 300, 18_914_000_000L, 200,
            18_913_000_000L, 100, 1234567);
        assertEquals("AAPL,1764100000123456,189.12,300,189.14,200,189.13,100,1234567\n", format("AAPL", fields));
    }

    @ParameterizedTest
    @ValueSource(longs = { 0, 1, -1, 100_000_000, -100_000_000, 12_345_678_901L, MAX_PRICE, -MAX_PRICE, 50_000_000,
        -99_999_999 })
    void shouldRoundTripEdgePrices(final long price)
    {
        assertRoundTrip("X.Y_Z:1/2-3abcde", fields(0, price, 0, -price, Long.MAX_VALUE, price, 1, Long.MAX_VALUE));
    }

    @Test
    void shouldRoundTripRandomTicks()
    {
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++)
        {
            assertRoundTrip("S" + i % 97, fields(random.nextLong(0, Long.MAX_VALUE),
                random.nextLong(-MAX_PRICE, MAX_PRICE + 1), random.nextLong(0, Long.MAX_VALUE),
                random.nextLong(-MAX_PRICE, MAX_PRICE + 1), random.nextLong(0, 1000),
                random.nextLong(-1000, 1000), random.nextLong(0, Long.MAX_VALUE), random.nextLong(0, Long.MAX_VALUE)));
        }
    }

    private void assertRoundTrip(final String symbol, final TickFields fields)
    {
        final String text = format(symbol, fields);
        assertTrue(text.length() <= CsvTickFormatter.MAX_LINE_LENGTH, text);
        assertEquals(CsvTickParser.PARSED, parser.parse(line, 0, text.length() - 1, true), text);
        final TickFields parsed = parser.fields();
        assertEquals(symbol, line.getStringWithoutLengthAscii(parser.symbolOffset(), parser.symbolLength()));
        assertEquals(fields.eventTimeMicros, parsed.eventTimeMicros, text);
        assertEquals(fields.bid, parsed.bid, text);
        assertEquals(fields.bidSize, parsed.bidSize, text);
        assertEquals(fields.ask, parsed.ask, text);
        assertEquals(fields.askSize, parsed.askSize, text);
        assertEquals(fields.last, parsed.last, text);
        assertEquals(fields.lastSize, parsed.lastSize, text);
        assertEquals(fields.volume, parsed.volume, text);
    }

    private String format(final String symbol, final TickFields fields)
    {
        fields.encodeInto(new TickEncoder().wrapAndApplyHeader(tickBuffer, 0)).symbolId(3).seq(9);
        decoder.wrap(tickBuffer, MessageHeaderEncoder.ENCODED_LENGTH);
        final byte[] bytes = symbol.getBytes(StandardCharsets.US_ASCII);
        final int length = CsvTickFormatter.format(new UnsafeBuffer(bytes), 0, bytes.length, decoder, line, 0);
        return line.getStringWithoutLengthAscii(0, length);
    }

    private static TickFields fields(final long ts, final long bid, final long bidSize, final long ask,
        final long askSize, final long last, final long lastSize, final long volume)
    {
        final TickFields fields = new TickFields();
        fields.eventTimeMicros = ts;
        fields.bid = bid;
        fields.bidSize = bidSize;
        fields.ask = ask;
        fields.askSize = askSize;
        fields.last = last;
        fields.lastSize = lastSize;
        fields.volume = volume;
        return fields;
    }
}
