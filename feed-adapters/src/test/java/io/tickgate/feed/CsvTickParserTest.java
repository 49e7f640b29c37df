package io.tickgate.feed;

import io.tickgate.codec.FixedPoint;
import io.tickgate.codec.TickFields;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvTickParserTest
{
    private static final String GOOD = "AAPL,1764100000123456,189.12,300,189.14,200,189.13,100,1234567";

    private final CsvTickParser parser = new CsvTickParser();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);

    @Test
    void shouldParseContractExample()
    {
        assertEquals(CsvTickParser.PARSED, parse(GOOD, false));

        final TickFields f = parser.fields();
        assertEquals("AAPL", buffer.getStringWithoutLengthAscii(parser.symbolOffset(), parser.symbolLength()));
        assertEquals(1764100000123456L, f.eventTimeMicros);
        assertEquals(18_912_000_000L, f.bid);
        assertEquals(300, f.bidSize);
        assertEquals(18_914_000_000L, f.ask);
        assertEquals(200, f.askSize);
        assertEquals(18_913_000_000L, f.last);
        assertEquals(100, f.lastSize);
        assertEquals(1234567, f.volume);
    }

    @Test
    void shouldParseValidEdges()
    {
        assertEquals(CsvTickParser.PARSED, parse(GOOD + "\r", false));
        assertEquals(1234567, parser.fields().volume);

        assertEquals(CsvTickParser.PARSED, parse("CL-SPREAD,0,-1.5,1,-0.00000001,1,0,0,0", false));
        assertEquals(-150_000_000L, parser.fields().bid);
        assertEquals(-1L, parser.fields().ask);
        assertEquals(0L, parser.fields().eventTimeMicros);

        assertEquals(CsvTickParser.PARSED, parse(
            "a.b_c:d/e-F01234,9223372036854775807,92233720367.99999999,9223372036854775807," +
            "-92233720367.99999999,0,1.12345678,1,9223372036854775807", true));
        assertEquals(16, parser.symbolLength());
        assertEquals(Long.MAX_VALUE, parser.fields().eventTimeMicros);
        assertEquals(9_223_372_036_799_999_999L, parser.fields().bid);
        assertEquals(-9_223_372_036_799_999_999L, parser.fields().ask);
        assertEquals(112_345_678L, parser.fields().last);
        assertEquals(Long.MAX_VALUE, parser.fields().volume);
    }

    @Test
    void shouldSkipHeaderOnlyOnFirstLine()
    {
        final String header = "symbol,ts,bid,bidSize,ask,askSize,last,lastSize,volume";
        assertEquals(CsvTickParser.SKIPPED, parse(header, true));
        assertEquals(CsvTickParser.SKIPPED, parse(header + "\r", true));
        assertEquals(IngestError.FIELD_COUNT.ordinal(), parse("symbol,ts", false));
        assertEquals(IngestError.BAD_TIMESTAMP.ordinal(), parse(header, false));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "\r", "#", "# a comment", "#AAPL,1,1,1,1,1,1,1,1" })
    void shouldSkipCommentsAndEmptyLines(final String line)
    {
        assertEquals(CsvTickParser.SKIPPED, parse(line, false));
        assertEquals(CsvTickParser.SKIPPED, parse(line, true));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "AAPL,1,1,1,1,1,1,1|FIELD_COUNT",
        "AAPL,1,1,1,1,1,1,1,1,1|FIELD_COUNT",
        "AAPL 1 1 1 1 1 1 1 1|FIELD_COUNT",
        "AAPL,1,1,1,1,1,1,1,1,|FIELD_COUNT",
        ",1,1,1,1,1,1,1,1|BAD_SYMBOL",
        "ABCDEFGHIJKLMNOPQ,1,1,1,1,1,1,1,1|BAD_SYMBOL",
        "AA PL,1,1,1,1,1,1,1,1|BAD_SYMBOL",
        "AAPL$,1,1,1,1,1,1,1,1|BAD_SYMBOL",
        "AAPL,,1,1,1,1,1,1,1|BAD_TIMESTAMP",
        "AAPL,-1,1,1,1,1,1,1,1|BAD_TIMESTAMP",
        "AAPL,+1,1,1,1,1,1,1,1|BAD_TIMESTAMP",
        "AAPL,1.5,1,1,1,1,1,1,1|BAD_TIMESTAMP",
        "AAPL,12ab,1,1,1,1,1,1,1|BAD_TIMESTAMP",
        "AAPL,9223372036854775808,1,1,1,1,1,1,1|BAD_TIMESTAMP",
        "AAPL,99999999999999999999,1,1,1,1,1,1,1|BAD_TIMESTAMP",
        "AAPL,1,1.123456789,1,1,1,1,1,1|BAD_PRICE",
        "AAPL,1,1e3,1,1,1,1,1,1|BAD_PRICE",
        "AAPL,1,1,1,1E3,1,1,1,1|BAD_PRICE",
        "AAPL,1,1,1,1,1,92233720368,1,1|BAD_PRICE",
        "AAPL,1,-92233720368.5,1,1,1,1,1,1|BAD_PRICE",
        "AAPL,1,,1,1,1,1,1,1|BAD_PRICE",
        "AAPL,1,1.,1,1,1,1,1,1|BAD_PRICE",
        "AAPL,1,.5,1,1,1,1,1,1|BAD_PRICE",
        "AAPL,1,-,1,1,1,1,1,1|BAD_PRICE",
        "AAPL,1,NaN,1,1,1,1,1,1|BAD_PRICE",
        "AAPL,1,1,-1,1,1,1,1,1|BAD_SIZE",
        "AAPL,1,1,1,1,1.5,1,1,1|BAD_SIZE",
        "AAPL,1,1,1,1,1,1,,1|BAD_SIZE",
        "AAPL,1,1,1,1,1,1,1,9223372036854775808|BAD_SIZE",
        "AAPL,1,1,1,1,1,1,1,18446744073709551616|BAD_SIZE",
    })
    void shouldRejectBadLineWithItsKind(final String line, final IngestError expected)
    {
        assertEquals(expected.ordinal(), parse(line, false), line);
    }

    @Test
    void shouldRejectSymbolWithNonAsciiByte()
    {
        final byte[] bytes = "AAPL\u00e9,1,1,1,1,1,1,1,1".getBytes(StandardCharsets.UTF_8);
        buffer.putBytes(0, bytes);
        assertEquals(IngestError.BAD_SYMBOL.ordinal(), parser.parse(buffer, 0, bytes.length, false));
    }

    @Test
    void shouldRejectLineOver512BytesButAccept512()
    {
        final String prefix = "AAPL,1,1,1,1,1,1,1,";
        final String at512 = prefix + "0".repeat(512 - prefix.length());
        assertEquals(512, at512.length());
        assertEquals(CsvTickParser.PARSED, parse(at512, false));
        assertEquals(CsvTickParser.PARSED, parse(at512 + "\r", false));
        assertEquals(IngestError.LINE_TOO_LONG.ordinal(), parse(at512 + "0", false));
    }

    @Test
    void shouldRoundTripRandomFixedPointPrices()
    {
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        final UnsafeBuffer line = new UnsafeBuffer(new byte[CsvTickParser.MAX_LINE_LENGTH]);
        final long max = FixedPoint.MAX_WHOLE_UNITS_EXCLUSIVE * FixedPoint.SCALE;
        for (int i = 0; i < 100_000; i++)
        {
            final long price = randomPrice(random, max);
            int at = line.putStringWithoutLengthAscii(0, "X,1,");
            at += FixedPoint.format(price, line, at);
            at += line.putStringWithoutLengthAscii(at, ",1,1,1,1,1,1");
            final int result = parser.parse(line, 0, at, false);
            final String context =
                "seed=" + seed + "L price=" + price + " line=" + line.getStringWithoutLengthAscii(0, at);
            assertEquals(CsvTickParser.PARSED, result, context);
            assertEquals(price, parser.fields().bid, context);
        }
    }

    private static long randomPrice(final SplittableRandom random, final long max)
    {
        final long magnitude;
        switch (random.nextInt(4))
        {
            case 0:
                magnitude = random.nextLong(max);
                break;
            case 1:
                magnitude = random.nextLong(1_000L * FixedPoint.SCALE);
                break;
            case 2:
                magnitude = random.nextLong(100_000) * 1_000_000L; // cents
                break;
            default:
                magnitude = max - 1 - random.nextLong(1_000);
                break;
        }
        return random.nextBoolean() ? magnitude : -magnitude;
    }

    private int parse(final String line, final boolean firstLine)
    {
        final int length = buffer.putStringWithoutLengthAscii(0, line);
        return parser.parse(buffer, 0, length, firstLine);
    }
}
