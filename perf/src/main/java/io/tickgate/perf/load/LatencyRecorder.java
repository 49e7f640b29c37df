package io.tickgate.perf.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An HdrHistogram {@link Recorder} (µs, highest 60 s, 3 digits) plus the histogram it recycles for interval reads.
 * The NIO engine shares one per IO thread (all that thread's connections write to it), the jdk engine has one per
 * connection. {@link #interval()} is for the single reporter thread.
 */
final class LatencyRecorder
{
    static final long HIGHEST_TRACKABLE_MICROS = 60_000_000L;

    private final Recorder recorder = new Recorder(HIGHEST_TRACKABLE_MICROS, 3);
    private Histogram recycled;

    void record(final long micros)
    {
        recorder.recordValue(Math.min(HIGHEST_TRACKABLE_MICROS, Math.max(0, micros)));
    }

    /** @return what was recorded since the last call; valid until the next call. */
    Histogram interval()
    {
        recycled = recorder.getIntervalHistogram(recycled);
        return recycled;
    }
}
