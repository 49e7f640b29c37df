package io.tickgate.gateway;

import io.tickgate.testing.Json;
import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal survives a restart: a new gateway rebuilds its snapshots and seqs continue. And the HTTP endpoints.
 */
@Timeout(60)
class RestartAndHttpTest
{
    private static final String FULL_COUNT = "tickgate_fanout_latency_seconds_count{mode=\"full\"}";

    @TempDir
    Path dir;

    @Test
    void shouldListAndSnapshotEverySimulatedSymbolFromTheMomentThePortOpens() throws Exception
    {
        // one tick a second: without the simulator's opening quotes most symbols would not exist for minutes
        try (Gateway gateway = Gateway.launch(new GatewayContext().port(0).journalDir(dir).simSymbols(300).simRate(1)))
        {
            assertEquals(300, gateway.symbolCount(), "every simulated symbol is defined before the port opens");
            final HttpResponse<String> symbols = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/api/symbols")).build(),
                HttpResponse.BodyHandlers.ofString());
            @SuppressWarnings("unchecked")
            final List<String> listed = (List<String>)Json.parse(symbols.body());
            assertEquals(300, listed.size());
            try (WsClient client = WsClient.connect(gateway.port()))
            {
                final String quiet = listed.get(listed.size() - 1);
                client.send("{\"op\":\"subscribe\",\"symbols\":[\"" + quiet + "\"]}");
                final Map<String, Object> snapshot =
                    client.await(m -> "snapshot".equals(m.get("type")) && quiet.equals(m.get("symbol")), quiet);
                assertTrue(((Number)snapshot.get("seq")).longValue() >= 1, "a value, at once");
            }
        }
    }

    @Test
    void shouldRebuildSnapshotsAndContinueSeqAfterRestart()
    {
        try (GatewayFixture first = new GatewayFixture(dir))
        {
            for (int i = 0; i < 100; i++)
            {
                first.tick("AAPL", "190." + i);
            }
            first.tick("MSFT", "400");
        }
        try (GatewayFixture second = new GatewayFixture(dir);
            WsClient client = WsClient.connect(second.port()))
        {
            client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"MSFT\"],\"mode\":\"full\"}");
            final Map<String, Object> snapshot =
                client.await(m -> "snapshot".equals(m.get("type")) && "AAPL".equals(m.get("symbol")), "AAPL");
            assertEquals(100L, snapshot.get("seq"));
            assertEquals("190.99", snapshot.get("last").toString());
            assertEquals(101L, second.tick("AAPL", "191"));
            assertEquals(2L, second.tick("MSFT", "401"));
            final Map<String, Object> tick = client.await(m -> "tick".equals(m.get("type")), "a tick");
            assertEquals(101L, tick.get("seq"));
        }
    }

    @Test
    void shouldMeasureFanOutLatencyOfDeliveredTicks()
    {
        try (GatewayFixture fixture = new GatewayFixture(dir);
            WsClient client = WsClient.connect(fixture.port()))
        {
            fixture.tick("AAPL", "1");
            client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
            client.awaitType("snapshot");
            for (int i = 0; i < 100; i++)
            {
                fixture.tick("AAPL", "2");
            }
            client.awaitSeq(101);
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (!fixture.gateway().metricsText().contains(FULL_COUNT + " 100\n") &&
                System.nanoTime() < deadline)
            {
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
            }
            final String metrics = fixture.gateway().metricsText();
            assertTrue(metrics.contains(FULL_COUNT + " 100\n"), metrics);
        }
    }

    @Test
    void shouldServeHealthSymbolsMetricsAndDashboard()
    {
        try (GatewayFixture fixture = new GatewayFixture(dir))
        {
            fixture.tick("AAPL", "1");
            fixture.tick("BRK.B", "2");
            final HttpResponse<String> health = fixture.get("/health");
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"status\":\"serving\""), health.body());

            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (fixture.gateway().metricsText().contains("tickgate_symbols 0") && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
            }
            final HttpResponse<String> symbols = fixture.get("/api/symbols");
            assertEquals(200, symbols.statusCode());
            assertEquals(List.of("AAPL", "BRK.B"), Json.parse(symbols.body()));
            assertTrue(symbols.headers().firstValue("content-type").orElse("").startsWith("application/json"));

            final HttpResponse<String> metrics = fixture.get("/metrics");
            assertEquals(200, metrics.statusCode());
            for (final String name : new String[]{ "tickgate_connections ", "tickgate_subscriptions ",
                "tickgate_ticks_in_total 2", "tickgate_messages_out_total ", "tickgate_bytes_out_total ",
                "tickgate_conflated_total ", "tickgate_cutoffs_total{reason=\"slow_consumer\"} ",
                "tickgate_command_errors_total{code=\"BAD_REQUEST\"} ",
                "tickgate_fanout_latency_seconds_bucket{mode=\"full\",le=\"+Inf\"} " })
            {
                assertTrue(metrics.body().contains(name), "missing " + name + " in\n" + metrics.body());
            }

            final HttpResponse<String> page = fixture.get("/");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<html"), "dashboard html");
            assertEquals(404, fixture.get("/no/such/page").statusCode());
        }
    }
}
