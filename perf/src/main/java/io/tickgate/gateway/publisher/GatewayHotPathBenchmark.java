package io.tickgate.gateway.publisher;

import org.agrona.collections.IntArrayList;
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

import java.util.concurrent.TimeUnit;

/**
 * The gateway's per-tick publisher work through its real package-private classes (this class lives in perf's jar
 * but in package {@code io.tickgate.gateway.publisher} to reach them):
 * <ul>
 * <li>{@link #lvcUpdate}: {@link LastValueCache#update} with no subscribers (copy of the 88-byte record) - the
 * baseline;</li>
 * <li>{@link #lvcUpdateEncodeJson} / {@link #lvcUpdateEncodeBinary}: update with subscribers of one format, so the
 * once-per-tick-and-format encode into the cache's payload slot;</li>
 * <li>{@link #conflationMarkAndFlush}: the conflation bookkeeping for {@code dirtySymbols} symbols of one session:
 * {@link SessionSubscriptions#isDirty}/{@code markDirty} as ticks arrive, then the flush's walk of
 * {@code dirtySlots()} with {@code clearDirty} and {@code fastUnorderedRemove} (without the sends).</li>
 * </ul>
 * The fan-out to N subscribers is {@link GatewayFanOutBenchmark}. All must be ~0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = { "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED" })
@State(Scope.Thread)
public class GatewayHotPathBenchmark extends HotPathFixture
{
    @Param({ "16" })
    public int dirtySymbols;

    private final SessionSubscriptions conflated = new SessionSubscriptions();
    private int[] conflatedSlots;

    @Setup
    public void setup()
    {
        setupTicks();
        conflatedSlots = new int[dirtySymbols];
        for (int i = 0; i < dirtySymbols; i++)
        {
            conflatedSlots[i] = conflated.subscribe(i, false, 250_000_000L, false);
        }
    }

    @Benchmark
    public long lvcUpdate()
    {
        final io.tickgate.codec.TickDecoder t = nextTick();
        lvc.update(t, symbols, false, false);
        return t.seq();
    }

    @Benchmark
    public int lvcUpdateEncodeJson()
    {
        final io.tickgate.codec.TickDecoder t = nextTick();
        lvc.update(t, symbols, true, false);
        return lvc.tickPayloads(false).length(t.symbolId());
    }

    @Benchmark
    public int lvcUpdateEncodeBinary()
    {
        final io.tickgate.codec.TickDecoder t = nextTick();
        lvc.update(t, symbols, false, true);
        return lvc.tickPayloads(true).length(t.symbolId());
    }

    @Benchmark
    public int conflationMarkAndFlush()
    {
        final SessionSubscriptions s = conflated;
        for (final int slot : conflatedSlots)
        {
            if (!s.isDirty(slot))
            {
                s.markDirty(slot);
            }
        }
        final IntArrayList dirty = s.dirtySlots();
        int flushed = 0;
        while (!dirty.isEmpty())
        {
            final int slot = dirty.getInt(0);
            flushed += s.symbolId(slot);
            s.clearDirty(slot);
            dirty.fastUnorderedRemove(0);
        }
        return flushed;
    }
}
