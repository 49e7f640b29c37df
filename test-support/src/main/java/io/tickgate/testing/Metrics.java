package io.tickgate.testing;

/**
 * Reads the gateway's {@code /metrics} text (Prometheus exposition format) as tests need it: the value of one line.
 */
public final class Metrics
{
    private Metrics()
    {
    }

    /**
     * @param metricsText the text of {@code /metrics}.
     * @param name        a metric named with its labels as it is printed, e.g.
     *                    {@code tickgate_cutoffs_total{reason="slow_consumer"}}.
     * @return its value, truncated to a long.
     * @throws AssertionError when no line has that name.
     */
    public static long value(final String metricsText, final String name)
    {
        for (final String line : metricsText.split("\n"))
        {
            if (line.startsWith(name + " "))
            {
                return (long)Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no metric " + name + " in\n" + metricsText);
    }

    /**
     * The quantile of a histogram's observations between two scrapes, interpolated within its classic buckets as
     * Prometheus's {@code histogram_quantile} does over a rate.
     *
     * @param before    an earlier {@code /metrics} text.
     * @param after     a later one.
     * @param histogram the family, e.g. {@code tickgate_fanout_latency_seconds}.
     * @param labels    the series' labels before {@code le}, e.g. {@code mode="full"}.
     * @param q         the quantile, in [0, 1].
     * @return the estimate, NaN when nothing was observed in between.
     */
    public static double quantile(
        final String before, final String after, final String histogram, final String labels, final double q)
    {
        final String prefix = histogram + "_bucket{" + labels + ",le=\"";
        final java.util.List<double[]> buckets = new java.util.ArrayList<>();
        for (final String line : after.split("\n"))
        {
            if (line.startsWith(prefix))
            {
                final String bound = line.substring(prefix.length(), line.indexOf('"', prefix.length()));
                final String name = line.substring(0, line.lastIndexOf(' '));
                buckets.add(new double[]{ "+Inf".equals(bound) ? Double.POSITIVE_INFINITY : Double.parseDouble(bound),
                    value(after, name) - value(before, name) });
            }
        }
        final double total = buckets.isEmpty() ? 0 : buckets.get(buckets.size() - 1)[1];
        if (total <= 0)
        {
            return Double.NaN;
        }
        final double rank = q * total;
        double lower = 0;
        double below = 0;
        for (final double[] bucket : buckets)
        {
            if (bucket[1] >= rank)
            {
                return Double.isInfinite(bucket[0]) ? lower :
                    lower + (bucket[0] - lower) * (rank - below) / Math.max(1e-12, bucket[1] - below);
            }
            lower = bucket[0];
            below = bucket[1];
        }
        return lower;
    }
}
