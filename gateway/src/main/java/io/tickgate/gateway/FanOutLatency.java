package io.tickgate.gateway;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.tickgate.gateway.ws.SendMode;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;

import java.util.concurrent.TimeUnit;

/**
 * The fan-out latency by {@link SendMode}, as the histogram family {@value #NAME}. The thread that writes the
 * sockets records into HdrHistograms with the exact sum of the values beside each (HdrHistogram's own mean is
 * estimated from its buckets), double-buffered behind a {@link WriterReaderPhaser} so a record neither waits nor
 * allocates. Each scrape (and the periodic summary log) harvests what was recorded since into cumulative histograms,
 * which never reset: their buckets, count and sum are counters, as {@code rate()} needs.
 * <b>Note:</b> {@link #record} from one thread at a time; the rest from any thread.
 */
final class FanOutLatency implements Collector
{
    static final String NAME = "tickgate_fanout_latency_seconds";
    static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(60);
    /** 1 % resolution, well inside the exported buckets' widths, at an eighth of the memory of 0.1 %. */
    private static final int SIGNIFICANT_DIGITS = 2;
    private static final SendMode[] MODES = SendMode.values();

    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private volatile Interval active = new Interval();
    private Interval inactive = new Interval();
    private final Histogram[] cumulative = new Histogram[MODES.length];
    private final long[] cumulativeSumNs = new long[MODES.length];
    private final Histogram fullSinceTaken = newHistogram();

    FanOutLatency()
    {
        for (int i = 0; i < MODES.length; i++)
        {
            cumulative[i] = newHistogram();
        }
    }

    /**
     * @param mode     how the messages were sent.
     * @param ns       their latency, clamped into [0, {@link #HIGHEST_TRACKABLE_NS}].
     * @param messages how many messages had it.
     */
    void record(final SendMode mode, final long ns, final int messages)
    {
        final long value = Math.min(Math.max(ns, 0), HIGHEST_TRACKABLE_NS);
        final long stamp = phaser.writerCriticalSectionEnter();
        try
        {
            final Interval interval = active;
            interval.histograms[mode.ordinal()].recordValueWithCount(value, messages);
            interval.sumNs[mode.ordinal()] += value * messages;
        }
        finally
        {
            phaser.writerCriticalSectionExit(stamp);
        }
    }

    public MetricSnapshot collect()
    {
        final HistogramSnapshot.Builder family = HistogramSnapshot.builder().name(NAME)
            .help("Latency of messages to sockets, by how they were sent: full and conflated from the tick's " +
                "journal ingest, replay from the replay's read, delayed from when the tick was due");
        synchronized (this)
        {
            harvest();
            for (final SendMode mode : MODES)
            {
                family.dataPoint(LatencyExport.dataPoint(cumulative[mode.ordinal()], cumulativeSumNs[mode.ordinal()],
                    Labels.of("mode", mode.label())));
            }
        }
        return family.build();
    }

    /**
     * Full-mode (real-time) latency recorded since the last call, for the periodic summary log.
     *
     * @param into emptied, then given those values.
     */
    synchronized void takeFullSince(final Histogram into)
    {
        harvest();
        into.reset();
        into.add(fullSinceTaken);
        fullSinceTaken.reset();
    }

    static Histogram newHistogram()
    {
        return new Histogram(HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    }

    /**
     * Swap the recording interval for the empty one and add what it holds to the cumulative histograms.
     */
    private void harvest()
    {
        final Interval recorded;
        phaser.readerLock();
        try
        {
            recorded = active;
            active = inactive;
            // returns once every record into the swapped-out interval has finished
            phaser.flipPhase();
        }
        finally
        {
            phaser.readerUnlock();
        }
        for (int i = 0; i < MODES.length; i++)
        {
            cumulative[i].add(recorded.histograms[i]);
            cumulativeSumNs[i] += recorded.sumNs[i];
        }
        fullSinceTaken.add(recorded.histograms[SendMode.FULL.ordinal()]);
        recorded.reset();
        inactive = recorded;
    }

    /**
     * What one interval recorded, per mode.
     */
    private static final class Interval
    {
        final Histogram[] histograms = new Histogram[MODES.length];
        final long[] sumNs = new long[MODES.length];

        Interval()
        {
            for (int i = 0; i < MODES.length; i++)
            {
                histograms[i] = newHistogram();
            }
        }

        void reset()
        {
            for (int i = 0; i < MODES.length; i++)
            {
                histograms[i].reset();
                sumNs[i] = 0;
            }
        }
    }
}
