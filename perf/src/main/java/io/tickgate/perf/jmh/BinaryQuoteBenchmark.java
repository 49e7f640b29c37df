package io.tickgate.perf.jmh;

import io.tickgate.codec.BinaryQuote;
import io.tickgate.codec.MessageHeaderDecoder;
import io.tickgate.codec.MessageHeaderEncoder;
import io.tickgate.codec.TickDecoder;
import io.tickgate.codec.TickEncoder;
import io.tickgate.codec.TickFields;
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
 * The binary wire format (docs/binary-format.md): {@code BinaryQuote.writeQuote} (what the gateway does once per
 * tick and format: journal tick -> quote record) and a client's decode of a received quote (header check, every
 * field through {@link TickDecoder}, {@link BinaryQuote#kind}). Buffers are heap-backed {@link UnsafeBuffer}s as in
 * the gateway's last-value cache and a client's receive buffer. Baselines: a plain 96-byte copy (the floor for
 * writeQuote, which is a copy plus header and kind) and little-endian {@link ByteBuffer} reads of the same fields.
 * All must be ~0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = { BenchmarkFlags.AGRONA, BenchmarkFlags.NIO })
@State(Scope.Thread)
public class BinaryQuoteBenchmark
{
    private final UnsafeBuffer journal = new UnsafeBuffer(new byte[256]);
    private final UnsafeBuffer wire = new UnsafeBuffer(new byte[256]);
    private final ByteBuffer wireBytes = ByteBuffer.wrap(wire.byteArray()).order(ByteOrder.LITTLE_ENDIAN);
    private final TickDecoder tick = new TickDecoder();
    private final TickDecoder client = new TickDecoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    @Setup
    public void setup()
    {
        final TickFields f = new TickFields();
        f.eventTimeMicros = 1_764_100_000_123_456L;
        f.bid = 18_912_000_000L;
        f.bidSize = 300;
        f.ask = 18_914_000_000L;
        f.askSize = 200;
        f.last = 18_913_000_000L;
        f.lastSize = 100;
        f.volume = 1_234_567;
        f.encodeInto(new TickEncoder().wrapAndApplyHeader(journal, 0)).symbolId(7).seq(42).ingestTimeNanos(99);
        tick.wrap(journal, MessageHeaderEncoder.ENCODED_LENGTH);
        encode();
        if (BinaryQuote.kind(wire, MessageHeaderEncoder.ENCODED_LENGTH) != BinaryQuote.KIND_TICK ||
            client.wrap(wire, MessageHeaderEncoder.ENCODED_LENGTH).bid() != f.bid ||
            header.wrap(wire, 0).templateId() != BinaryQuote.QUOTE_TEMPLATE_ID)
        {
            throw new IllegalStateException("writeQuote did not write the expected quote");
        }
    }

    /** Gateway side: journal tick -> binary quote record (header, 88-byte body copy, kind). */
    @Benchmark
    public int encode()
    {
        return BinaryQuote.writeQuote(BinaryQuote.KIND_TICK, tick, wire, 0);
    }

    /** Baseline for encode: copy the same number of bytes, nothing else. */
    @Benchmark
    public int copyBaseline()
    {
        wire.putBytes(0, journal, 0, BinaryQuote.QUOTE_LENGTH);
        return BinaryQuote.QUOTE_LENGTH;
    }

    /** Client side: check the header, read the kind and every field of a received quote. */
    @Benchmark
    public void decode(final Blackhole bh)
    {
        if (header.wrap(wire, 0).templateId() != BinaryQuote.QUOTE_TEMPLATE_ID)
        {
            throw new IllegalStateException("not a quote");
        }
        final int body = MessageHeaderEncoder.ENCODED_LENGTH;
        bh.consume(BinaryQuote.kind(wire, body));
        final TickDecoder q = client.wrap(wire, body);
        bh.consume(q.symbolId());
        bh.consume(q.seq());
        bh.consume(q.eventTimeMicros());
        bh.consume(q.ingestTimeNanos());
        bh.consume(q.bid());
        bh.consume(q.ask());
        bh.consume(q.last());
        bh.consume(q.bidSize());
        bh.consume(q.askSize());
        bh.consume(q.lastSize());
        bh.consume(q.volume());
    }

    /** Baseline for decode: the same reads with absolute gets on a little-endian heap ByteBuffer. */
    @Benchmark
    public void byteBufferDecode(final Blackhole bh)
    {
        final ByteBuffer b = wireBytes;
        if (b.getShort(2) != BinaryQuote.QUOTE_TEMPLATE_ID)
        {
            throw new IllegalStateException("not a quote");
        }
        bh.consume(b.get(MessageHeaderEncoder.ENCODED_LENGTH + BinaryQuote.KIND_OFFSET));
        bh.consume(b.getInt(8));
        for (int i = 16; i <= 88; i += 8)
        {
            bh.consume(b.getLong(i));
        }
    }
}
