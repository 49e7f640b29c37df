package io.tickgate.gateway;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.NativeHistogramBuckets;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.TreeMap;

/**
 * A cumulative HdrHistogram of nanoseconds as a Prometheus histogram data point in seconds: classic buckets at
 * {@link #BOUNDS_SECONDS} (what every scraper reads and {@code histogram_quantile} aggregates across nodes) and native
 * buckets of schema {@link #NATIVE_SCHEMA} (served to scrapers that ask for protobuf), both counted from the same
 * recorded values, with the histogram's exact count and the sum kept beside it. Cold path: runs per scrape.
 */
final class LatencyExport
{
    /**
     * 10 µs to 10 s, 1-2.5-5 per decade: a real-time send on a quiet gateway takes tens of µs, p99 under load runs
     * to tens of ms, conflated updates wait up to 1/maxRate on purpose and a crawling replay or delayed line may
     * trail by seconds. Steps of at most 2.5× keep {@code histogram_quantile}'s interpolation within a bucket.
     */
    static final double[] BOUNDS_SECONDS = {
        0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
        1, 2.5, 5, 10, Double.POSITIVE_INFINITY };
    /** Buckets 2^(1/8) ≈ 1.09 apart: 9 % wide, coarser than the recording's 1 % so values rarely land astray. */
    static final int NATIVE_SCHEMA = 3;
    /** The Prometheus clients' default: only a latency of exactly 0 falls in the zero bucket. */
    static final double NATIVE_ZERO_THRESHOLD = Math.pow(2, -128);
    private static final double NATIVE_LOG_BASE = Math.log(2) / (1 << NATIVE_SCHEMA);
    private static final double NS_PER_SECOND = 1e9;

    private LatencyExport()
    {
    }

    /**
     * @param nanos  cumulative latencies in ns.
     * @param sumNs  the exact sum of every value recorded into {@code nanos}.
     * @param labels the data point's labels.
     * @return the data point.
     */
    static HistogramDataPointSnapshot dataPoint(final Histogram nanos, final long sumNs, final Labels labels)
    {
        // per bucket, not cumulative: the writers add them up
        final long[] classic = new long[BOUNDS_SECONDS.length];
        final TreeMap<Integer, Long> nativeCounts = new TreeMap<>();
        long zeroCount = 0;
        for (final HistogramIterationValue value : nanos.recordedValues())
        {
            // a value stands for its HdrHistogram bucket, of which this is the highest value
            final double seconds = value.getValueIteratedTo() / NS_PER_SECOND;
            final long count = value.getCountAtValueIteratedTo();
            classic[classicIndex(seconds)] += count;
            if (seconds <= NATIVE_ZERO_THRESHOLD)
            {
                zeroCount += count;
            }
            else
            {
                nativeCounts.merge(nativeIndex(seconds), count, Long::sum);
            }
        }
        final int[] indexes = new int[nativeCounts.size()];
        final long[] counts = new long[nativeCounts.size()];
        int i = 0;
        for (final var entry : nativeCounts.entrySet())
        {
            indexes[i] = entry.getKey();
            counts[i++] = entry.getValue();
        }
        return HistogramDataPointSnapshot.builder()
            .labels(labels)
            .classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS_SECONDS, classic))
            .nativeSchema(NATIVE_SCHEMA)
            .nativeZeroThreshold(NATIVE_ZERO_THRESHOLD)
            .nativeZeroCount(zeroCount)
            .nativeBucketsForPositiveValues(NativeHistogramBuckets.of(indexes, counts))
            .sum(sumNs / NS_PER_SECOND)
            .build();
    }

    /**
     * @return the first classic bucket whose upper bound is at least {@code seconds}.
     */
    static int classicIndex(final double seconds)
    {
        int i = 0;
        while (seconds > BOUNDS_SECONDS[i])
        {
            i++;
        }
        return i;
    }

    /**
     * @return the native bucket of a positive value: bucket i holds (base^(i-1), base^i], base = 2^(2^-schema).
     */
    static int nativeIndex(final double seconds)
    {
        final int index = (int)Math.ceil(Math.log(seconds) / NATIVE_LOG_BASE);
        // the logarithm's rounding may put a value on a bound one bucket up
        return seconds <= Math.exp((index - 1) * NATIVE_LOG_BASE) ? index - 1 : index;
    }
}
