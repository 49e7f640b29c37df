package io.tickgate.gateway;

import io.tickgate.gateway.ws.SendMode;
import io.tickgate.testing.Await;
import io.tickgate.testing.RawWsClient;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Figures for docs/metrics.md, not a test: what recording a fan-out latency allocates (10 million records on this
 * thread, after a warm-up), and what a scrape costs with {@code SESSIONS} connections subscribed and every mode's
 * histogram filled: the median and worst time of 200 scrapes over loopback HTTP in each format, their size, and
 * the bytes a text scrape allocates in process.
 * Run: {@code java -cp <gateway test classpath> io.tickgate.gateway.MetricsFigures DIR SESSIONS}.
 */
final class MetricsFigures
{
    private static final int RECORDS = 10_000_000;
    private static final int SCRAPES = 200;

    private MetricsFigures()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final GatewayMetrics metrics = new GatewayMetrics();
        final SendMode[] modes = SendMode.values();
        for (int i = 0; i < RECORDS; i++)
        {
            metrics.onSent(i & 0xFFFFF, 1, modes[i & 3]);
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < RECORDS; i++)
        {
            metrics.onSent(i & 0xFFFFF, 1, modes[i & 3]);
        }
        System.out.printf("recording: %d bytes allocated over %d records%n",
            threads.getCurrentThreadAllocatedBytes() - before, RECORDS);

        final int sessions = Integer.parseInt(args[1]);
        try (GatewayFixture fixture = new GatewayFixture(Path.of(args[0]), ctx -> ctx.maxConnectionsPerIp(sessions)))
        {
            fixture.tick("AAPL", "1");
            final List<RawWsClient> clients = new ArrayList<>();
            for (int i = 0; i < sessions; i++)
            {
                final RawWsClient client = RawWsClient.connect(fixture.port(), "", 1 << 16);
                client.sendText("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"" +
                    (i % 2 == 0 ? "full" : "conflated") + "\"}");
                clients.add(client);
            }
            Await.until(() -> fixture.metric("tickgate_subscriptions") == sessions, () -> "subscribed");
            for (int i = 0; i < 20; i++)
            {
                fixture.tick("AAPL", "1." + i);
            }
            final HttpClient http = HttpClient.newHttpClient();
            for (final String accept : new String[]{ "text/plain", "application/openmetrics-text; version=1.0.0",
                MetricsScrapeTest.PROTOBUF })
            {
                final HttpRequest request = HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + fixture.port() + "/metrics")).header("Accept", accept).build();
                final long[] nanos = new long[SCRAPES];
                int bytes = 0;
                for (int i = 0; i < SCRAPES; i++)
                {
                    final long start = System.nanoTime();
                    bytes = http.send(request, HttpResponse.BodyHandlers.ofByteArray()).body().length;
                    nanos[i] = System.nanoTime() - start;
                }
                Arrays.sort(nanos);
                System.out.printf("%s over HTTP with %d sessions: %d bytes; median %.2f ms, worst %.2f ms%n",
                    accept.split(";")[0], sessions, bytes, nanos[SCRAPES / 2] / 1e6, nanos[SCRAPES - 1] / 1e6);
            }
            long allocated = 0;
            for (int i = 0; i < SCRAPES; i++)
            {
                final long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
                fixture.gateway().metricsText();
                allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            }
            System.out.printf("a text scrape in process allocates %d KiB%n", allocated / 1024);
            for (final RawWsClient client : clients)
            {
                client.close();
            }
        }
    }
}
