package io.tickgate.gateway;

import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Renders the gateway's metrics in the Prometheus text exposition format (version 0.0.4). Cold path: runs per scrape.
 */
final class PrometheusText
{
    private static final double[] QUANTILES = { 0.5, 0.9, 0.99, 0.999, 1.0 };

    private final StringBuilder out = new StringBuilder(4096);

    String render()
    {
        final String text = out.toString();
        out.setLength(0);
        return text;
    }

    PrometheusText gauge(final String name, final String help, final long value)
    {
        header(name, help, "gauge");
        out.append(name).append(' ').append(value).append('\n');
        return this;
    }

    PrometheusText counter(final String name, final String help, final long value)
    {
        header(name, help, "counter");
        out.append(name).append(' ').append(value).append('\n');
        return this;
    }

    /**
     * A counter family with one label, e.g. {@code tickgate_cutoffs_total{reason="slow_consumer"}}.
     */
    PrometheusText counters(
        final String name, final String help, final String label, final Map<String, LongSupplier> values)
    {
        header(name, help, "counter");
        for (final Map.Entry<String, LongSupplier> entry : values.entrySet())
        {
            out.append(name).append('{').append(label).append("=\"").append(entry.getKey()).append("\"} ")
                .append(entry.getValue().getAsLong()).append('\n');
        }
        return this;
    }

    /**
     * A summary in seconds from a nanosecond histogram, with quantiles 0.5 to 1 and the usual _sum and _count.
     */
    PrometheusText summary(final String name, final String help, final String window, final Histogram nanos)
    {
        header(name, help + " (" + window + ")", "summary");
        for (final double quantile : QUANTILES)
        {
            final long value = nanos.getTotalCount() == 0 ? 0 : nanos.getValueAtPercentile(quantile * 100.0);
            out.append(name).append("{quantile=\"").append(quantile).append("\"} ").append(value / 1e9).append('\n');
        }
        out.append(name).append("_sum ").append(nanos.getMean() * nanos.getTotalCount() / 1e9).append('\n');
        out.append(name).append("_count ").append(nanos.getTotalCount()).append('\n');
        return this;
    }

    private void header(final String name, final String help, final String type)
    {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
