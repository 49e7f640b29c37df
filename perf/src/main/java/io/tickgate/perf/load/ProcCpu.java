package io.tickgate.perf.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a process from {@code /proc/PID/stat} (utime + stime, fields 14 and 15, in clock ticks of
 * {@value #CLOCK_TICKS_PER_SECOND} Hz, the Linux USER_HZ on every mainstream architecture), sampled by the reporter
 * thread once a second, plus the one-minute load average from {@code /proc/loadavg}. Linux only; on any read error
 * the figures show as n/a.
 * <p>
 * It also sums the run-queue wait of all the process's threads ({@code /proc/PID/task/TID/schedstat}, second field,
 * ns): time a thread was READY but not running because other work had the CPU. On a shared box this is what tells
 * "slow" from "starved": a process with low CPU use and a large run-queue wait was waiting for a core, not idle.
 */
public final class ProcCpu
{
    static final int CLOCK_TICKS_PER_SECOND = 100;

    private final Path stat;
    private final Path tasks;
    private long lastWaitNanos;
    private long startWaitNanos = -1;
    private long endWaitNanos = -1;
    private long lastTicks = -1;
    private long lastNanos;
    private double lastCores = Double.NaN;
    private long startTicks = -1;
    private long startNanos;
    private long endTicks = -1;
    private long endNanos;

    private ProcCpu(final Path stat)
    {
        this.stat = stat;
        this.tasks = stat.resolveSibling("task");
        sample();
    }

    static ProcCpu self()
    {
        return new ProcCpu(Path.of("/proc/self/stat"));
    }

    static ProcCpu of(final int pid)
    {
        return new ProcCpu(Path.of("/proc/" + pid + "/stat"));
    }

    boolean readable()
    {
        return lastTicks >= 0;
    }

    /** Takes a sample; {@link #lastPercent()} is the use since the previous one. */
    void sample()
    {
        final long nanos = System.nanoTime();
        final long ticks = ticks(stat);
        if (ticks >= 0 && lastTicks >= 0 && nanos > lastNanos)
        {
            lastCores = (ticks - lastTicks) * (1e9 / CLOCK_TICKS_PER_SECOND) / (nanos - lastNanos);
        }
        lastTicks = ticks;
        lastNanos = nanos;
        lastWaitNanos = runQueueWaitNanos(tasks);
    }

    /** @return the summed run-queue wait of the threads alive now, in ns, or -1. */
    static long runQueueWaitNanos(final Path taskDir)
    {
        try (java.util.stream.Stream<Path> list = Files.list(taskDir))
        {
            long sum = 0;
            for (final Path t : (Iterable<Path>)list::iterator)
            {
                try
                {
                    final String[] f = new String(Files.readAllBytes(t.resolve("schedstat")), StandardCharsets.US_ASCII)
                        .trim().split(" ");
                    sum += Long.parseLong(f[1]);
                }
                catch (final IOException | RuntimeException ex)
                {
                    // thread gone
                }
            }
            return sum;
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }

    void markStart()
    {
        startTicks = lastTicks;
        startNanos = lastNanos;
        startWaitNanos = lastWaitNanos;
    }

    void markEnd()
    {
        endTicks = lastTicks;
        endNanos = lastNanos;
        endWaitNanos = lastWaitNanos;
    }

    String lastPercent()
    {
        return Double.isNaN(lastCores) ? "n/a" : String.format("%.0f%%", lastCores * 100);
    }

    /** @return "1.23 cores (36.9 s CPU in 30.0 s)" for the marked window. */
    String windowSummary()
    {
        if (startTicks < 0 || endTicks < 0 || endNanos <= startNanos)
        {
            return "n/a";
        }
        final double cpuSeconds = (endTicks - startTicks) / (double)CLOCK_TICKS_PER_SECOND;
        final double wallSeconds = (endNanos - startNanos) / 1e9;
        final String wait = startWaitNanos < 0 || endWaitNanos < 0 ? "" : String.format(
            ", ready-but-waiting for a CPU %.1f thread-s", Math.max(0, endWaitNanos - startWaitNanos) / 1e9);
        return String.format("%.2f cores (%.1f s CPU in %.1f s%s)", cpuSeconds / wallSeconds, cpuSeconds,
            wallSeconds, wait);
    }

    /** @return utime + stime in clock ticks, or -1. */
    static long ticks(final Path stat)
    {
        try
        {
            return parseTicks(new String(Files.readAllBytes(stat), StandardCharsets.US_ASCII));
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }

    /** Fields after the last ')' start at field 3 (state); utime and stime are fields 14 and 15. */
    static long parseTicks(final String statLine)
    {
        final String[] f = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split(" +");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    public static String loadAverage()
    {
        try
        {
            final String[] f = new String(Files.readAllBytes(Path.of("/proc/loadavg")), StandardCharsets.US_ASCII)
                .trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        }
        catch (final IOException | RuntimeException ex)
        {
            return "n/a";
        }
    }
}
