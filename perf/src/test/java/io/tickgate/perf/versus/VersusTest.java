package io.tickgate.perf.versus;

import io.tickgate.gateway.ListeningLine;
import io.tickgate.perf.load.ChildJvm;
import io.tickgate.perf.load.LoadOptions;
import io.tickgate.perf.load.SummaryFile;
import io.tickgate.perf.load.SweepRule;
import io.tickgate.perf.nullgateway.NullGateway;
import io.tickgate.perf.report.TextTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VersusTest
{
    private static final String[] PEER = { "--peer-port", "18080", "--peer-ingest-port", "19001" };
    private static final String[] RUNNING_A = { "--port", "8080", "--ingest-port", "9090" };

    static SweepRule.Step step(final long p50, final long p99, final long p999, final double delivered)
    {
        return new SweepRule.Step(1000, 1000, delivered, 4000, p50, p99, p999, 2 * p999, 0, 0, 0, true);
    }

    private static String[] args(final String... more)
    {
        final String[] all = new String[PEER.length + RUNNING_A.length + more.length];
        System.arraycopy(PEER, 0, all, 0, PEER.length);
        System.arraycopy(RUNNING_A, 0, all, PEER.length, RUNNING_A.length);
        System.arraycopy(more, 0, all, PEER.length + RUNNING_A.length, more.length);
        return all;
    }

    private static String error(final String... args)
    {
        return assertThrows(ParameterException.class, () -> Versus.parse(args)).getMessage();
    }

    @Test
    void shouldTakeMediansOfOddAndEvenCounts()
    {
        assertEquals(3.0, VersusTable.median(new double[]{ 5, 1, 3 }));
        assertEquals(2.5, VersusTable.median(new double[]{ 4, 1, 2, 3 }));
        assertTrue(Double.isNaN(VersusTable.median(new double[0])));
        assertEquals("0.50x", VersusTable.ratio(1, 2));
        assertEquals("-", VersusTable.ratio(Double.NaN, 2));
    }

    @Test
    void shouldTabulateMediansRatiosAndRawRoundsLeavingFailedRoundsOut()
    {
        final VersusTable.Side a = new VersusTable.Side("tickgate", List.of(
            VersusTable.Round.ok(step(500, 3100, 9000, 4000)),
            VersusTable.Round.ok(step(700, 3500, 9500, 3800)),
            VersusTable.Round.ok(step(600, 2900, 9900, 4000))));
        final VersusTable.Side b = new VersusTable.Side("node", List.of(
            VersusTable.Round.ok(step(1000, 6000, 20000, 4000)),
            VersusTable.Round.failed("exit 1"),
            VersusTable.Round.ok(step(1400, 8000, 30000, 3000))));
        final List<List<String>> rows = VersusTable.rows(a, b);
        assertEquals(List.of("median of 3 rounds", "A tickgate", "B node", "A/B"), rows.get(0));
        assertEquals(List.of("p50 ms", "0.600", "1.200", "0.50x"), rows.get(1));
        assertEquals(List.of("p99 ms", "3.100", "7.000", "0.44x"), rows.get(2));
        assertEquals(List.of("p99.9 ms", "9.500", "25.000", "0.38x"), rows.get(3));
        assertEquals(List.of("delivered msgs/s", "4,000", "3,500", "1.14x"), rows.get(5));
        assertEquals(List.of("delivered % of offered", "100.0", "87.5", ""), rows.get(6));
        assertEquals(List.of("p99 ms by round", "3.100 / 3.500 / 2.900", "6.000 / failed / 8.000", ""), rows.get(7));
        assertEquals(List.of("failed runs", "0 of 3", "1 of 3", ""), rows.get(rows.size() - 1));

        final String markdown = TextTable.markdown(rows);
        assertTrue(markdown.startsWith("| median of 3 rounds | A tickgate | B node | A/B |\n|---|---:|---:|---:|\n"),
            markdown);
        final String[] text = TextTable.text(rows).split("\n");
        assertEquals(text[0].length(), text[1].length(), "the rule under the header spans the table");
        assertTrue(text[2].startsWith("p50 ms ") && text[2].endsWith("0.50x"), text[2]);
    }

    @Test
    void shouldShowFailedWhenEveryRoundOfASideFailed()
    {
        final VersusTable.Side a = new VersusTable.Side("A", List.of(VersusTable.Round.ok(step(1, 2, 3, 4))));
        final VersusTable.Side b = new VersusTable.Side("B", List.of(VersusTable.Round.failed("killed")));
        assertEquals(List.of("p99 ms", "0.002", "failed", "-"), VersusTable.rows(a, b).get(2));
    }

    @Test
    void shouldConvertDeliveredMessagesToTicks()
    {
        // 1000 connections x 20 of 500 symbols: 40 subscribers per symbol
        assertEquals(8_000, Versus.ticksFor(320_000, 1000, 20, 500));
        assertEquals(50_000, Versus.ticksFor(2_000_000, 1000, 20, 500));
        // 100 x 20 of 500: 4 per symbol; 3 x 1 of 2: 1.5 per symbol, rounded to the nearest tick
        assertEquals(10_000, Versus.ticksFor(40_000, 100, 20, 500));
        assertEquals(667, Versus.ticksFor(1000, 3, 1, 2));
        final IllegalArgumentException low = assertThrows(IllegalArgumentException.class,
            () -> Versus.ticksFor(10, 1000, 20, 500));
        assertTrue(low.getMessage().contains("40.00 subscribers per symbol"), low.getMessage());

        final Versus v = Versus.parse(args("--connections", "100", "--symbols-per-conn", "20", "--symbol-count", "500",
            "--rates", "40000,80000"));
        assertEquals(List.of(new Versus.Rate(40_000, 10_000), new Versus.Rate(80_000, 20_000)), v.plan());
    }

    @Test
    void shouldBuildEachServersArgumentsAndAlternateTheOrder()
    {
        final Versus v = Versus.parse(args("--connections", "4", "--gateway-pid", "77", "--peer-pid", "88"));
        assertEquals(List.of("--connections", "4", "--gateway-pid", "77", "--port", "8080", "--ingest-port", "9090",
            "--rate", "5", "--out", "x.hgrm", "--summary", "x.summary"), v.loadArgs('A', 5, Path.of("x")));
        assertEquals(List.of("--connections", "4", "--port", "18080", "--ingest-port", "19001", "--gateway-pid", "88",
            "--rate", "5", "--out", "x.hgrm", "--summary", "x.summary"), v.loadArgs('B', 5, Path.of("x")));
        assertEquals("AB", Versus.order(1));
        assertEquals("BA", Versus.order(2));
        assertEquals("AB", Versus.order(3));
    }

    @Test
    void shouldRejectBadValuesWithClearMessages()
    {
        assertTrue(error("--rounds", "0").contains("--peer-port"), "the peer is required");
        assertTrue(error(args("--rounds", "0")).contains("--rounds must be 1..50"));
        assertTrue(error(args("--rates", "1000,-5")).contains("--rates must be positive"));
        assertTrue(error(args("--rates", "abc")).contains("abc"));
        assertTrue(error("--peer-port", "70000", "--peer-ingest-port", "1", "--port", "1", "--ingest-port", "2")
            .contains("--peer-port must be 1..65535"));
        assertTrue(error("--peer-port", "1", "--peer-ingest-port", "2", "--port", "3").contains("both --port and"));
        assertTrue(error("--peer-port", "1", "--peer-ingest-port", "2", "--port", "1", "--ingest-port", "3")
            .contains("same server"));
        assertTrue(error(args("--rate", "1000")).contains("give --rates in delivered msgs/s"));
        assertTrue(error(args("--out", "x.hgrm")).contains("--out is set by versus"));
        assertTrue(error(args("--connections")).contains("--name value"));
        assertTrue(error(args("--connections", "0")).contains("--connections must be in [1, 100000]"));
        assertTrue(error(args("--host", "10.0.0.1")).contains("127.0.0.0/8"));
        assertTrue(error(args("--bogus", "1")).contains("Unknown options: '--bogus'"));
        assertTrue(error(args("--connections", "1000", "--symbols-per-conn", "20", "--symbol-count", "500",
            "--rates", "1")).contains("is 0 ticks/s at 40.00 subscribers per symbol"));
        assertTrue(error(args("--gateway-opts", "--x 1")).contains("load options of A: --gateway-java/"));
        assertTrue(error(PEER[0], PEER[1], PEER[2], PEER[3], "--gateway-jar", "/nonexistent.jar")
            .contains("needs the gateway jar"));
    }

    @Test
    void shouldRoundTripARunSummary(@TempDir final Path dir) throws Exception
    {
        final SweepRule.Step s = new SweepRule.Step(800, 799.5, 3198.25, 3200, 410, 2900, 8800, 12000, 1, 2, 3, false);
        final Path file = dir.resolve("r.summary");
        SummaryFile.write(s, file);
        assertEquals(s, SummaryFile.read(file));
        Files.writeString(file, "offeredRate=x\n");
        assertThrows(IllegalArgumentException.class, () -> SummaryFile.read(file));
        assertTrue(assertThrows(ParameterException.class, () -> LoadOptions.parse(new String[]{ "--sweep",
            "--summary", "x" })).getMessage().contains("--summary is for a single run"));
    }

    @Test
    void shouldRunBothServersAndTableAFailedPeer(@TempDir final Path dir) throws Exception
    {
        final int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            closedPort = s.getLocalPort();
        }
        final Process nullGateway = new ProcessBuilder(ChildJvm.command(NullGateway.class, List.of("--seconds", "60")))
            .redirectErrorStream(true).start();
        try
        {
            final ListeningLine listening = ListeningLine.find(new BufferedReader(new InputStreamReader(
                nullGateway.getInputStream(), StandardCharsets.US_ASCII)).readLine()).orElseThrow();
            final int rc = new CommandLine(new Versus()).execute("--port", Integer.toString(listening.httpPort()),
                "--ingest-port", Integer.toString(listening.ingestPort()),
                "--peer-port", Integer.toString(closedPort), "--peer-ingest-port", Integer.toString(closedPort),
                "--peer-name", "nobody", "--connections", "2", "--symbols-per-conn", "2", "--symbol-count", "4",
                "--rates", "100", "--rounds", "1", "--warmup", "0", "--duration", "1", "--out-dir", dir.toString());
            assertEquals(1, rc, "a failed run makes the exit code 1");
            final String md = Files.readString(dir.resolve("versus.md"));
            assertTrue(md.contains("## 100 msgs/s offered (100 ticks/s)"), md);
            assertTrue(md.contains("| failed runs | 0 of 1 | 1 of 1 |  |"), md);
            assertTrue(md.contains("Failed: B round 1: exit 1"), md);
            assertTrue(Files.exists(dir.resolve("100-r1-A.hgrm")) && Files.exists(dir.resolve("100-r1-A.html")));
            assertFalse(md.contains("| p50 ms | failed |"), md);
        }
        finally
        {
            nullGateway.destroyForcibly();
        }
    }
}
