package io.tickgate.gateway;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's counters and its fan-out latency histogram. Counters are atomics, incremented per frame or per
 * event (never per byte); the latency {@link Recorder} is wait-free for the IO threads that record into it and is
 * harvested once a second by {@link #harvest()}.
 * <b>Note:</b> threadsafe.
 */
final class GatewayMetrics
{
    /** Why the gateway closed a client. */
    enum CutOff
    {
        SLOW_CONSUMER,
        SLOW_CONSUMER_TIMEOUT,
        ABUSE,
        SEND_ERROR
    }

    static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(60);

    final AtomicLong connectionsOpen = new AtomicLong();
    final AtomicLong connectionsTotal = new AtomicLong();
    final AtomicLong subscriptions = new AtomicLong();
    final AtomicLong ticksIn = new AtomicLong();
    final AtomicLong messagesOut = new AtomicLong();
    final AtomicLong framesOut = new AtomicLong();
    final AtomicLong bytesOut = new AtomicLong();
    final AtomicLong conflated = new AtomicLong();
    final AtomicLong commands = new AtomicLong();
    final AtomicLong droppedControl = new AtomicLong();
    private final Map<CutOff, AtomicLong> cutOffs = new EnumMap<>(CutOff.class);
    private final Map<ErrorCode, AtomicLong> errors = new EnumMap<>(ErrorCode.class);

    private final Recorder fanOut = new Recorder(HIGHEST_TRACKABLE_NS, 3);
    private final Histogram cumulative = new Histogram(HIGHEST_TRACKABLE_NS, 3);
    private final Histogram empty = new Histogram(HIGHEST_TRACKABLE_NS, 3);
    private Histogram lastInterval;
    private Histogram recycled;

    GatewayMetrics()
    {
        for (final CutOff reason : CutOff.values())
        {
            cutOffs.put(reason, new AtomicLong());
        }
        for (final ErrorCode code : ErrorCode.values())
        {
            errors.put(code, new AtomicLong());
        }
    }

    void recordFanOut(final long nanos)
    {
        fanOut.recordValue(Math.min(Math.max(nanos, 0), HIGHEST_TRACKABLE_NS));
    }

    void cutOff(final CutOff reason)
    {
        cutOffs.get(reason).incrementAndGet();
    }

    long cutOffs(final CutOff reason)
    {
        return cutOffs.get(reason).get();
    }

    void error(final ErrorCode code)
    {
        errors.get(code).incrementAndGet();
    }

    long errors(final ErrorCode code)
    {
        return errors.get(code).get();
    }

    /**
     * Move what was recorded since the last call into the cumulative histogram and the last-interval one.
     *
     * @return the interval histogram, valid until the next call.
     */
    synchronized Histogram harvest()
    {
        // only histograms this recorder handed out may be recycled into it
        final Histogram interval = fanOut.getIntervalHistogram(recycled);
        cumulative.add(interval);
        recycled = lastInterval;
        lastInterval = interval;
        return interval;
    }

    synchronized Histogram cumulativeCopy()
    {
        return cumulative.copy();
    }

    synchronized Histogram lastIntervalCopy()
    {
        return null == lastInterval ? empty.copy() : lastInterval.copy();
    }
}
