package io.tickgate.perf.load;

/**
 * The edges of a run's measured window: the connections' totals, the feeder's count, the time and the load average
 * at its start and end, with the CPU meters marked at both. Rates are over its real length ({@link #seconds}).
 */
final class MeasuredWindow
{
    final ConnectionTotals atStart = new ConnectionTotals();
    final ConnectionTotals atEnd = new ConnectionTotals();
    long sentAtStart;
    long sentAtEnd;
    String loadAtStart = "?";
    String loadAtEnd = "?";
    private long startNanos;
    private long endNanos;

    void open(final ConnectionTotals now, final long sent, final CpuMeters cpu)
    {
        atStart.copy(now);
        sentAtStart = sent;
        startNanos = System.nanoTime();
        cpu.markStart();
        loadAtStart = ProcCpu.loadAverage();
    }

    void close(final ConnectionTotals now, final long sent, final CpuMeters cpu)
    {
        atEnd.copy(now);
        sentAtEnd = sent;
        endNanos = System.nanoTime();
        cpu.markEnd();
        loadAtEnd = ProcCpu.loadAverage();
    }

    /** Wall time between the edges: a starved reporter thread can stretch it past the planned seconds. */
    double seconds(final int plannedSeconds)
    {
        return endNanos > startNanos ? (endNanos - startNanos) / 1e9 : plannedSeconds;
    }
}
