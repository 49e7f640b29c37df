package io.tickgate.gateway;

import io.tickgate.codec.TickDecoder;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
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
import java.util.concurrent.TimeUnit;

/**
 * One tick fanned out to {@code subscribers} full-mode JSON sessions, as {@code Publisher.onTick} -> {@code fanOut}
 * -> {@code Outbound.offerLatest} -> {@code Session.offer} do it, but assembled from the pieces:
 * {@link Publisher} needs real {@link Session}s and a Session needs an Undertow {@code WebSocketChannel} (its
 * constructor asks it for the IO thread), so sessions are replaced by their {@link SessionSubscriptions} plus an
 * Agrona {@link OneToOneRingBuffer} of the size class the gateway uses. Per tick: {@link LastValueCache#update},
 * the JSON encode once ({@link LastValueCache#tickPayload}, cached for the other subscribers), then per subscriber
 * the dirty/mode checks and a ring write. A ring is drained (the IO thread's side) only when a write finds it full,
 * so that cost is amortized over ~300 writes and included. Not included: {@code Outbound.touch}, IO-thread wake-ups,
 * metrics, closed/degraded checks. Report ns/op divided by {@code subscribers} = ns per delivered message. ~0 B/op.
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
    private static final int RING_BYTES = 64 * 1024;
    private static final MessageHandler DISCARD = (msgType, buffer, index, length) -> { };

    @Param({ "1", "10", "100", "1000" })
    public int subscribers;

    private SessionSubscriptions[] subs;
    private int[][] slotBySymbol;
    private OneToOneRingBuffer[] rings;

    @Setup
    public void setup()
    {
        setupTicks();
        subs = new SessionSubscriptions[subscribers];
        slotBySymbol = new int[subscribers][];
        rings = new OneToOneRingBuffer[subscribers];
        for (int i = 0; i < subscribers; i++)
        {
            subs[i] = new SessionSubscriptions();
            slotBySymbol[i] = new int[1024];
            for (int s = 0; s < SYMBOLS; s++)
            {
                slotBySymbol[i][s] = subs[i].subscribe(s, true, 0, false);
            }
            rings[i] = new OneToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
        }
    }

    @Benchmark
    public int fanOut()
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
            final OneToOneRingBuffer ring = rings[i];
            if (!ring.write(Session.MSG_TEXT, payload.buffer(), payload.offset(symbolId), payload.length(symbolId)))
            {
                ring.read(DISCARD, Integer.MAX_VALUE);
                ring.write(Session.MSG_TEXT, payload.buffer(), payload.offset(symbolId), payload.length(symbolId));
            }
            queued++;
        }
        return queued;
    }
}
