package io.tickgate.gateway;

import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics.Bucket;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics.BucketSpan;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics.Histogram;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics.LabelPair;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics.Metric;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics.MetricFamily;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics.MetricType;
import io.tickgate.testing.Await;
import io.tickgate.testing.Metrics;
import io.tickgate.testing.RawWsClient;
import io.tickgate.testing.WsClient;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /metrics} of a real gateway with traffic in every send mode, scraped as Prometheus's own scraper would:
 * in protobuf (parsed with the client library's protobuf classes: every family), in text and in OpenMetrics. The
 * fan-out histograms count exactly the sends each client received, their buckets are consistent, the renamed
 * families are there, and the buffer gauge and cut-off counter move with a client that stops reading.
 */
@Timeout(90)
class MetricsScrapeTest
{
    static final String PROTOBUF =
        "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";
    private static final int TICKS = 200;

    @TempDir
    Path dir;
    private AuthGateway auth;
    private GatewayFixture fixture;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start()
    {
        auth = new AuthGateway(dir, ctx -> ctx.epochClock(new SystemEpochNanoClock()).maxDelayLines(1));
        fixture = auth.fixture;
        fixture.tick("AAPL", "100.00");
        fixture.tick("MSFT", "200.00");
    }

    @AfterEach
    void stop()
    {
        auth.close();
    }

    @Test
    void everyFamilyParsesAndTheFanOutHistogramsCountEverySendByMode() throws Exception
    {
        try (WsClient full = connect(0);
            WsClient conflated = connect(0);
            WsClient delayed = connect(1);
            WsClient replayer = connect(0))
        {
            full.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
            conflated.send("{\"op\":\"subscribe\",\"symbols\":[\"MSFT\"],\"maxRate\":1000}");
            delayed.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
            full.awaitType("snapshot");
            conflated.awaitType("snapshot");
            delayed.awaitType("subscribed");
            long last = 0;
            for (int i = 0; i < TICKS; i++)
            {
                last = fixture.tick("AAPL", "100." + (i % 90 + 10));
                fixture.tick("MSFT", "200." + (i % 90 + 10));
            }
            full.awaitSeq(last);
            delayed.awaitSeq(last);
            final long msftLast = last;
            Await.until(() -> conflated.ofType("tick").stream().anyMatch(m -> ((Number)m.get("seq")).longValue() ==
                msftLast), () -> "the conflated client has MSFT's last tick");
            // a replay once nothing ticks any more: all it sends is history
            replayer.send("{\"op\":\"replay\",\"symbols\":[\"AAPL\"],\"fromSeq\":{\"AAPL\":1}}");
            replayer.awaitType("replayEnd");

            final Map<String, MetricFamily> families = scrapeProtobuf();
            final Map<String, Histogram> fanOut = fanOutByMode(families.get("tickgate_fanout_latency_seconds"));
            assertEquals(full.ofType("tick").size(), fanOut.get("full").getSampleCount(), "full sends");
            assertEquals(TICKS, fanOut.get("full").getSampleCount());
            assertEquals(conflated.ofType("tick").size(), fanOut.get("conflated").getSampleCount(), "conflated");
            assertEquals(delayed.ofType("tick").size(), fanOut.get("delayed").getSampleCount(), "delayed");
            assertEquals(replayer.ofType("tick").size(), fanOut.get("replay").getSampleCount(), "replay");
            assertEquals(TICKS + 1, fanOut.get("replay").getSampleCount(), "the whole history replayed");
            // delayed: from when due, so well under the 1 s delay; full: at most the test's run
            assertTrue(fanOut.get("delayed").getSampleSum() < TICKS * 1.0, "delayed sum " + fanOut.get("delayed"));
            assertTrue(fanOut.get("full").getSampleSum() > 0 && fanOut.get("full").getSampleSum() < TICKS * 60.0);

            assertEquals(1.0, gauge(families, "tickgate_build_info", "version", GatewayContext.VERSION));
            assertEquals(4.0, gauge(families, "tickgate_connections", null, null));
            assertTrue(counter(families, "tickgate_connections_accepted_total", null, null) >= 4.0);
            assertEquals(0.0, gauge(families, "tickgate_publisher_lag_records", null, null), "caught up");
            assertEquals(0.0, gauge(families, "tickgate_publisher_lag_seconds", null, null));
            for (final String jvm : List.of("jvm_memory_used_bytes", "jvm_gc_collection_seconds",
                "process_cpu_seconds_total", "process_open_fds", "jvm_threads_current"))
            {
                assertTrue(families.containsKey(jvm), "missing " + jvm + " in " + families.keySet());
            }
            assertTextFormatsAgree(families);
        }
    }

    @Test
    void theBufferGaugeAndTheCutOffCounterMoveWithAClientThatStopsReading() throws Exception
    {
        final double limit = gauge(scrapeProtobuf(), "tickgate_buffer_limit_bytes", null, null);
        assertEquals(fixture.gateway().context().maxBufferMemory(), (long)limit);
        try (RawWsClient stalled = RawWsClient.connect(fixture.port(), "?access_token=" + token(0), 4096))
        {
            stalled.sendText("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
            Await.until(() -> fixture.metric("tickgate_subscriptions") == 1, () -> "subscribed");
            final double[] peak = {0};
            Await.until(() ->
            {
                for (int i = 0; i < 500; i++)
                {
                    fixture.tick("AAPL", "100.50");
                }
                peak[0] = Math.max(peak[0], fixture.metric("tickgate_buffer_bytes"));
                return fixture.metric("tickgate_cutoffs_total{reason=\"slow_consumer\"}") == 1;
            }, () -> "the client that stopped reading is cut off");
            assertTrue(peak[0] > 0 && peak[0] <= limit, "send buffers held while it was behind: " + peak[0]);
        }
    }

    @Test
    void nothingButAnAdminTokenReadsTheMetrics() throws Exception
    {
        assertEquals(401, get(null, null).statusCode());
        assertEquals(403, get(token(0), null).statusCode());
        assertEquals(200, get(adminToken(), null).statusCode());
    }

    // ---------------------------------------------------------------- scraping

    private Map<String, MetricFamily> scrapeProtobuf() throws IOException, InterruptedException
    {
        final HttpResponse<byte[]> response = get(adminToken(), PROTOBUF);
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith(
            "application/vnd.google.protobuf"), response.headers().toString());
        return parse(response.body());
    }

    /**
     * @return every family of a delimited protobuf scrape, by name; a name twice fails.
     */
    static Map<String, MetricFamily> parse(final byte[] body) throws IOException
    {
        final Map<String, MetricFamily> families = new HashMap<>();
        final InputStream in = new ByteArrayInputStream(body);
        for (MetricFamily parsed; null != (parsed = MetricFamily.parseDelimitedFrom(in));)
        {
            final MetricFamily family = parsed;
            assertTrue(null == families.put(family.getName(), family), "family twice: " + family.getName());
            assertTrue(family.getMetricCount() > 0 || family.getName().startsWith("tickgate_"), family.getName());
            if (MetricType.HISTOGRAM == family.getType())
            {
                family.getMetricList().forEach(metric -> assertConsistent(family.getName(), metric.getHistogram()));
            }
        }
        assertTrue(families.size() > 40, "families: " + families.keySet());
        return families;
    }

    /**
     * Classic buckets rise with their bounds and stay within the count; native buckets (where present) and the zero
     * bucket add up to the count.
     */
    static void assertConsistent(final String name, final Histogram histogram)
    {
        double bound = Double.NEGATIVE_INFINITY;
        long below = 0;
        for (final Bucket bucket : histogram.getBucketList())
        {
            assertTrue(bucket.getUpperBound() > bound, name + ": bounds rise");
            assertTrue(bucket.getCumulativeCount() >= below, name + ": buckets are cumulative");
            bound = bucket.getUpperBound();
            below = bucket.getCumulativeCount();
        }
        assertTrue(below <= histogram.getSampleCount(), name + ": the last finite bucket within the count");
        if (histogram.getPositiveSpanCount() > 0 || histogram.getZeroCount() > 0)
        {
            long nativeCount = histogram.getZeroCount();
            long count = 0;
            for (final long delta : histogram.getPositiveDeltaList())
            {
                count += delta;
                assertTrue(count >= 0, name + ": native bucket counts are not negative");
                nativeCount += count;
            }
            long spanned = 0;
            for (final BucketSpan span : histogram.getPositiveSpanList())
            {
                spanned += span.getLength();
            }
            assertEquals(histogram.getPositiveDeltaCount(), spanned, name + ": spans cover the deltas");
            assertEquals(histogram.getSampleCount(), nativeCount, name + ": native buckets add up to the count");
        }
    }

    /**
     * The text formats name the same families with the same types, and the fan-out histograms' {@code +Inf} bucket
     * equals their count.
     */
    private void assertTextFormatsAgree(final Map<String, MetricFamily> families) throws Exception
    {
        final String text = new String(get(adminToken(), null).body(), StandardCharsets.UTF_8);
        final String openMetrics = new String(get(adminToken(), "application/openmetrics-text; version=1.0.0")
            .body(), StandardCharsets.UTF_8);
        assertTrue(openMetrics.endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
        for (final MetricFamily family : families.values())
        {
            final String type = family.getType().name().toLowerCase(java.util.Locale.ROOT);
            assertTrue(text.contains("# TYPE " + family.getName() + " " + type + "\n"),
                "text format lacks " + family.getName() + " " + type);
        }
        for (final String mode : Set.of("full", "conflated", "replay", "delayed"))
        {
            final String labels = "{mode=\"" + mode + "\"";
            assertEquals(Metrics.value(text, "tickgate_fanout_latency_seconds_count" + labels + "}"),
                Metrics.value(text, "tickgate_fanout_latency_seconds_bucket" + labels + ",le=\"+Inf\"}"),
                mode + ": +Inf bucket = count");
        }
    }

    private HttpResponse<byte[]> get(final String token, final String accept) throws IOException, InterruptedException
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + fixture.port() + "/metrics"));
        if (null != token)
        {
            request.header("Authorization", "Bearer " + token);
        }
        if (null != accept)
        {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Map<String, Histogram> fanOutByMode(final MetricFamily family)
    {
        assertEquals(MetricType.HISTOGRAM, family.getType());
        final Map<String, Histogram> byMode = new HashMap<>();
        for (final Metric metric : family.getMetricList())
        {
            byMode.put(label(metric, "mode"), metric.getHistogram());
            assertEquals(LatencyExport.NATIVE_SCHEMA, metric.getHistogram().getSchema(), "native schema served");
        }
        assertEquals(Set.of("full", "conflated", "replay", "delayed"), byMode.keySet());
        return byMode;
    }

    private static double gauge(
        final Map<String, MetricFamily> families, final String name, final String label, final String value)
    {
        return find(families, name, label, value).getGauge().getValue();
    }

    private static double counter(
        final Map<String, MetricFamily> families, final String name, final String label, final String value)
    {
        return find(families, name, label, value).getCounter().getValue();
    }

    private static Metric find(
        final Map<String, MetricFamily> families, final String name, final String label, final String value)
    {
        final MetricFamily family = families.get(name);
        assertTrue(null != family, "no family " + name + " in " + families.keySet());
        return family.getMetricList().stream().filter(m -> null == label || value.equals(label(m, label)))
            .findFirst().orElseThrow(() -> new AssertionError(name + " has no " + label + "=" + value));
    }

    private static String label(final Metric metric, final String name)
    {
        return metric.getLabelList().stream().filter(l -> name.equals(l.getName())).map(LabelPair::getValue)
            .findFirst().orElse(null);
    }

    private String token(final long delaySeconds)
    {
        final long now = AuthGateway.now();
        return auth.minter.mint("desk", null, delaySeconds, true, false, now, now + 3600);
    }

    private String adminToken()
    {
        final long now = AuthGateway.now();
        return auth.minter.mint("prometheus", null, 0, false, true, now, now + 3600);
    }

    private WsClient connect(final long delaySeconds)
    {
        final WsClient client = auth.connect(token(delaySeconds));
        client.awaitType("welcome");
        return client;
    }
}
