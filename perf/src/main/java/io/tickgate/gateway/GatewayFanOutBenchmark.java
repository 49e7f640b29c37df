package io.tickgate.gateway;

import io.tickgate.codec.TickDecoder;
import io.tickgate.gateway.ws.BufferPool;
import io.tickgate.gateway.ws.OutboundMetrics;
import io.tickgate.gateway.ws.SendBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
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

import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.TimeUnit;

/**
 * One tick fanned out to {@code subscribers} full-mode JSON sessions, as {@code Publisher.onTick} -> {@code fanOut}
 * -> {@code Outbound.offerLatest} -> {@code Session.offer} -> {@link SendBuffer#append} do it, but assembled from the
 * pieces: a {@link Session} needs an XNIO connection, so sessions are replaced by their {@link SessionSubscriptions}
 * plus the {@link SendBuffer} they write frames into. Per tick: {@link LastValueCache#update}, the JSON encode once
 * ({@link LastValueCache#tickPayload}, cached for the other subscribers), then per subscriber the dirty/mode checks
 * and the append to its open frame. Every 16 ticks each buffer is flushed into a channel that takes everything
 * (closing the frame: header, bracket, latency queue; no system call), as a publisher cycle does. Not included:
 * {@code Outbound.touch}, the socket write itself, closed/degraded checks. Report ns/op divided by
 * {@code subscribers} = ns per delivered message. ~0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = { "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED" })
@State(Scope.Thread)
public class GatewayFanOutBenchmark extends HotPathFixture
{
    private static final int TICKS_PER_CYCLE = 16;
    private static final int LIMIT = 256 * 1024;
    private static final OutboundMetrics NO_METRICS = new OutboundMetrics()
    {
        public void onFrame(final int messages, final int payloadBytes)
        {
        }

        public void onSent(final long latencyNs, final int messages)
        {
        }
    };
    private static final WritableByteChannel SINK = new WritableByteChannel()
    {
        public int write(final ByteBuffer src)
        {
            final int length = src.remaining();
            src.position(src.limit());
            return length;
        }

        public boolean isOpen()
        {
            return true;
        }

        public void close()
        {
        }
    };
    private final EpochNanoClock clock = new SystemEpochNanoClock();

    @Param({ "1", "10", "100", "1000" })
    public int subscribers;

    private SessionSubscriptions[] subs;
    private int[][] slotBySymbol;
    private SendBuffer[] buffers;
    private int ticks;

    @Setup
    public void setup()
    {
        setupTicks();
        subs = new SessionSubscriptions[subscribers];
        slotBySymbol = new int[subscribers][];
        buffers = new SendBuffer[subscribers];
        final BufferPool pool = new BufferPool(4096, 1 << 20, 1L << 30);
        for (int i = 0; i < subscribers; i++)
        {
            subs[i] = new SessionSubscriptions();
            slotBySymbol[i] = new int[1024];
            for (int s = 0; s < SYMBOLS; s++)
            {
                slotBySymbol[i][s] = subs[i].subscribe(s, true, 0, false);
            }
            buffers[i] = new SendBuffer(pool, NO_METRICS, 64 * 1024);
        }
    }

    @Benchmark
    public int fanOut() throws java.io.IOException
    {
        final TickDecoder t = nextTick();
        lvc.update(t);
        final int symbolId = t.symbolId();
        int queued = 0;
        for (int i = 0; i < subscribers; i++)
        {
            final SessionSubscriptions s = subs[i];
            final int slot = slotBySymbol[i][symbolId]; // the gateway keeps (session, slot) pairs in SubscriberList
            if (s.isDirty(slot) || !s.isFullMode(slot))
            {
                continue;
            }
            final LastValueCache.PayloadSlots payload = lvc.tickPayload(symbolId, symbols, false);
            final int offset = payload.offset(symbolId);
            buffers[i].append(Session.MSG_TEXT, payload.buffer(), offset + Session.PAYLOAD_HEADER,
                payload.length(symbolId) - Session.PAYLOAD_HEADER, payload.buffer().getLong(offset), LIMIT);
            queued++;
        }
        if (++ticks % TICKS_PER_CYCLE == 0)
        {
            for (int i = 0; i < subscribers; i++)
            {
                buffers[i].flush(SINK, clock);
            }
        }
        return queued;
    }
}
