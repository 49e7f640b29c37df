package io.tickgate.gateway;

import org.HdrHistogram.Histogram;

/**
 * A latency histogram reduced to what {@code /metrics} prints of it: the values at {@link #QUANTILES}, the sum and
 * the count. Made by the metrics harvest once a second, so a scrape reads a few numbers instead of copying the
 * histograms (about 0.5 MB each).
 * <b>Note:</b> immutable.
 */
final class LatencySummary
{
    static final double[] QUANTILES = { 0.5, 0.9, 0.99, 0.999, 1.0 };
    static final LatencySummary EMPTY = new LatencySummary(new long[QUANTILES.length], 0, 0);

    private final long[] valuesNs;
    private final double sumNs;
    private final long count;

    private LatencySummary(final long[] valuesNs, final double sumNs, final long count)
    {
        this.valuesNs = valuesNs;
        this.sumNs = sumNs;
        this.count = count;
    }

    static LatencySummary of(final Histogram nanos)
    {
        final long count = nanos.getTotalCount();
        if (0 == count)
        {
            return EMPTY;
        }
        final long[] values = new long[QUANTILES.length];
        for (int i = 0; i < QUANTILES.length; i++)
        {
            values[i] = nanos.getValueAtPercentile(QUANTILES[i] * 100.0);
        }
        return new LatencySummary(values, nanos.getMean() * count, count);
    }

    /**
     * @return the value at {@code QUANTILES[index]}, in ns.
     */
    long valueNs(final int index)
    {
        return valuesNs[index];
    }

    double sumNs()
    {
        return sumNs;
    }

    long count()
    {
        return count;
    }
}
