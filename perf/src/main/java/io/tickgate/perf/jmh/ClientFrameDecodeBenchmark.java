package io.tickgate.perf.jmh;

import io.tickgate.codec.BinaryQuote;
import io.tickgate.codec.MessageHeaderEncoder;
import io.tickgate.codec.TickEncoder;
import io.tickgate.codec.TickFields;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Should the Java client read binary frames through Agrona or through plain {@link ByteBuffer}? Each benchmark walks
 * one frame of {@link #QUOTES} quote records as a client receives it (header, schema and template check, every
 * field), the way the client's frame decoder does: through an Agrona {@link UnsafeBuffer} (what the client used)
 * over a heap array and over direct memory, and through absolute little-endian gets on a heap and a direct
 * {@link ByteBuffer} (what the JDK's WebSocket hands the client). JMH runs each benchmark in its own fork, so each
 * walk sees one buffer class. All must be 0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = { BenchmarkFlags.AGRONA, BenchmarkFlags.NIO })
@State(Scope.Thread)
public class ClientFrameDecodeBenchmark
{
    static final int QUOTES = 16;
    private static final int FRAME_LENGTH = QUOTES * BinaryQuote.QUOTE_LENGTH;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private final ByteBuffer heap = ByteBuffer.allocate(FRAME_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer direct = ByteBuffer.allocateDirect(FRAME_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    private final UnsafeBuffer agronaHeap = new UnsafeBuffer(heap.array());
    private final UnsafeBuffer agronaDirect = new UnsafeBuffer(direct);

    @Setup
    public void setup()
    {
        final UnsafeBuffer journal = new UnsafeBuffer(new byte[BinaryQuote.QUOTE_LENGTH]);
        final TickEncoder encoder = new TickEncoder();
        final TickFields f = new TickFields();
        for (int i = 0; i < QUOTES; i++)
        {
            f.eventTimeMicros = 1_764_100_000_123_456L + i;
            f.bid = 18_912_000_000L + i;
            f.ask = 18_914_000_000L + i;
            f.last = 18_913_000_000L + i;
            f.bidSize = 300;
            f.askSize = 200;
            f.lastSize = 100;
            f.volume = 1_234_567 + i;
            f.encodeInto(encoder.wrapAndApplyHeader(journal, 0)).symbolId(i).seq(1000 + i).ingestTimeNanos(99);
            final int at = i * BinaryQuote.QUOTE_LENGTH;
            MessageHeaderEncoder.write(agronaHeap, at, TickEncoder.BLOCK_LENGTH, BinaryQuote.QUOTE_TEMPLATE_ID);
            agronaHeap.putBytes(at + HEADER, journal, HEADER, TickEncoder.BLOCK_LENGTH);
            agronaHeap.putByte(at + HEADER + BinaryQuote.KIND_OFFSET, BinaryQuote.KIND_TICK);
        }
        direct.put(0, heap, 0, FRAME_LENGTH);
        if (agrona(agronaDirect) != byteBuffer(heap) || byteBuffer(direct) != agrona(agronaHeap))
        {
            throw new IllegalStateException("the walks disagree");
        }
    }

    /** The client's former decoder: Agrona over the heap array (the copy a fragmented message is assembled in). */
    @Benchmark
    public long agronaHeap()
    {
        return agrona(agronaHeap);
    }

    /** Agrona over direct memory. */
    @Benchmark
    public long agronaDirect()
    {
        return agrona(agronaDirect);
    }

    /** Plain absolute gets on a little-endian heap buffer. */
    @Benchmark
    public long byteBufferHeap()
    {
        return byteBuffer(heap);
    }

    /** Plain absolute gets on a little-endian direct buffer. */
    @Benchmark
    public long byteBufferDirect()
    {
        return byteBuffer(direct);
    }

    private static long agrona(final DirectBuffer b)
    {
        long sum = 0;
        for (int position = 0; position < FRAME_LENGTH; )
        {
            final int blockLength = b.getShort(position, LITTLE_ENDIAN) & 0xFFFF;
            if (BinaryQuote.QUOTE_TEMPLATE_ID != (b.getShort(position + 2, LITTLE_ENDIAN) & 0xFFFF) ||
                MessageHeaderEncoder.SCHEMA_ID != (b.getShort(position + 4, LITTLE_ENDIAN) & 0xFFFF))
            {
                throw new IllegalStateException("not a quote");
            }
            final int body = position + HEADER;
            sum += b.getInt(body, LITTLE_ENDIAN) + b.getByte(body + BinaryQuote.KIND_OFFSET);
            for (int field = TickEncoder.SEQ_OFFSET; field <= TickEncoder.VOLUME_OFFSET; field += Long.BYTES)
            {
                sum += b.getLong(body + field, LITTLE_ENDIAN);
            }
            position = body + blockLength;
        }
        return sum;
    }

    private static long byteBuffer(final ByteBuffer b)
    {
        long sum = 0;
        for (int position = 0; position < FRAME_LENGTH; )
        {
            final int blockLength = Short.toUnsignedInt(b.getShort(position));
            if (BinaryQuote.QUOTE_TEMPLATE_ID != Short.toUnsignedInt(b.getShort(position + 2)) ||
                MessageHeaderEncoder.SCHEMA_ID != Short.toUnsignedInt(b.getShort(position + 4)))
            {
                throw new IllegalStateException("not a quote");
            }
            final int body = position + HEADER;
            sum += b.getInt(body) + b.get(body + BinaryQuote.KIND_OFFSET);
            for (int field = TickEncoder.SEQ_OFFSET; field <= TickEncoder.VOLUME_OFFSET; field += Long.BYTES)
            {
                sum += b.getLong(body + field);
            }
            position = body + blockLength;
        }
        return sum;
    }
}
