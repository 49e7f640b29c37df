package io.tickgate.gateway;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Renders the gateway's metrics in the Prometheus text exposition format (version 0.0.4). Cold path: runs per scrape.
 */
final class PrometheusText
{
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
            labelled(name, label, entry.getKey()).append(entry.getValue().getAsLong()).append('\n');
        }
        return this;
    }

    /**
     * A gauge family with one label, e.g. {@code tickgate_delay_line_lag_seconds{delay="900"}}.
     */
    PrometheusText gauges(final String name, final String help, final String label, final Map<String, Double> values)
    {
        header(name, help, "gauge");
        for (final Map.Entry<String, Double> entry : values.entrySet())
        {
            labelled(name, label, entry.getKey()).append(entry.getValue()).append('\n');
        }
        return this;
    }

    private StringBuilder labelled(final String name, final String label, final String value)
    {
        return out.append(name).append('{').append(label).append("=\"").append(value).append("\"} ");
    }

    /**
     * A summary in seconds from nanoseconds, with quantiles 0.5 to 1 and the usual _sum and _count.
     */
    PrometheusText summary(final String name, final String help, final String window, final LatencySummary nanos)
    {
        header(name, help + " (" + window + ")", "summary");
        for (int i = 0; i < LatencySummary.QUANTILES.length; i++)
        {
            out.append(name).append("{quantile=\"").append(LatencySummary.QUANTILES[i]).append("\"} ")
                .append(nanos.valueNs(i) / 1e9).append('\n');
        }
        out.append(name).append("_sum ").append(nanos.sumNs() / 1e9).append('\n');
        out.append(name).append("_count ").append(nanos.count()).append('\n');
        return this;
    }

    private void header(final String name, final String help, final String type)
    {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
