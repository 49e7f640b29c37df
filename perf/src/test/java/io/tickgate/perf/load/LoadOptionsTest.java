package io.tickgate.perf.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadOptionsTest
{
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** bench load as main runs it, output captured; bad options end before anything starts. */
    private int execute(final String... args)
    {
        final CommandLine commandLine = LoadOptions.parser(new LoadGenerator());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void shouldDefaultToASmallEmbeddedRun()
    {
        final LoadOptions o = LoadOptions.parse();
        assertTrue(o.embedded, "no --port: embedded");
        assertEquals("127.0.0.1", o.host);
        assertNull(o.port);
        assertEquals(9090, o.ingestPort);
        assertEquals(0, o.gatewayPid);
        assertEquals("", o.gatewayJavaOpts);
        assertEquals("", o.gatewayOpts);
        assertNull(o.gatewayJava);
        assertEquals(System.getenv("TICKGATE_GATEWAY_JAR"), o.gatewayJar);
        assertEquals(10, o.connections);
        assertEquals(10, o.symbolsPerConn);
        assertEquals(100, o.symbols);
        assertEquals(1_000, o.rate);
        assertEquals(5, o.warmupSeconds);
        assertEquals(10, o.durationSeconds);
        assertTrue(o.full);
        assertEquals("full", o.mode());
        assertEquals(0, o.maxRate);
        assertEquals("json", o.format);
        assertEquals("/stream", o.streamPath());
        assertTrue(o.nio);
        assertEquals(1, o.ioThreads);
        assertEquals(16_384, o.readBuffer);
        assertEquals(1, o.sourceAddrs);
        assertEquals(1, o.httpClients);
        assertEquals("latency.hgrm", o.out);
        assertEquals("latency.html", o.report);
        assertNull(o.summary);
        assertFalse(o.sweep);
        assertEquals(1_000, o.sweepStart, "the sweep starts at --rate");
        assertEquals(1.25, o.sweepFactor);
        assertNull(o.sweepRates);
        assertEquals(10_000_000, o.sweepMaxRate);
        assertEquals(40, o.sweepMaxSteps);
        assertEquals(5.0, o.sweepP99Ms);
        assertEquals(List.of(), o.args);
    }

    @Test
    void shouldShortenTheStepsOfASweepUnlessTold()
    {
        final LoadOptions sweep = LoadOptions.parse("--sweep", "--rate", "300");
        assertEquals(2, sweep.warmupSeconds);
        assertEquals(5, sweep.durationSeconds);
        assertEquals(300, sweep.sweepStart);
        final LoadOptions told = LoadOptions.parse("--sweep", "--warmup", "0", "--duration", "1");
        assertEquals(0, told.warmupSeconds);
        assertEquals(1, told.durationSeconds);
    }

    @Test
    void shouldTakeEveryOptionByItsName()
    {
        final LoadOptions running = LoadOptions.parse("--host", "127.0.0.2", "--port", "8081", "--ingest-port", "9091",
            "--gateway-pid", "42", "--connections", "3", "--symbols-per-conn", "2", "--symbol-count", "5", "--rate",
            "7", "--duration", "4", "--warmup", "0", "--mode", "conflated", "--max-rate", "4", "--format", "binary",
            "--client", "jdk", "--io-threads", "2", "--read-buffer", "4096", "--source-addrs", "3", "--http-clients",
            "2", "--out", "x.hgrm", "--report", "r.html", "--summary", "s.txt");
        assertFalse(running.embedded);
        assertEquals("127.0.0.2", running.host);
        assertEquals(8081, running.port);
        assertEquals(9091, running.ingestPort);
        assertEquals(42, running.gatewayPid);
        assertEquals(3, running.connections);
        assertEquals(2, running.symbolsPerConn);
        assertEquals(5, running.symbols);
        assertEquals(7, running.rate);
        assertEquals(4, running.durationSeconds);
        assertEquals(0, running.warmupSeconds);
        assertFalse(running.full);
        assertEquals(4, running.maxRate);
        assertEquals("/stream?format=binary", running.streamPath());
        assertFalse(running.nio);
        assertEquals(2, running.ioThreads);
        assertEquals(4096, running.readBuffer);
        assertEquals(3, running.sourceAddrs);
        assertEquals(3, running.httpClientCount(), "one HttpClient per source address");
        assertEquals("x.hgrm", running.out);
        assertEquals("r.html", running.report);
        assertEquals("s.txt", running.summary);
        assertEquals("--host", running.args.get(0));

        final LoadOptions embedded = LoadOptions.parse("--embedded", "--gateway-jar", "gw.jar", "--gateway-java",
            "/opt/java", "--gateway-java-opts", "-XX:+UseZGC -Xmx2g", "--gateway-opts", "--ring-bytes 65536", "--out",
            "y.hgrm");
        assertTrue(embedded.embedded);
        assertEquals("gw.jar", embedded.gatewayJar);
        assertEquals("/opt/java", embedded.gatewayJava);
        assertEquals("-XX:+UseZGC -Xmx2g", embedded.gatewayJavaOpts, "values that look like options are values");
        assertEquals("--ring-bytes 65536", embedded.gatewayOpts);
        assertEquals("y.html", embedded.report, "the report follows --out");

        final LoadOptions sweep = LoadOptions.parse("--sweep", "--sweep-start", "100", "--sweep-step-factor", "2",
            "--sweep-max-rate", "900", "--sweep-max-steps", "3", "--sweep-p99-ms", "0.5");
        assertTrue(sweep.sweep);
        assertEquals(100, sweep.sweepStart);
        assertEquals(2.0, sweep.sweepFactor);
        assertEquals(900, sweep.sweepMaxRate);
        assertEquals(3, sweep.sweepMaxSteps);
        assertEquals(0.5, sweep.sweepP99Ms);
        assertArrayEquals(new int[]{ 10, 20, 30 },
            LoadOptions.parse("--sweep", "--sweep-rates", "10, 20,30").sweepRates);
    }

    @Test
    void shouldSendATokenFromItsFileOnTheStream(@TempDir final Path dir) throws IOException
    {
        final Path file = Files.writeString(dir.resolve("token"), "aaa.bbb.ccc\n");
        assertEquals("/stream?access_token=aaa.bbb.ccc",
            LoadOptions.parse("--token-file", file.toString()).streamPath());
        assertEquals("/stream?format=binary&access_token=aaa.bbb.ccc",
            LoadOptions.parse("--token-file", file.toString(), "--format", "binary").streamPath());
        assertBad("must hold one token", "--token-file", Files.writeString(dir.resolve("empty"), " \n").toString());
        assertBad("must hold one token", "--token-file", Files.writeString(dir.resolve("two"), "a b").toString());
        assertBad("--token-file: cannot read", "--token-file", dir.resolve("missing").toString());
    }

    @Test
    void shouldLetTheLastOfARepeatedOptionWin()
    {
        assertEquals(7, LoadOptions.parse("--rate", "5", "--rate", "7").rate);
    }

    @Test
    void shouldRejectABadValueWithExitCode2AndAMessageNamingTheOption()
    {
        assertEquals(2, execute("--connections", "0"));
        assertTrue(err.toString().contains("--connections must be in [1, 100000]: 0"), err.toString());
        assertTrue(err.toString().contains("Usage: tickgate bench load"), "and the usage follows");
        assertEquals("", out.toString());

        assertBad("Invalid value for option '--rate': 'abc' is not an int", "--rate", "abc");
        assertBad("--mode must be full or conflated: fast", "--mode", "fast");
        assertBad("--format must be json or binary: xml", "--format", "xml");
        assertBad("--client must be nio or jdk: netty", "--client", "netty");
        assertBad("--symbols-per-conn must be in [1, 5]: 6", "--symbol-count", "5", "--symbols-per-conn", "6");
        assertBad("--sweep-step-factor must be in [1.01, 10.0]: 1.0", "--sweep", "--sweep-step-factor", "1");
        assertBad("--sweep-rates must increase: 5,2", "--sweep", "--sweep-rates", "5,2");
        assertBad("--sweep-rates needs --sweep", "--sweep-rates", "1,2");
        assertBad("--summary is for a single run", "--sweep", "--summary", "x");
        assertBad("--embedded starts its own gateway", "--embedded", "--ingest-port", "9090");
        assertBad("--gateway-java/--gateway-java-opts/--gateway-opts need an embedded gateway", "--port", "8080",
            "--gateway-opts", "--x 1");
        assertBad("--gateway-pid is for a running gateway", "--gateway-pid", "12");
        assertBad("--host must be in 127.0.0.0/8: 10.0.0.1", "--host", "10.0.0.1");
        assertBad("Unknown option: '--bogus'", "--bogus");
    }

    private void assertBad(final String message, final String... args)
    {
        err.getBuffer().setLength(0);
        assertEquals(2, execute(args), String.join(" ", args));
        assertTrue(err.toString().contains(message), err.toString());
    }

    @Test
    void shouldPrintTheUsageForHelpAndExit0()
    {
        assertEquals(0, execute("--help"));
        final String usage = out.toString();
        assertTrue(usage.startsWith("Usage: tickgate bench load"), usage);
        for (final String name : List.of("--host", "--port", "--ingest-port", "--embedded", "--gateway-jar",
            "--gateway-java", "--gateway-java-opts", "--gateway-opts", "--gateway-pid", "--connections",
            "--symbols-per-conn", "--symbol-count", "--rate", "--duration", "--warmup", "--mode", "--max-rate",
            "--format", "--client", "--io-threads", "--read-buffer", "--source-addrs", "--http-clients", "--out",
            "--report", "--summary", "--sweep", "--sweep-start", "--sweep-step-factor", "--sweep-rates",
            "--sweep-max-rate", "--sweep-max-steps", "--sweep-p99-ms"))
        {
            assertTrue(Pattern.compile("\\s" + name + "[= ]").matcher(usage).find(), name);
        }
        assertTrue(usage.contains("(default: 1000)"), "defaults are shown");
        assertEquals("", err.toString());
        assertEquals(0, execute("-h"));
    }
}
