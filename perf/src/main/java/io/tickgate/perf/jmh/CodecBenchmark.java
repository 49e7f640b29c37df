package io.tickgate.perf.jmh;

import io.tickgate.codec.MessageHeaderDecoder;
import io.tickgate.codec.MessageHeaderEncoder;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * The journal's tick record: flyweight encode and decode over an off-heap {@link UnsafeBuffer}, against a JDK
 * {@link ByteBuffer} baseline that writes and reads the same 96 bytes. Expect ~0 B/op for all of them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = { BenchmarkFlags.AGRONA, BenchmarkFlags.NIO })
@State(Scope.Thread)
public class CodecBenchmark
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(256, 64));
    private final ByteBuffer byteBuffer = ByteBuffer.allocateDirect(256).order(ByteOrder.LITTLE_ENDIAN);
    private final TickEncoder encoder = new TickEncoder();
    private final TickDecoder decoder = new TickDecoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final TickFields fields = new TickFields();
    private long seq;

    @Setup
    public void setup()
    {
        fields.eventTimeMicros = 1_764_100_000_123_456L;
        fields.bid = 18_912_000_000L;
        fields.bidSize = 300;
        fields.ask = 18_914_000_000L;
        fields.askSize = 200;
        fields.last = 18_913_000_000L;
        fields.lastSize = 100;
        fields.volume = 1_234_567;
        encode();
        byteBufferEncode();
    }

    /** Flyweight encode of a whole tick: header plus 11 fields, as the journal writer does it. */
    @Benchmark
    public int encode()
    {
        fields.encodeInto(encoder.wrapAndApplyHeader(buffer, 0))
            .symbolId(7)
            .seq(++seq)
            .ingestTimeNanos(seq);
        return TickEncoder.ENCODED_LENGTH;
    }

    /** Flyweight decode: check the header, then read every field, as the gateway's tailer does. */
    @Benchmark
    public void decode(final Blackhole bh)
    {
        if (!header.wrap(buffer, 0).isReadable())
        {
            throw new IllegalStateException("bad header");
        }
        final TickDecoder tick = decoder.wrap(buffer, MessageHeaderEncoder.ENCODED_LENGTH);
        bh.consume(tick.symbolId());
        bh.consume(tick.seq());
        bh.consume(tick.eventTimeMicros());
        bh.consume(tick.ingestTimeNanos());
        bh.consume(tick.bid());
        bh.consume(tick.ask());
        bh.consume(tick.last());
        bh.consume(tick.bidSize());
        bh.consume(tick.askSize());
        bh.consume(tick.lastSize());
        bh.consume(tick.volume());
    }

    /** Baseline: the same record written with absolute puts on a little-endian direct ByteBuffer. */
    @Benchmark
    public int byteBufferEncode()
    {
        final ByteBuffer b = byteBuffer;
        b.putShort(0, (short)TickEncoder.BLOCK_LENGTH).putShort(2, (short)TickEncoder.TEMPLATE_ID)
            .putShort(4, (short)0x6774).putShort(6, (short)1);
        b.putInt(8, 7).putInt(12, 0)
            .putLong(16, ++seq).putLong(24, fields.eventTimeMicros).putLong(32, seq)
            .putLong(40, fields.bid).putLong(48, fields.ask).putLong(56, fields.last)
            .putLong(64, fields.bidSize).putLong(72, fields.askSize).putLong(80, fields.lastSize)
            .putLong(88, fields.volume);
        return TickEncoder.ENCODED_LENGTH;
    }

    /** Baseline: the same fields read with absolute gets on a little-endian direct ByteBuffer. */
    @Benchmark
    public void byteBufferDecode(final Blackhole bh)
    {
        final ByteBuffer b = byteBuffer;
        if (b.getShort(2) != TickEncoder.TEMPLATE_ID)
        {
            throw new IllegalStateException("bad header");
        }
        bh.consume(b.getInt(8));
        for (int i = 16; i <= 88; i += 8)
        {
            bh.consume(b.getLong(i));
        }
    }
}
