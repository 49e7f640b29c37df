package io.tickgate.gateway;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One latency figure as {@code /metrics} shows it: recorded wait-free by the thread that measures it (an HdrHistogram
 * {@link Recorder}), harvested once a second into a cumulative histogram and the last second's, both reduced to
 * quantiles then, so a scrape only reads two summaries.
 * <b>Note:</b> {@link #record} from the measuring thread; {@link #harvest()} from one harvesting thread; the
 * summaries from any thread.
 */
final class HarvestedLatency
{
    private final Recorder recorder = new Recorder(GatewayMetrics.HIGHEST_TRACKABLE_NS, 3);
    private final Histogram cumulative = new Histogram(GatewayMetrics.HIGHEST_TRACKABLE_NS, 3);
    private Histogram lastInterval;
    private Histogram recycled;
    private volatile LatencySummary cumulativeSummary = LatencySummary.EMPTY;
    private volatile LatencySummary lastIntervalSummary = LatencySummary.EMPTY;

    /**
     * @param ns       a latency, clamped into [0, the histograms' highest trackable value].
     * @param messages how many messages had it.
     */
    void record(final long ns, final int messages)
    {
        recorder.recordValueWithCount(Math.min(Math.max(ns, 0), GatewayMetrics.HIGHEST_TRACKABLE_NS), messages);
    }

    /**
     * Move what was recorded since the last call into the cumulative histogram and the last-interval one, and
     * summarise both for the scrapes until the next call.
     *
     * @return the interval histogram, valid until the next call.
     */
    synchronized Histogram harvest()
    {
        // only histograms this recorder handed out may be recycled into it
        final Histogram interval = recorder.getIntervalHistogram(recycled);
        cumulative.add(interval);
        recycled = lastInterval;
        lastInterval = interval;
        lastIntervalSummary = LatencySummary.of(interval);
        cumulativeSummary = LatencySummary.of(cumulative);
        return interval;
    }

    /**
     * @return the latency since start, as of the last {@link #harvest()}.
     */
    LatencySummary cumulative()
    {
        return cumulativeSummary;
    }

    /**
     * @return the latency in the second before the last {@link #harvest()}.
     */
    LatencySummary lastInterval()
    {
        return lastIntervalSummary;
    }
}
