package io.tickgate.perf.jmh;

import io.tickgate.codec.FixedPoint;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Exact price parse and format, with the JDK's {@link BigDecimal} as the baseline. Two baselines per direction:
 * the bare JDK call ({@code new BigDecimal(text)}, {@code toPlainString()}) and the one that does the same job as
 * FixedPoint (text to an 8-decimal {@code long} mantissa and back), which is the fair comparison.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = { BenchmarkFlags.AGRONA })
@State(Scope.Thread)
public class FixedPointBenchmark
{
    @Param({ "0", "189.12", "-0.00000001", "92233720367.99999999" })
    public String text;

    private final UnsafeBuffer in = new UnsafeBuffer(new byte[64]);
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
    private int length;
    private long mantissa;
    private BigDecimal decimal;

    @Setup
    public void setup()
    {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        in.putBytes(0, bytes);
        length = bytes.length;
        mantissa = FixedPoint.parse(in, 0, length);
        decimal = new BigDecimal(text);
        if (FixedPoint.INVALID == mantissa || mantissa != bigDecimalParseToMantissa())
        {
            throw new IllegalStateException("parse disagrees with BigDecimal for " + text);
        }
        final int n = FixedPoint.format(mantissa, out, 0);
        if (!out.getStringWithoutLengthAscii(0, n).equals(bigDecimalFormatFromMantissa()))
        {
            throw new IllegalStateException("format disagrees with BigDecimal for " + text);
        }
    }

    /** ASCII bytes in a buffer (as read off the ingest socket) to a mantissa. */
    @Benchmark
    public long parse()
    {
        return FixedPoint.parse(in, 0, length);
    }

    /** Baseline: the bare JDK parse of the same text, already a String. */
    @Benchmark
    public BigDecimal bigDecimalParse()
    {
        return new BigDecimal(text);
    }

    /** Baseline doing FixedPoint's job: text to an exact 8-decimal mantissa. */
    @Benchmark
    public long bigDecimalParseToMantissa()
    {
        return new BigDecimal(text).movePointRight(FixedPoint.DECIMALS).longValueExact();
    }

    /** Mantissa to the shortest exact decimal, into a reused buffer. */
    @Benchmark
    public int format()
    {
        return FixedPoint.format(mantissa, out, 0);
    }

    /** Baseline: the bare JDK print of an already-built BigDecimal. */
    @Benchmark
    public String bigDecimalToPlainString()
    {
        return decimal.toPlainString();
    }

    /** Baseline doing FixedPoint's job: mantissa to the shortest exact decimal text. */
    @Benchmark
    public String bigDecimalFormatFromMantissa()
    {
        final BigDecimal d = BigDecimal.valueOf(mantissa, FixedPoint.DECIMALS).stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }
}
