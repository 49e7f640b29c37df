package io.tickgate.perf.jmh;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import io.tickgate.codec.FixedPoint;
import io.tickgate.codec.JsonQuoteWriter;
import io.tickgate.codec.MessageHeaderEncoder;
import io.tickgate.codec.SymbolTable;
import io.tickgate.codec.TickDecoder;
import io.tickgate.codec.TickEncoder;
import io.tickgate.codec.TickFields;
import org.agrona.BufferUtil;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Which JSON writer should the gateway use for a quote? The hand-written {@link JsonQuoteWriter} (pre-encoded names,
 * digits printed straight into an {@link UnsafeBuffer}) against jackson-core's streaming {@link JsonGenerator}, both
 * starting from the same {@link TickDecoder} over a journal record and both ending with the quote's bytes in a reused
 * buffer. {@link #setup()} checks that every variant produces byte-identical JSON, so they do the same work.
 * <p>
 * Jackson variants:
 * <ul>
 * <li>{@code jacksonReused}: one generator kept for the whole run over a reused {@link ByteSink}, pre-serialized
 * field names, prices formatted exactly by {@link FixedPoint} into a reused {@code char[]}: the best jackson can
 * do.</li>
 * <li>{@code jacksonNewPerCall}: the same writes, but a new generator per quote (what naive code does).</li>
 * <li>{@code jacksonBigDecimal}: reused generator, prices as {@code BigDecimal} (the "obvious" exact way).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = { BenchmarkFlags.AGRONA })
@State(Scope.Thread)
public class JsonQuoteBenchmark
{
    private static final SerializableString TYPE = new SerializedString("type");
    private static final SerializableString TICK = new SerializedString("tick");
    private static final SerializableString SYMBOL = new SerializedString("symbol");
    private static final SerializableString SEQ = new SerializedString("seq");
    private static final SerializableString TS = new SerializedString("ts");
    private static final SerializableString BID = new SerializedString("bid");
    private static final SerializableString BID_SIZE = new SerializedString("bidSize");
    private static final SerializableString ASK = new SerializedString("ask");
    private static final SerializableString ASK_SIZE = new SerializedString("askSize");
    private static final SerializableString LAST = new SerializedString("last");
    private static final SerializableString LAST_SIZE = new SerializedString("lastSize");
    private static final SerializableString VOLUME = new SerializedString("volume");

    /** typical: an ordinary equity quote; extreme: longest symbol, negative and 8-decimal prices, big sizes. */
    @Param({ "typical", "extreme" })
    public String quote;

    private final UnsafeBuffer record = new UnsafeBuffer(BufferUtil.allocateDirectAligned(128, 64));
    private final UnsafeBuffer out = new UnsafeBuffer(BufferUtil.allocateDirectAligned(JsonQuoteWriter.MAX_LENGTH, 64));
    private final TickDecoder tick = new TickDecoder();
    private final SymbolTable symbols = new SymbolTable(16);
    private final ByteSink sink = new ByteSink(JsonQuoteWriter.MAX_LENGTH);
    private final ByteSink perCallSink = new ByteSink(JsonQuoteWriter.MAX_LENGTH);
    private final UnsafeBuffer priceBytes = new UnsafeBuffer(new byte[FixedPoint.MAX_FORMATTED_LENGTH]);
    private final char[] priceChars = new char[FixedPoint.MAX_FORMATTED_LENGTH];
    private JsonFactory factory;
    private JsonGenerator reused;
    private byte[] reference;

    @Setup
    public void setup() throws IOException
    {
        final boolean typical = "typical".equals(quote);
        final String name = typical ? "AAPL" : "BRK.B:XNYS/ABCD";
        final byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        final int id = symbols.add(new UnsafeBuffer(nameBytes), 0, nameBytes.length);
        final TickFields f = new TickFields();
        f.eventTimeMicros = 1_764_100_000_123_456L;
        f.bid = typical ? 18_912_000_000L : -9_223_372_036_799_999_999L;
        f.ask = typical ? 18_914_000_000L : -1L;
        f.last = typical ? 18_913_000_000L : 12_345_678_912_345_678L;
        f.bidSize = typical ? 300 : Long.MAX_VALUE;
        f.askSize = typical ? 200 : 999_999_999_999L;
        f.lastSize = typical ? 100 : 1;
        f.volume = typical ? 1_234_567 : Long.MAX_VALUE;
        f.encodeInto(new TickEncoder().wrapAndApplyHeader(record, 0)).symbolId(id).seq(123_456_789L)
            .ingestTimeNanos(1_764_100_000_123_456_789L);
        tick.wrap(record, MessageHeaderEncoder.ENCODED_LENGTH);

        factory = new JsonFactoryBuilder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .rootValueSeparator((String)null)
            .build();
        reused = factory.createGenerator(sink);

        reference = null;
        checkSame(bytesOf(handWritten()), "handWritten");
        jacksonReused();
        checkSame(Arrays.copyOf(sink.array(), sink.size()), "jacksonReused");
        jacksonNewPerCall();
        checkSame(Arrays.copyOf(perCallSink.array(), perCallSink.size()), "jacksonNewPerCall");
        jacksonBigDecimal();
        checkSame(Arrays.copyOf(sink.array(), sink.size()), "jacksonBigDecimal");
    }

    @TearDown
    public void tearDown() throws IOException
    {
        reused.close();
    }

    /** The hand-written flyweight writer, straight into a reused off-heap buffer. */
    @Benchmark
    public int handWritten()
    {
        return JsonQuoteWriter.write(JsonQuoteWriter.Type.TICK, tick, symbols, out, 0);
    }

    /** jackson-core at its best: reused generator, pre-serialized names, exact prices as chars. */
    @Benchmark
    public int jacksonReused() throws IOException
    {
        sink.reset();
        writeQuote(reused);
        reused.flush();
        return sink.size();
    }

    /** jackson-core with a new generator per quote (buffers still come from jackson's recycler pool). */
    @Benchmark
    public int jacksonNewPerCall() throws IOException
    {
        perCallSink.reset();
        try (JsonGenerator g = factory.createGenerator(perCallSink))
        {
            writeQuote(g);
        }
        return perCallSink.size();
    }

    /** jackson-core, reused generator, prices through BigDecimal (allocates per price). */
    @Benchmark
    public int jacksonBigDecimal() throws IOException
    {
        sink.reset();
        final JsonGenerator g = reused;
        writeHead(g);
        g.writeFieldName(BID);
        g.writeNumber(decimal(tick.bid()));
        g.writeFieldName(BID_SIZE);
        g.writeNumber(tick.bidSize());
        g.writeFieldName(ASK);
        g.writeNumber(decimal(tick.ask()));
        g.writeFieldName(ASK_SIZE);
        g.writeNumber(tick.askSize());
        g.writeFieldName(LAST);
        g.writeNumber(decimal(tick.last()));
        writeTail(g);
        g.flush();
        return sink.size();
    }

    private void writeQuote(final JsonGenerator g) throws IOException
    {
        writeHead(g);
        g.writeFieldName(BID);
        writePrice(g, tick.bid());
        g.writeFieldName(BID_SIZE);
        g.writeNumber(tick.bidSize());
        g.writeFieldName(ASK);
        writePrice(g, tick.ask());
        g.writeFieldName(ASK_SIZE);
        g.writeNumber(tick.askSize());
        g.writeFieldName(LAST);
        writePrice(g, tick.last());
        writeTail(g);
    }

    private void writeHead(final JsonGenerator g) throws IOException
    {
        g.writeStartObject();
        g.writeFieldName(TYPE);
        g.writeString(TICK);
        g.writeFieldName(SYMBOL);
        g.writeString(symbols.name(tick.symbolId()));
        g.writeFieldName(SEQ);
        g.writeNumber(tick.seq());
        g.writeFieldName(TS);
        g.writeNumber(tick.eventTimeMicros());
    }

    private void writeTail(final JsonGenerator g) throws IOException
    {
        g.writeFieldName(LAST_SIZE);
        g.writeNumber(tick.lastSize());
        g.writeFieldName(VOLUME);
        g.writeNumber(tick.volume());
        g.writeEndObject();
    }

    private void writePrice(final JsonGenerator g, final long mantissa) throws IOException
    {
        final int n = FixedPoint.format(mantissa, priceBytes, 0);
        for (int i = 0; i < n; i++)
        {
            priceChars[i] = (char)priceBytes.getByte(i);
        }
        g.writeNumber(priceChars, 0, n);
    }

    private static BigDecimal decimal(final long mantissa)
    {
        final BigDecimal d = BigDecimal.valueOf(mantissa, FixedPoint.DECIMALS).stripTrailingZeros();
        return d.signum() == 0 ? BigDecimal.ZERO : d;
    }

    private byte[] bytesOf(final int length)
    {
        final byte[] b = new byte[length];
        out.getBytes(0, b);
        return b;
    }

    private void checkSame(final byte[] actual, final String variant)
    {
        if (null == reference)
        {
            reference = actual;
            return;
        }
        if (!Arrays.equals(reference, actual))
        {
            throw new IllegalStateException(variant + " wrote different JSON:\n" +
                new String(reference, StandardCharsets.US_ASCII) + "\n" +
                new String(actual, StandardCharsets.US_ASCII));
        }
    }
}
