package io.tickgate.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

class FixedPointTest
{
    /** Smallest mantissa magnitude the contract rejects: 92,233,720,368 whole units. */
    private static final long LIMIT = FixedPoint.MAX_WHOLE_UNITS_EXCLUSIVE * FixedPoint.SCALE;
    private static final long[] POWERS_OF_TEN = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L };

    @ParameterizedTest
    @CsvSource({
        "0,                      0",
        "-0,                     0",
        "0.0,                    0",
        "5,                      500000000",
        "189.12,                 18912000000",
        "189.12000000,           18912000000",
        "-0.5,                   -50000000",
        "0.00000001,             1",
        "-0.00000001,            -1",
        "0.99999999,             99999999",
        "1.5,                    150000000",
        "007.25,                 725000000",
        "1234567890.12345678,    123456789012345678",
        "92233720367,            9223372036700000000",
        "92233720367.99999999,   9223372036799999999",
        "-92233720367.99999999,  -9223372036799999999",
        "-92233720367,           -9223372036700000000",
    })
    void shouldParseValidPrices(final String text, final long expected)
    {
        assertEquals(expected, FixedPoint.parse(text), text);
        final byte[] padded = ("x," + text + ",y").getBytes(StandardCharsets.US_ASCII);
        assertEquals(expected, FixedPoint.parse(new UnsafeBuffer(padded), 2, text.length()), "in a line: " + text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "-", "+", "+5", "+0.5", ".5", "-.5", "5.", "-5.", ".", "1e5", "1E5", "1.5e2", "1.0E-8",
        "0.000000001", "1.123456789", "-0.000000001",
        "92233720368", "-92233720368", "92233720368.0", "92233720368.00000001", "-92233720368.5",
        "99999999999", "100000000000", "9223372036854775807", "-9223372036854775808", "123456789012345678901234",
        "1,5", "1 ", " 1", "1.2.3", "--5", "5-", "1.-2", "1..2", "0x10", "abc", "NaN", "Infinity", "1_000", "١",
    })
    void shouldRejectInvalidPrices(final String text)
    {
        assertEquals(FixedPoint.INVALID, FixedPoint.parse(text), "'" + text + "'");
    }

    @Test
    void shouldRejectNonPositiveLength()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer("12".getBytes(StandardCharsets.US_ASCII));
        assertEquals(FixedPoint.INVALID, FixedPoint.parse(buffer, 0, 0));
        assertEquals(FixedPoint.INVALID, FixedPoint.parse(buffer, 0, -1));
    }

    @Test
    void shouldNotReadPastTheGivenLength()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer("12.5x".getBytes(StandardCharsets.US_ASCII));
        assertEquals(1_200_000_000L, FixedPoint.parse(buffer, 0, 2));
        assertEquals(1_250_000_000L, FixedPoint.parse(buffer, 0, 4));
        assertEquals(FixedPoint.INVALID, FixedPoint.parse(buffer, 0, 5));
    }

    @ParameterizedTest
    @CsvSource({
        "18912000000,           189.12",
        "500000000,             5",
        "-50000000,             -0.5",
        "1,                     0.00000001",
        "-1,                    -0.00000001",
        "0,                     0",
        "1000000000,            10",
        "-1000000000,           -10",
        "10,                    0.0000001",
        "100000001,             1.00000001",
        "9223372036799999999,   92233720367.99999999",
        "-9223372036799999999,  -92233720367.99999999",
        "9223372036854775807,   92233720368.54775807",
        "-9223372036854775807,  -92233720368.54775807",
        "-9223372036854775808,  -92233720368.54775808",
    })
    void shouldFormatShortestExactDecimal(final long mantissa, final String expected)
    {
        assertEquals(expected, FixedPoint.toString(mantissa));
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[3 + FixedPoint.MAX_FORMATTED_LENGTH + 3]);
        buffer.setMemory(0, buffer.capacity(), (byte)'#');
        final int length = FixedPoint.format(mantissa, buffer, 3);
        assertEquals(expected.length(), length);
        assertNotLonger(length);
        assertEquals(expected, buffer.getStringWithoutLengthAscii(3, length));
        assertEquals((byte)'#', buffer.getByte(2));
        assertEquals((byte)'#', buffer.getByte(3 + length));
    }

    @Test
    void shouldRoundTripRandomMantissasAgainstBigDecimalOracle()
    {
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[FixedPoint.MAX_FORMATTED_LENGTH]);
        long mantissa = 0;
        try
        {
            for (int i = 0; i < 200_000; i++)
            {
                mantissa = nextMantissa(random, i);
                final int length = FixedPoint.format(mantissa, buffer, 0);
                final String text = buffer.getStringWithoutLengthAscii(0, length);
                final String oracle = BigDecimal.valueOf(mantissa, FixedPoint.DECIMALS).stripTrailingZeros()
                    .toPlainString();
                assertEquals(oracle, text, "format");
                assertNotLonger(length);
                assertEquals(mantissa, FixedPoint.parse(buffer, 0, length), "parse(format(x))");
                assertEquals(mantissa, FixedPoint.parse(BigDecimal.valueOf(mantissa, FixedPoint.DECIMALS)
                    .toPlainString()), "parse of 8-decimal padded text");
            }
        }
        catch (final AssertionError ex)
        {
            fail("seed = " + seed + "L, mantissa = " + mantissa + "L: " + ex.getMessage(), ex);
        }
    }

    private static void assertNotLonger(final int length)
    {
        if (length > FixedPoint.MAX_FORMATTED_LENGTH)
        {
            fail("formatted length " + length + " > " + FixedPoint.MAX_FORMATTED_LENGTH);
        }
    }

    private static long nextMantissa(final SplittableRandom random, final int i)
    {
        final long sign = random.nextBoolean() ? 1 : -1;
        switch (i % 6)
        {
            case 0:
                return random.nextLong(-LIMIT + 1, LIMIT);
            case 1:
                return sign * random.nextLong(FixedPoint.SCALE * 2);
            case 2:
                return sign * (LIMIT - 1 - random.nextLong(1_000_000_000L));
            case 3:
            {
                final long power = POWERS_OF_TEN[random.nextInt(POWERS_OF_TEN.length)];
                return sign * (random.nextLong(LIMIT / power) * power);
            }
            case 4:
                return sign * random.nextLong(FixedPoint.MAX_WHOLE_UNITS_EXCLUSIVE) * FixedPoint.SCALE;
            default:
                return sign * random.nextLong(1L << random.nextInt(1, 63));
        }
    }
}
