package io.tickgate.gateway.publisher;

import io.tickgate.gateway.security.Grant;
import io.tickgate.gateway.GatewayContext;
import io.tickgate.gateway.GatewayMetrics;
import io.tickgate.gateway.ws.BufferPool;
import io.tickgate.gateway.ws.SendBuffer;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
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

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.TimeUnit;

/**
 * One tick fanned out to {@code subscribers} full-mode JSON sessions through the publisher's real pieces:
 * {@link FanOut#onTick} (last-value cache update and JSON encode once, journal index, then per subscriber
 * {@link Conflation#onTick} -> {@link Outbound#offerTick} -> {@link SendBuffer#append}), and every 16 ticks
 * {@link Outbound#flush()} as a duty cycle ends, into sockets that take everything (closing each frame: header,
 * latency samples into the metrics; no system call). Report ns/op divided by {@code subscribers} = ns per delivered
 * message. ~0 B/op.
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

    @Param({ "1", "10", "100", "1000" })
    public int subscribers;

    private final CycleClock clock = new CycleClock();
    private Outbound outbound;
    private FanOut fanOut;
    private long journalIndex;

    @Setup
    public void setup()
    {
        setupTicks();
        final GatewayMetrics metrics = new GatewayMetrics();
        final Faults faults = new Faults(metrics, clock, SystemNanoClock.INSTANCE);
        outbound = new Outbound(metrics, symbols, clock, new SystemEpochNanoClock(), faults);
        outbound.limits(LIMIT, LIMIT);
        final SessionLifecycle lifecycle = new SessionLifecycle(new GatewayContext(), metrics, outbound, clock,
            faults);
        final Conflation conflation = new Conflation(outbound, lifecycle, metrics, new Watermarks(LIMIT), clock,
            faults);
        final Subscriptions subscriptions = new Subscriptions(symbols, lvc, conflation, metrics);
        fanOut = new FanOut(symbols, lvc, new JournalIndex(symbols.capacity()), subscriptions, conflation, metrics,
            faults);
        // the live line, as the publisher serves it; its reader and held commands play no part here
        final Line live = new Line(0, -1, null, lvc, subscriptions, fanOut, null);
        final BufferPool pool = new BufferPool(4096, 1 << 20, 1L << 30);
        for (int i = 0; i < subscribers; i++)
        {
            final Session session = new Session(Grant.OPEN, false, new SinkSocket(),
                new SendBuffer(pool, metrics, 64 * 1024), inbox -> { }, 0);
            session.line(live);
            for (int s = 0; s < SYMBOLS; s++)
            {
                subscriptions.subscribe(session, s, true, 0, false, false);
            }
        }
    }

    @Benchmark
    public void fanOut()
    {
        fanOut.onTick(nextTick(), ++journalIndex);
        if (journalIndex % TICKS_PER_CYCLE == 0)
        {
            outbound.flush();
        }
    }

    /**
     * A socket that takes every byte at once.
     */
    private static final class SinkSocket implements ClientSocket, WritableByteChannel
    {
        private static final SocketAddress ADDRESS = InetSocketAddress.createUnresolved("sink", 0);

        public WritableByteChannel channel()
        {
            return this;
        }

        public SocketAddress remoteAddress()
        {
            return ADDRESS;
        }

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
    }
}
