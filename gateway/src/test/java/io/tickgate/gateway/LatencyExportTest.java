package io.tickgate.gateway;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.NativeHistogramBuckets;
import io.tickgate.gateway.ws.SendMode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harvest from the recording histograms to the scrape's snapshot, fed by hand: exact counts and sums that only
 * grow, each value in its classic bucket and in the native bucket of its magnitude, each mode on its own.
 */
class LatencyExportTest
{
    private final FanOutLatency latency = new FanOutLatency();

    @Test
    void eachScrapeHarvestsIntoCumulativeCountsAndExactSumsByMode()
    {
        latency.record(SendMode.FULL, 20_000, 1);          // 20 µs: in the 25 µs bucket
        latency.record(SendMode.FULL, 3_000_000, 2);       // 3 ms, twice: in the 5 ms bucket
        latency.record(SendMode.CONFLATED, 90_000_000, 1); // 90 ms: in the 100 ms bucket
        latency.record(SendMode.DELAYED, -5, 1);           // early: recorded as 0
        HistogramDataPointSnapshot full = point(SendMode.FULL);
        assertEquals(3, full.getCount());
        assertEquals(0.006_020, full.getSum(), 1e-12, "the exact sum, not one estimated from buckets");
        assertEquals(1, countAt(full.getClassicBuckets(), 0.000025));
        assertEquals(2, countAt(full.getClassicBuckets(), 0.005));
        assertEquals(3, total(full.getClassicBuckets()));
        assertEquals(1, total(point(SendMode.CONFLATED).getClassicBuckets()));
        assertEquals(1, countAt(point(SendMode.CONFLATED).getClassicBuckets(), 0.1));
        assertEquals(0, point(SendMode.REPLAY).getCount());
        assertEquals(1, point(SendMode.DELAYED).getNativeZeroCount(), "0 goes to the zero bucket");

        latency.record(SendMode.FULL, 3_000_000, 1);
        full = point(SendMode.FULL);
        assertEquals(4, full.getCount(), "cumulative: nothing resets between scrapes");
        assertEquals(0.009_020, full.getSum(), 1e-12);
        assertEquals(4, point(SendMode.FULL).getCount(), "a scrape with nothing new changes nothing");

        // native buckets: (2^((i-1)/8), 2^(i/8)] seconds; 3 ms is 2^-8.38, so bucket ceil(-8.38 * 8) = -67
        final NativeHistogramBuckets buckets = full.getNativeBucketsForPositiveValues();
        long nativeTotal = 0;
        for (int i = 0; i < buckets.size(); i++)
        {
            nativeTotal += buckets.getCount(i);
        }
        assertEquals(4, nativeTotal);
        assertEquals(LatencyExport.NATIVE_SCHEMA, full.getNativeSchema());
        assertEquals(-67, LatencyExport.nativeIndex(0.003));
        assertEquals(-8, LatencyExport.nativeIndex(0.5), "a bound belongs to the bucket below it");
        assertEquals(0, LatencyExport.nativeIndex(1.0));
        assertEquals(1, LatencyExport.nativeIndex(1.05));
    }

    @Test
    void boundsRiseToInfinityAndAValueOnABoundCountsInIt()
    {
        final double[] bounds = LatencyExport.BOUNDS_SECONDS;
        for (int i = 1; i < bounds.length - 1; i++)
        {
            assertTrue(bounds[i] > bounds[i - 1] && bounds[i] <= bounds[i - 1] * 2.5 + 1e-15, "steps of at most 2.5x");
        }
        assertEquals(Double.POSITIVE_INFINITY, bounds[bounds.length - 1]);
        assertEquals(0, LatencyExport.classicIndex(0.00001));
        assertEquals(1, LatencyExport.classicIndex(0.0000101));
        assertEquals(bounds.length - 1, LatencyExport.classicIndex(60));
    }

    private HistogramDataPointSnapshot point(final SendMode mode)
    {
        final HistogramSnapshot snapshot = (HistogramSnapshot)latency.collect();
        return snapshot.getDataPoints().stream().filter(p -> mode.label().equals(p.getLabels().get("mode")))
            .findFirst().orElseThrow();
    }

    private static long countAt(final ClassicHistogramBuckets buckets, final double bound)
    {
        for (int i = 0; i < buckets.size(); i++)
        {
            if (buckets.getUpperBound(i) == bound)
            {
                return buckets.getCount(i);
            }
        }
        throw new AssertionError("no bucket " + bound);
    }

    private static long total(final ClassicHistogramBuckets buckets)
    {
        long total = 0;
        for (int i = 0; i < buckets.size(); i++)
        {
            total += buckets.getCount(i);
        }
        return total;
    }
}
