package io.tickgate.perf.load;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The once-a-second loop of a run, on the calling thread: merges the latency recorders' intervals into the run's
 * histogram, reads the connections' totals and the CPU, prints a progress line, opens and closes the
 * {@link MeasuredWindow} on time, and returns after the drain: once the feeder is done and the messages stop (or no
 * connection is open, or 5 s have passed), at the latest 10 s after the window.
 */
final class ProgressReporter
{
    private static final long NANOS = 1_000_000_000L;

    private final LoadOptions o;
    private final List<ClientConnection> connections;
    private final List<LatencyRecorder> recorders;
    private final TickFeeder feeder;
    private final CpuMeters cpu;
    private final MeasuredWindow window;
    private final PrintStream log;

    ProgressReporter(
        final LoadOptions o, final List<ClientConnection> connections, final List<LatencyRecorder> recorders,
        final TickFeeder feeder, final CpuMeters cpu, final MeasuredWindow window, final PrintStream log)
    {
        this.o = o;
        this.connections = connections;
        this.recorders = recorders;
        this.feeder = feeder;
        this.cpu = cpu;
        this.window = window;
        this.log = log;
    }

    /** @param startNanos when the feeder's first tick is due. @return every latency recorded in the window. */
    Histogram run(final long startNanos)
    {
        final Histogram total = new Histogram(LatencyRecorder.HIGHEST_TRACKABLE_MICROS, 3);
        final Histogram interval = new Histogram(LatencyRecorder.HIGHEST_TRACKABLE_MICROS, 3);
        final int measuredEnd = o.warmupSeconds + o.durationSeconds;
        final ConnectionTotals previous = new ConnectionTotals();
        final ConnectionTotals now = new ConnectionTotals();
        if (0 == o.warmupSeconds)
        {
            // no warmup: the window opens as the feeder starts, before the first report
            parkUntil(startNanos);
            now.read(connections);
            cpu.sample();
            window.open(now, feeder.sent(), cpu);
        }
        for (int k = 1; ; k++)
        {
            parkUntil(startNanos + k * NANOS);
            interval.reset();
            for (final LatencyRecorder r : recorders)
            {
                interval.add(r.interval());
            }
            total.add(interval);
            now.read(connections);
            cpu.sample();
            if (k == o.warmupSeconds)
            {
                window.open(now, feeder.sent(), cpu);
            }
            if (k == measuredEnd)
            {
                window.close(now, feeder.sent(), cpu);
            }
            final String phase = k <= o.warmupSeconds ? "warmup" : k <= measuredEnd ? "measure" : "drain";
            log.printf("[%4ds %-7s] fed %d (lag %.1f ms, max %.1f ms) | %,d msg/s %,d frames/s %.2f MB/s | " +
                "p50 %d p99 %d max %d us | gaps %d cut-offs %d errors %d open %d | cpu %s%n",
                k, phase, feeder.sent(), feeder.lagNanos() / 1e6, feeder.maxLagNanos() / 1e6,
                now.messages - previous.messages, now.frames - previous.frames,
                (now.bytes - previous.bytes) / 1e6,
                interval.getValueAtPercentile(50), interval.getValueAtPercentile(99), interval.getMaxValue(),
                now.gapEvents, now.cutOffs, now.errors(), now.open, cpu.lastPercents());
            final boolean quiet = now.messages == previous.messages;
            previous.copy(now);
            if (k >= measuredEnd && feeder.done() && (quiet || k >= measuredEnd + 5 || now.open == 0))
            {
                return total;
            }
            if (k >= measuredEnd + 10)
            {
                return total;
            }
        }
    }

    private static void parkUntil(final long nanoTime)
    {
        for (long wait = nanoTime - System.nanoTime(); wait > 0; wait = nanoTime - System.nanoTime())
        {
            LockSupport.parkNanos(wait);
        }
    }
}
