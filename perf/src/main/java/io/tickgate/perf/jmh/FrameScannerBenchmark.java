package io.tickgate.perf.jmh;

import io.tickgate.perf.load.GatewaySymbols;
import io.tickgate.perf.load.SeqTracker;
import io.tickgate.perf.protocol.FrameScanner;
import io.tickgate.perf.protocol.SymbolIndex;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's own per-frame cost (scan + symbol lookup + seq check), so a load run can tell whether the
 * client or the gateway is the limit: a frame of {@code batch} tick messages as the gateway sends them. No baseline
 * (the alternative, databind, is not on the classpath on purpose).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = { BenchmarkFlags.AGRONA })
@State(Scope.Thread)
public class FrameScannerBenchmark
{
    @Param({ "1", "16" })
    public int batch;

    private final FrameScanner scanner = new FrameScanner();
    private SymbolIndex index;
    private SeqTracker seqs;
    private String frame;
    private long checksum;

    private final FrameScanner.Handler handler = (s, f) ->
    {
        final int symbol = index.indexOf(f, s.symbolStart(), s.symbolEnd());
        seqs.onTick(symbol, s.seq());
        checksum += s.ts();
    };

    @Setup
    public void setup()
    {
        final List<String> names = GatewaySymbols.generated(200);
        index = new SymbolIndex(names);
        seqs = new SeqTracker(names.size(), false);
        final List<String> messages = new ArrayList<>();
        for (int i = 0; i < batch; i++)
        {
            messages.add("{\"type\":\"tick\",\"symbol\":\"" + names.get(i * 7 % names.size()) + "\",\"seq\":" +
                (1000 + i) + ",\"ts\":1764100000123456,\"bid\":-189.12,\"bidSize\":300," +
                "\"ask\":189.14,\"askSize\":200," +
                "\"last\":189.13,\"lastSize\":100,\"volume\":1234567}");
        }
        frame = "[" + String.join(",", messages) + "]";
    }

    @Benchmark
    public long scan()
    {
        scanner.scan(frame, handler);
        return checksum;
    }
}
