package io.tickgate.perf.jmh;

import io.tickgate.gateway.Gateway;
import io.tickgate.gateway.GatewayContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What one {@code /metrics} scrape costs a running gateway (idle, on a temporary journal): {@link
 * Gateway#metricsText()}, the text the HTTP handler sends. Run with {@code -prof gc} for the bytes allocated per
 * scrape, the figure the fan-out latency summaries dominate.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    BenchmarkFlags.AGRONA, BenchmarkFlags.REF, BenchmarkFlags.NIO, BenchmarkFlags.JAVAC, BenchmarkFlags.LANG,
    BenchmarkFlags.REFLECT, BenchmarkFlags.NATIVE, BenchmarkFlags.NO_ANALYTICS, BenchmarkFlags.NO_ANNOUNCER,
    BenchmarkFlags.NO_PERF_INFO, BenchmarkFlags.QUIET_CHRONICLE })
@State(Scope.Benchmark)
public class MetricsScrapeBenchmark
{
    private Path dir;
    private Gateway gateway;

    @Setup
    public void setup() throws IOException
    {
        dir = Files.createTempDirectory("metrics-scrape");
        gateway = Gateway.launch(new GatewayContext().port(0).journalDir(dir));
    }

    @TearDown
    public void tearDown() throws IOException
    {
        gateway.close();
        try (Stream<Path> files = Files.walk(dir))
        {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Benchmark
    public String scrape()
    {
        return gateway.metricsText();
    }
}
