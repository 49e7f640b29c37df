package io.tickgate.gateway;

import io.tickgate.codec.TickDecoder;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalLockedException;
import io.tickgate.journal.JournalReader;
import io.tickgate.journal.JournalWriter;
import io.tickgate.testing.Await;
import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * CSV lines over a real TCP socket to the gateway's ingest port, out to a real WebSocket client: exactly the good
 * lines arrive, in order, with exact prices and per-symbol seqs from 1; every bad line is counted by kind in /metrics;
 * the TCP client keeps its connection after garbage. And a second writer on a held journal fails clearly.
 */
@Timeout(60)
class TcpIngestEndToEndTest
{
    private static final String[] FIELDS =
        { "symbol", "ts", "bid", "bidSize", "ask", "askSize", "last", "lastSize", "volume" };
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "--threads {0}")
    @ValueSource(strings = { "dedicated", "shared" })
    void shouldJournalGoodLinesOnlyCountBadOnesAndKeepTheConnection(final String threads) throws IOException
    {
        final List<String> good = new ArrayList<>();
        final Map<String, Long> badByKind = new HashMap<>();
        final StringBuilder first = new StringBuilder();
        first.append("symbol,ts,bid,bidSize,ask,askSize,last,lastSize,volume\n"); // header: skipped
        first.append("# a comment\n\n");                                          // skipped
        line(first, good, "AAPL,1764100000000001,189.12,300,189.14,200,189.13,100,1234567");
        bad(first, badByKind, "field_count", "AAPL,1764100000000002,189.12,300,189.14,200,189.13,100");
        bad(first, badByKind, "field_count", "AAPL,1764100000000002,189.12,300,189.14,200,189.13,100,1,2");
        bad(first, badByKind, "field_count", "garbage without commas");
        line(first, good, "BRK.B,1764100000000003,-0.5,1,0.00000001,2,92233720367.99999999,3,0");
        bad(first, badByKind, "bad_symbol", "AA PL,1764100000000004,1,1,1,1,1,1,1");
        bad(first, badByKind, "bad_symbol", "ABCDEFGHIJKLMNOPQ,1764100000000004,1,1,1,1,1,1,1");
        bad(first, badByKind, "bad_symbol", ",1764100000000004,1,1,1,1,1,1,1");
        bad(first, badByKind, "bad_timestamp", "AAPL,-1764100000000004,1,1,1,1,1,1,1");
        bad(first, badByKind, "bad_timestamp", "AAPL,17641000000000x4,1,1,1,1,1,1,1");
        bad(first, badByKind, "bad_timestamp", "AAPL,99999999999999999999,1,1,1,1,1,1,1");
        line(first, good, "AAPL,1764100000000005,189.10,300,189.2,200,189.15000000,100,1234667");
        bad(first, badByKind, "bad_price", "AAPL,1764100000000006,189.123456789,300,189.14,200,189.13,100,1");
        bad(first, badByKind, "bad_price", "AAPL,1764100000000006,1.8913e2,300,189.14,200,189.13,100,1");
        bad(first, badByKind, "bad_price", "AAPL,1764100000000006,189.12,300,92233720368,200,189.13,100,1");
        bad(first, badByKind, "bad_price", "AAPL,1764100000000006,189.12,300,189.14,200,NaN,100,1");
        bad(first, badByKind, "bad_price", "AAPL,1764100000000006,,300,189.14,200,189.13,100,1");
        bad(first, badByKind, "bad_size", "AAPL,1764100000000007,189.12,-300,189.14,200,189.13,100,1");
        bad(first, badByKind, "bad_size", "AAPL,1764100000000007,189.12,300,189.14,200,189.13,1.5,1");
        bad(first, badByKind, "bad_size", "AAPL,1764100000000007,189.12,300,189.14,200,189.13,100,-1");
        bad(first, badByKind, "line_too_long", "AAPL,1764100000000008,1,1,1,1,1,1," + "9".repeat(600));
        bad(first, badByKind, "line_too_long", "x".repeat(100_000));
        line(first, good, "BRK.B,1764100000000009,-0.25,10,0.75,20,0.5,30,40\r");   // \r\n is a terminator too
        line(first, good, "AAPL,1764100000000010,0.00000001,0,1,0,0,0,0");

        try (Gateway gateway = Gateway.launch(
            new GatewayContext().port(0).ingestPort(0).journalDir(dir).threads(threads));
            WsClient client = WsClient.connect(gateway.port());
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.ingestPort()))
        {
            client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"mode\":\"full\",\"id\":1}");
            client.awaitType("subscribed");

            final OutputStream out = socket.getOutputStream();
            out.write(first.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitTicks(client, good.size());
            assertTicks(good, client);

            final long rejected = badByKind.values().stream().mapToLong(Long::longValue).sum();
            awaitMetric(gateway, "tickgate_ingest_accepted_total " + good.size() + ".0\n");
            final String metrics = get(gateway, "/metrics");
            assertTrue(metrics.contains("tickgate_ingest_skipped_total 3.0\n"), metrics);
            for (final String kind : List.of(
                "field_count", "bad_symbol", "bad_timestamp", "bad_price", "bad_size", "line_too_long"))
            {
                final String expected = "tickgate_ingest_rejected_total{kind=\"" + kind + "\"} " +
                    badByKind.get(kind) + ".0\n";
                assertTrue(metrics.contains(expected), () -> "missing " + expected + " in\n" + metrics);
            }
            assertTrue(metrics.contains("tickgate_ingest_connections 1.0\n"), metrics);
            assertEquals(19, rejected);

            // the same connection, after all that garbage, still ingests; a line split across writes is whole
            final StringBuilder later = new StringBuilder();
            line(later, good, "MSFT,1764100000000011,410.5,1,410.51,2,410.505,3,4");
            bad(later, badByKind, "bad_price", "MSFT,1764100000000012,4e2,1,410.51,2,410.505,3,4");
            line(later, good, "AAPL,1764100000000013,190,1,190.00000002,2,190.00000001,3,4");
            final byte[] bytes = later.toString().getBytes(StandardCharsets.US_ASCII);
            out.write(bytes, 0, 17);
            out.flush();
            out.write(bytes, 17, bytes.length - 17);
            out.flush();
            awaitTicks(client, good.size());
            assertTicks(good, client);
            awaitMetric(gateway, "tickgate_ingest_accepted_total " + good.size() + ".0\n");
            assertTrue(gateway.metricsText().contains("tickgate_ingest_rejected_total{kind=\"bad_price\"} 6.0\n"),
                gateway.metricsText());
            client.assertFramesWellFormed();
        }
    }

    @ParameterizedTest(name = "--threads {0}")
    @ValueSource(strings = { "dedicated", "shared" })
    void shouldAckRefuseFutureTicksAndDrainOnClose(final String threads) throws IOException
    {
        final Gateway gateway = Gateway.launch(
            new GatewayContext().port(0).ingestPort(0).journalDir(dir).threads(threads));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.ingestPort()))
        {
            socket.setSoTimeout(20_000);
            final BufferedReader acks =
                new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            final OutputStream out = socket.getOutputStream();
            final StringBuilder lines = new StringBuilder("#ack\n");
            for (int i = 1; i <= 3; i++)
            {
                lines.append("AAPL,176410000000000").append(i).append(",1,1,2,1,1.5,1,1\n");
            }
            lines.append("AAPL,9999999999999999,1,1,2,1,1.5,1,1\n"); // three centuries ahead
            out.write(lines.toString().getBytes(StandardCharsets.US_ASCII));
            for (String ack = acks.readLine(); !"ack 3 1".equals(ack); ack = acks.readLine())
            {
                assertTrue(null != ack, "three accepted, the future one refused");
            }
            final String metrics = gateway.metricsText();
            for (final String expected : List.of("tickgate_ingest_future_ts_total{action=\"rejected\"} 1.0\n",
                "tickgate_ingest_future_ts_total{action=\"clamped\"} 0.0\n",
                "tickgate_ingest_rejected_total{kind=\"ts_in_future\"} 1.0\n"))
            {
                assertTrue(metrics.contains(expected), () -> "missing " + expected + " in\n" + metrics);
            }

            // lines the feed thread may not have read yet, and a partial one: close drains them. Few enough (22 KB) to
            // be all in the gateway's receive buffer when the write returns; more may still wait in ours, in flight
            final StringBuilder more = new StringBuilder();
            for (int i = 4; i <= 500; i++)
            {
                more.append("AAPL,").append(1764100000000000L + i).append(",1,1,2,1,1.5,1,1\n");
            }
            out.write((more + "PART,1764100000000000,1,1").getBytes(StandardCharsets.US_ASCII));
            gateway.close();

            String last = null;
            for (String ack = acks.readLine(); null != ack; ack = acks.readLine())
            {
                last = ack;
            }
            assertEquals("ack " + journaledTicks("AAPL") + " 1", last, "the final ack counts what was journaled");
            assertEquals("ack 500 1", last, "every complete line received before the close");
            assertEquals(0, journaledTicks("PART"), "the partial line is not journaled");
        }
        finally
        {
            gateway.close();
        }
    }

    @Test
    void shouldRefuseTicksAndAnswer503WhileTheDiskIsBelowTheGuard() throws Exception
    {
        // a guard above any real disk's free space: every append is refused as DISK_LOW, deterministically
        try (Gateway gateway = Gateway.launch(new GatewayContext().port(0).ingestPort(0).journalDir(dir)
                .minFreeDiskBytes(Long.MAX_VALUE / 2));
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.ingestPort()))
        {
            socket.setSoTimeout(20_000);
            final BufferedReader acks =
                new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            socket.getOutputStream().write("#ack\nAAPL,1764100000000001,1,1,2,1,1.5,1,1\n"
                .getBytes(StandardCharsets.US_ASCII));
            for (String ack = acks.readLine(); !"ack 0 1".equals(ack); ack = acks.readLine())
            {
                assertTrue(null != ack, "the line is refused, and the feed is told so");
            }

            final HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(503, health.statusCode(), health.body());
            assertTrue(health.body().contains("\"check\":\"journal_refusing\",\"unavailable\":true"), health.body());
            assertTrue(health.body().contains("bytes usable on the journal's disk"), health.body());
            final String metrics = gateway.metricsText();
            assertTrue(metrics.contains("tickgate_journal_refusing 1.0\n"), metrics);
            assertTrue(metrics.contains("tickgate_ingest_journal_refused_total 1.0\n"), metrics);
        }
        assertEquals(0, journaledTicks("AAPL"), "nothing written to a disk below the guard");
    }

    private long journaledTicks(final String symbol)
    {
        final long[] count = new long[1];
        try (Journal journal = Journal.open(dir);
            JournalReader reader = journal.reader(Journal.DEFAULT_SYMBOL_CAPACITY))
        {
            while (reader.poll((final TickDecoder tick, final long index) ->
                count[0] += symbol.equals(reader.symbols().name(tick.symbolId())) ? 1 : 0, 1024) > 0)
            {
                // read to the end
            }
        }
        return count[0];
    }

    @Test
    void shouldRefuseToStartIngestOrSimulatorOnAJournalWithAnotherWriter()
    {
        try (Journal journal = Journal.open(dir);
            JournalWriter writer = journal.writer(1024))
        {
            final JournalLockedException ingest = assertThrows(JournalLockedException.class,
                () -> Gateway.launch(new GatewayContext().port(0).ingestPort(0).journalDir(dir)).close());
            assertTrue(ingest.getMessage().contains("already has a writer"), ingest.getMessage());
            assertTrue(ingest.getMessage().contains(dir.toString()), ingest.getMessage());

            final JournalLockedException simulator = assertThrows(JournalLockedException.class,
                () -> Gateway.launch(new GatewayContext().port(0).simSymbols(5).journalDir(dir)).close());
            assertTrue(simulator.getMessage().contains("already has a writer"), simulator.getMessage());
            assertEquals(0, writer.appended(), "the holder's writer is untouched");

            // a read-only gateway (no feed) is fine next to the writer
            try (Gateway readOnly = Gateway.launch(new GatewayContext().port(0).journalDir(dir)))
            {
                assertEquals(-1, readOnly.ingestPort());
            }
        }
        // the failed launches released everything: once the writer is gone, ingest starts on the same journal
        try (Gateway gateway = Gateway.launch(new GatewayContext().port(0).ingestPort(0).journalDir(dir)))
        {
            assertTrue(gateway.ingestPort() > 0);
        }
    }

    private static void line(final StringBuilder sb, final List<String> good, final String line)
    {
        sb.append(line).append('\n');
        good.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }

    private static void bad(final StringBuilder sb, final Map<String, Long> badByKind, final String kind,
        final String line)
    {
        sb.append(line).append('\n');
        badByKind.merge(kind, 1L, Long::sum);
    }

    private static void awaitTicks(final WsClient client, final int count)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.ofType("tick").size() < count)
        {
            if (System.nanoTime() > deadline)
            {
                fail("timed out waiting for " + count + " ticks; got " + client.ofType("tick"));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /**
     * Every good line as a tick, in sending order, nothing else: exact prices, integers as sent, seqs 1..n per symbol.
     */
    private static void assertTicks(final List<String> good, final WsClient client)
    {
        final List<Map<String, Object>> ticks = client.ofType("tick");
        assertEquals(good.size(), ticks.size(), () -> "ticks: " + ticks);
        assertTrue(client.ofType("snapshot").isEmpty(), "no snapshot for symbols born after the subscription");
        final Map<String, Long> seqs = new HashMap<>();
        for (int i = 0; i < good.size(); i++)
        {
            final String[] fields = good.get(i).split(",");
            final Map<String, Object> tick = ticks.get(i);
            final String where = "tick " + i + " " + tick + " for line " + good.get(i);
            assertEquals(fields[0], tick.get("symbol"), where);
            assertEquals(seqs.merge(fields[0], 1L, Long::sum), tick.get("seq"), where);
            assertEquals(Long.parseLong(fields[1]), tick.get("ts"), where);
            for (final int price : new int[]{ 2, 4, 6 })
            {
                final Object value = tick.get(FIELDS[price]);
                assertTrue(value instanceof Number, where);
                assertEquals(0, new BigDecimal(fields[price]).compareTo(new BigDecimal(value.toString())),
                    () -> FIELDS[price] + " " + value + " != " + fields[price] + " in " + where);
            }
            for (final int size : new int[]{ 3, 5, 7, 8 })
            {
                assertEquals(Long.parseLong(fields[size]), tick.get(FIELDS[size]), FIELDS[size] + " in " + where);
            }
        }
    }

    private static void awaitMetric(final Gateway gateway, final String text)
    {
        Await.until(() -> gateway.metricsText().contains(text), Duration.ofSeconds(10),
            () -> "'" + text + "' in\n" + gateway.metricsText());
    }

    private static String get(final Gateway gateway, final String path)
    {
        try
        {
            final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            return response.body();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
