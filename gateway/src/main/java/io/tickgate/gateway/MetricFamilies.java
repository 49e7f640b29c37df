package io.tickgate.gateway;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Registers the gateway's counters and gauges in a {@link PrometheusRegistry} as families whose values are read
 * from their owners' atomics at each scrape (callbacks: nothing is copied between scrapes, no thread is stopped).
 * The registry refuses two families of one name, e.g. a gauge {@code x} beside a counter {@code x_total}.
 */
final class MetricFamilies
{
    private final PrometheusRegistry registry;

    MetricFamilies(final PrometheusRegistry registry)
    {
        this.registry = registry;
    }

    MetricFamilies gauge(final String name, final String help, final DoubleSupplier value)
    {
        GaugeWithCallback.builder().name(name).help(help)
            .callback(callback -> callback.call(value.getAsDouble()))
            .register(registry);
        return this;
    }

    /**
     * @param name with its {@code _total} suffix, as scrapers see it.
     */
    MetricFamilies counter(final String name, final String help, final LongSupplier value)
    {
        CounterWithCallback.builder().name(name).help(help)
            .callback(callback -> callback.call(value.getAsLong()))
            .register(registry);
        return this;
    }

    /**
     * A counter family with one label, e.g. {@code tickgate_cutoffs_total{reason="slow_consumer"}}.
     */
    MetricFamilies counters(
        final String name, final String help, final String label, final Map<String, LongSupplier> values)
    {
        CounterWithCallback.builder().name(name).help(help).labelNames(label)
            .callback(callback -> values.forEach((key, value) -> callback.call(value.getAsLong(), key)))
            .register(registry);
        return this;
    }

    /**
     * A gauge family with one label whose series come and go, e.g. {@code tickgate_delay_line_lag_seconds{delay}}.
     */
    MetricFamilies gauges(
        final String name, final String help, final String label, final Supplier<Map<String, Double>> values)
    {
        GaugeWithCallback.builder().name(name).help(help).labelNames(label)
            .callback(callback -> values.get().forEach((key, value) -> callback.call(value, key)))
            .register(registry);
        return this;
    }
}
