package io.tickgate.perf.load;

import io.tickgate.codec.Symbols;
import io.tickgate.perf.protocol.SymbolIndex;
import io.tickgate.perf.report.Hgrm;
import io.tickgate.perf.report.Html;
import io.tickgate.perf.report.SvgPlot;
import io.tickgate.perf.ws.NioClientEngine;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * End-to-end load client for a RUNNING tickgate gateway, in the spirit of Aeron's {@code Ping}: the timestamp
 * travels in the payload, it warms up before measuring, and it reports HdrHistogram percentiles in µs.
 * <ol>
 * <li>Symbols: {@code GET /api/symbols} if it lists at least S, else {@code LOAD0001..} (primed with one tick each
 * over the ingest port so the gateway knows them before anyone subscribes).</li>
 * <li>C WebSocket connections to {@code ws://HOST:PORT/stream}; connection c subscribes to symbols
 * {@code (c*K + j) mod S, j < K}, so every symbol gets C*K/S subscribers (±1).</li>
 * <li>One TCP connection to the ingest port feeds CSV ticks at a constant R/s for W+D seconds
 * ({@link TickFeeder}); each tick's ts is its intended send time, so there is no coordinated omission.</li>
 * <li>Latency = receive time − ts of every tick intended within the D-second window, per connection, merged.</li>
 * </ol>
 * Everything is bounded: connect and subscribe timeouts, a drain of at most 5 s, and a watchdog that exits the
 * process at W + D + 120 s. Only 127.0.0.0/8 is accepted as host.
 */
public final class LoadGenerator
{
    private static final int MAX_CONNECTS_IN_FLIGHT = 64;
    private static final int SYMBOLS_PER_COMMAND = 100;
    private static final long NANOS = 1_000_000_000L;

    private final LoadOptions o;
    private final EpochMicrosClock clock = new EpochMicrosClock();
    private final PrintStream log = System.out;
    private final List<ClientConnection> connections = new ArrayList<>();
    private final Totals atStart = new Totals();
    private final Totals atEnd = new Totals();
    private String loadAtStart = "?";
    private long windowStartNanos;
    private long sentAtStart;
    private long sentAtEnd;
    private long windowEndNanos;
    private String loadAtEnd = "?";
    private final List<LatencyRecorder> recorders = new ArrayList<>();
    private final ProcCpu ownCpu = ProcCpu.self();
    private ProcCpu gatewayCpu;
    private HttpClient[] clients;
    private NioClientEngine engine;
    private SymbolIndex index;
    private TickFeeder feeder;

    LoadGenerator(final LoadOptions options)
    {
        this.o = options;
    }

    public static void main(final String[] args) throws Exception
    {
        final LoadOptions options;
        try
        {
            options = LoadOptions.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            if (!"help".equals(ex.getMessage()))
            {
                System.err.println("error: " + ex.getMessage());
            }
            System.err.println(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        final Thread watchdog = new Thread(() ->
        {
            for (long wait = deadline - System.nanoTime(); wait > 0; wait = deadline - System.nanoTime())
            {
                LockSupport.parkNanos(wait);
            }
            System.err.println("watchdog: run did not finish in time, exiting");
            final EmbeddedGateway g = embedded;
            if (null != g)
            {
                g.kill();
            }
            Runtime.getRuntime().halt(3);
        }, "watchdog");
        watchdog.setDaemon(true);
        extendDeadline(60);
        watchdog.start();
        int rc = 1;
        try
        {
            if (options.embedded)
            {
                startEmbedded(options);
            }
            rc = options.sweep ? Sweep.run(options) : single(options);
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            System.err.println("error: " + ex.getMessage());
        }
        finally
        {
            final EmbeddedGateway g = embedded;
            if (null != g)
            {
                extendDeadline(30);
                System.out.printf("stopping the embedded gateway (pid %d)%n", g.pid());
                g.close();
            }
        }
        System.exit(rc);
    }

    private static volatile long deadline;
    private static volatile EmbeddedGateway embedded;
    private static String gatewayDescription = "";

    /** The watchdog exits the process when the current step is not done seconds from now. */
    static void extendDeadline(final long seconds)
    {
        deadline = System.nanoTime() + seconds * NANOS;
    }

    private static void startEmbedded(final LoadOptions o) throws Exception
    {
        System.out.printf("starting an embedded gateway (%s)%n", o.gatewayJar);
        final EmbeddedGateway g = EmbeddedGateway.start(o.gatewayJava, o.gatewayJar, o.gatewayJavaOpts,
            o.gatewayOpts, 45 * NANOS);
        embedded = g;
        o.port = g.httpPort();
        o.ingestPort = g.ingestPort();
        o.gatewayPid = (int)g.pid();
        gatewayDescription = String.format("embedded pid %d, java %d (%s), GC %s, ports http %d ingest %d; %s",
            g.pid(), g.javaMajor, g.command.get(0), g.gc(), g.httpPort(), g.ingestPort(),
            String.join(" ", g.command));
        System.out.printf("embedded gateway: pid %d, http %d, ingest %d, GC %s%n", g.pid(), g.httpPort(),
            g.ingestPort(), g.gc());
    }

    /** One run: .hgrm and HTML report. */
    private static int single(final LoadOptions o) throws Exception
    {
        extendDeadline(o.warmupSeconds + o.durationSeconds + 120L + o.connections / 50);
        final Result r = new LoadGenerator(o).run();
        if (null == r)
        {
            return 1;
        }
        writeHgrm(r, o.out);
        if (null != o.summary)
        {
            SummaryFile.write(r.step(), Path.of(o.summary));
        }
        final Html html = new Html("tickgate load report");
        html.h2("Run parameters").keyValues(runParameters(o));
        html.h2("Result").raw(resultTable(List.of(r)));
        html.raw(SvgPlot.percentiles("latency by percentile, " + o.rate + " ticks/s, " + o.connections +
            " connections", List.of(o.out), List.of(Hgrm.parse(r.hgrmText))).svg());
        html.p("Latency = client receive time minus the tick's intended send time (no coordinated omission); " +
            "x: percentile on HdrHistogram's log 'nines' scale, y: ms.");
        html.hgrm("raw percentile distribution (.hgrm, values in µs)", r.hgrmText);
        html.write(Path.of(o.report));
        System.out.printf("report      : %s%s%n", o.report, null == o.summary ? "" : ", summary " + o.summary);
        return r.exitCode;
    }

    static void writeHgrm(final Result r, final String file) throws IOException
    {
        final Path path = Path.of(file).toAbsolutePath();
        if (null != path.getParent())
        {
            java.nio.file.Files.createDirectories(path.getParent());
        }
        java.nio.file.Files.write(path, r.hgrmText.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    static List<String[]> runParameters(final LoadOptions o)
    {
        final List<String[]> rows = new ArrayList<>(o.describe());
        rows.add(new String[]{ "gateway process", o.embedded ? gatewayDescription : "not started by us" +
            (o.gatewayPid > 0 ? " (CPU read from pid " + o.gatewayPid + ")" : " (no --gateway-pid: no gateway CPU)") });
        rows.add(new String[]{ "load generator JVM", System.getProperty("java.vm.name") + " " +
            System.getProperty("java.vm.version") + ", GC " + collectors() + ", " +
            Runtime.getRuntime().availableProcessors() + " CPUs, max heap " +
            Runtime.getRuntime().maxMemory() / (1 << 20) + " MB" });
        rows.add(new String[]{ "load generator JVM flags",
            String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) });
        rows.add(new String[]{ "date", java.time.ZonedDateTime.now().toString() });
        rows.add(new String[]{ "host", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " +
            System.getProperty("os.arch") + ", load average now " + ProcCpu.loadAverage() });
        return rows;
    }

    static String collectors()
    {
        final List<String> names = new ArrayList<>();
        for (final java.lang.management.GarbageCollectorMXBean gc :
            java.lang.management.ManagementFactory.getGarbageCollectorMXBeans())
        {
            names.add(gc.getName());
        }
        return String.join(" + ", names);
    }

    /** The result table, one row per run (or sweep step). */
    static String resultTable(final List<Result> results)
    {
        final Html t = new Html("");
        final List<List<String>> rows = new ArrayList<>();
        for (final Result r : results)
        {
            rows.add(List.of(Integer.toString(r.rate), f("%,.0f", r.fedRate), f("%,.0f", r.deliveredMsgs),
                f("%,.0f", r.expectedMsgs), f("%,.0f", r.frames), f("%,.0f", r.bytes), ms(r.total.getValueAtPercentile(50)),
                ms(r.total.getValueAtPercentile(90)), ms(r.total.getValueAtPercentile(99)),
                ms(r.total.getValueAtPercentile(99.9)), ms(r.total.getMaxValue()), Long.toString(r.total.getTotalCount()),
                r.gaps + " (" + r.missing + " seqs)", Long.toString(r.cutOffs), Long.toString(r.errors),
                r.clientCpu, r.gatewayCpu, r.loadStart + " / " + r.loadEnd, f("%.1f", r.seconds)));
        }
        final String html = t.table(List.of("offered ticks/s", "fed ticks/s", "delivered msgs/s",
            "full-mode target msgs/s", "frames/s", "bytes/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms",
            "samples", "gaps", "cut-offs", "errors", "CPU client (and run-queue wait)", "CPU gateway (and run-queue wait)",
            "load avg start / end", "window s"), rows).end();
        return html.substring(html.indexOf("<table>"), html.lastIndexOf("</table>") + 8) + "\n";
    }

    public static String ms(final long micros)
    {
        return f("%.3f", micros / 1000.0);
    }

    private static String f(final String format, final Object... args)
    {
        return String.format(java.util.Locale.ROOT, format, args);
    }

    /** What one run measured, over its measured window. */
    static final class Result
    {
        int rate;
        double seconds;
        double fedRate;
        double deliveredMsgs;
        double deliveredTicks;
        double expectedMsgs;
        double frames;
        double bytes;
        Histogram total;
        String hgrmText;
        long gaps;
        long missing;
        long cutOffs;
        long errors;
        String clientCpu;
        String gatewayCpu;
        String loadStart;
        String loadEnd;
        int exitCode;
        boolean full;

        SweepRule.Step step()
        {
            return new SweepRule.Step(rate, fedRate, deliveredMsgs, expectedMsgs, total.getValueAtPercentile(50),
                total.getValueAtPercentile(99), total.getValueAtPercentile(99.9), total.getMaxValue(), gaps, cutOffs,
                errors, full);
        }
    }

    Result run() throws Exception
    {
        clients = o.nio ? new HttpClient[]{ HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build() } :
            newClients();
        if (o.gatewayPid > 0)
        {
            gatewayCpu = ProcCpu.of(o.gatewayPid);
            if (!gatewayCpu.readable())
            {
                log.printf("note: /proc/%d/stat is not readable; no gateway CPU%n", o.gatewayPid);
                gatewayCpu = null;
            }
        }
        final List<String> symbolNames = new ArrayList<>();
        final boolean generated = symbols(symbolNames);
        index = new SymbolIndex(symbolNames);
        log.printf("tickgate load: %d connections x %d of %d symbols (%s%s), %d ticks/s, warmup %ds, measure %ds%n",
            o.connections, o.symbolsPerConn, o.symbols, o.mode(), o.maxRate > 0 ? ", maxRate " + o.maxRate : "",
            o.rate, o.warmupSeconds, o.durationSeconds);
        log.printf("client: %s%s, load average %s%n", o.nio ? "nio, io threads " + o.ioThreads +
            ", source addresses 127.0.0.1.." + o.sourceAddrs : "jdk (java.net.http), http clients " + clients.length,
            "", ProcCpu.loadAverage());
        log.printf("symbols: %s (%s .. %s)%n", generated ? "generated" : "from /api/symbols",
            symbolNames.get(0), symbolNames.get(symbolNames.size() - 1));

        feeder = new TickFeeder(symbolNames, o.rate, o.warmupSeconds + o.durationSeconds, clock);
        feeder.connect(o.host, o.ingestPort);
        if (generated)
        {
            feeder.prime();
            awaitListed(symbolNames);
        }

        final int opened = openConnections();
        log.printf("connected %d/%d%n", opened, o.connections);
        if (0 == opened)
        {
            log.println("no connection could be opened; giving up");
            feeder.close();
            return null;
        }
        subscribe();

        final long startNanos = System.nanoTime() + 200_000_000L;
        final long measureStart = startNanos + o.warmupSeconds * NANOS;
        final long measureEnd = measureStart + o.durationSeconds * NANOS;
        for (final ClientConnection c : connections)
        {
            c.measureWindow(clock.toEpochMicros(measureStart), clock.toEpochMicros(measureEnd));
        }
        feeder.start(startNanos);
        final Thread feederThread = new Thread(feeder, "tick-feeder");
        feederThread.setDaemon(true);
        feederThread.start();

        final Histogram total = report(startNanos);
        feederThread.join(5_000);
        final Totals end = new Totals();
        end.read(connections);
        closeAll();
        return summary(total, end);
    }

    private Histogram report(final long startNanos)
    {
        final Histogram total = new Histogram(ClientConnection.HIGHEST_TRACKABLE_MICROS, 3);
        final Histogram interval = new Histogram(ClientConnection.HIGHEST_TRACKABLE_MICROS, 3);
        final int measuredEnd = o.warmupSeconds + o.durationSeconds;
        final Totals previous = new Totals();
        final Totals now = new Totals();
        if (0 == o.warmupSeconds)
        {
            // no warmup: the window opens as the feeder starts, before the first report
            for (long wait = startNanos - System.nanoTime(); wait > 0; wait = startNanos - System.nanoTime())
            {
                LockSupport.parkNanos(wait);
            }
            now.read(connections);
            ownCpu.sample();
            if (null != gatewayCpu)
            {
                gatewayCpu.sample();
            }
            markWindowStart(now);
        }
        for (int k = 1; ; k++)
        {
            final long due = startNanos + k * NANOS;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime())
            {
                LockSupport.parkNanos(wait);
            }
            interval.reset();
            for (final LatencyRecorder r : recorders)
            {
                interval.add(r.interval());
            }
            total.add(interval);
            now.read(connections);
            ownCpu.sample();
            if (null != gatewayCpu)
            {
                gatewayCpu.sample();
            }
            if (k == o.warmupSeconds)
            {
                markWindowStart(now);
            }
            if (k == measuredEnd)
            {
                atEnd.copy(now);
                sentAtEnd = feeder.sent();
                windowEndNanos = System.nanoTime();
                ownCpu.markEnd();
                if (null != gatewayCpu)
                {
                    gatewayCpu.markEnd();
                }
                loadAtEnd = ProcCpu.loadAverage();
            }
            final String phase = k <= o.warmupSeconds ? "warmup" : k <= measuredEnd ? "measure" : "drain";
            log.printf("[%4ds %-7s] fed %d (lag %.1f ms, max %.1f ms) | %,d msg/s %,d frames/s %.2f MB/s | " +
                "p50 %d p99 %d max %d us | gaps %d cut-offs %d errors %d open %d | cpu %s%s%n",
                k, phase, feeder.sent(), feeder.lagNanos() / 1e6, feeder.maxLagNanos() / 1e6,
                now.messages - previous.messages, now.frames - previous.frames,
                (now.bytes - previous.bytes) / 1e6,
                interval.getValueAtPercentile(50), interval.getValueAtPercentile(99), interval.getMaxValue(),
                now.gapEvents, now.cutOffs, now.errors(), now.open, ownCpu.lastPercent(),
                null == gatewayCpu ? "" : " gw " + gatewayCpu.lastPercent());
            final boolean quiet = now.messages == previous.messages;
            previous.copy(now);
            if (k >= measuredEnd && feeder.done() && (quiet || k >= measuredEnd + 5 || now.open == 0))
            {
                return total;
            }
            if (k >= measuredEnd + 10)
            {
                return total;
            }
        }
    }

    private void markWindowStart(final Totals now)
    {
        atStart.copy(now);
        sentAtStart = feeder.sent();
        windowStartNanos = System.nanoTime();
        ownCpu.markStart();
        if (null != gatewayCpu)
        {
            gatewayCpu.markStart();
        }
        loadAtStart = ProcCpu.loadAverage();
    }

    private Result summary(final Histogram total, final Totals end) throws IOException
    {
        // rates over the window's real length: a starved reporter thread can stretch it past D seconds
        final double seconds = windowEndNanos > windowStartNanos ? (windowEndNanos - windowStartNanos) / 1e9 :
            o.durationSeconds;
        final double subscribersPerSymbol = (double)o.connections * o.symbolsPerConn / o.symbols;
        log.println();
        log.println("==== tickgate load result ====");
        log.printf("config      : C=%d K=%d S=%d R=%d/s mode=%s%s W=%ds D=%ds format=%s client=%s%n",
            o.connections, o.symbolsPerConn, o.symbols, o.rate, o.mode(), o.maxRate > 0 ? " maxRate=" + o.maxRate : "",
            o.warmupSeconds, o.durationSeconds, o.format,
            o.nio ? "nio io-threads=" + o.ioThreads + " source-addrs=" + o.sourceAddrs : "jdk http-clients=" + clients.length);
        log.printf("fed         : %,d ticks, max sender lag %.2f ms%s%n", feeder.sent(), feeder.maxLagNanos() / 1e6,
            null == feeder.failure() ? "" : ", FAILED: " + feeder.failure());
        log.printf("window      : %.1f s of wall time (planned %d s)%s%n", seconds, o.durationSeconds,
            seconds > o.durationSeconds * 1.1 ? " -- the reporter was starved; rates below use the real length" : "");
        log.printf("delivered   : %,.0f msgs/s (%,.0f ticks/s; full-mode target %,.0f), %,.0f frames/s, %,.0f bytes/s%n",
            (atEnd.messages - atStart.messages) / seconds, (atEnd.ticks - atStart.ticks) / seconds,
            o.rate * subscribersPerSymbol, (atEnd.frames - atStart.frames) / seconds,
            (atEnd.bytes - atStart.bytes) / seconds);
        log.printf("latency us  : p50 %d p90 %d p99 %d p99.9 %d max %d (n=%,d)%n",
            total.getValueAtPercentile(50), total.getValueAtPercentile(90), total.getValueAtPercentile(99),
            total.getValueAtPercentile(99.9), total.getMaxValue(), total.getTotalCount());
        if (o.full)
        {
            final long expected = Math.round((double)o.rate * o.durationSeconds * subscribersPerSymbol);
            log.printf("samples     : %,d of %,d ticks fed in the window were received by the end of the drain%s%n",
                total.getTotalCount(), expected, total.getTotalCount() < expected ?
                " (the rest are NOT in the percentiles: the system is behind)" : "");
        }
        log.printf("seq         : gaps %d (%d seqs missing), duplicates+backwards %d%s%n",
            end.gapEvents, end.missing, end.disorder, o.full ? "" : " (conflated: gaps are expected, not counted)");
        log.printf("connections : cut-offs (1008) %d, other closes %d, errors %d (connect/IO %d, error msgs %d, " +
            "parse %d, unknown symbols %d)%s%n", end.cutOffs, end.otherCloses, end.errors(), end.failures,
            end.errorMessages, end.parseErrors, end.unknownSymbols, lastErrorCode());
        final java.io.ByteArrayOutputStream hgrm = new java.io.ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(hgrm, false, "US-ASCII"))
        {
            total.outputPercentileDistribution(ps, 1.0);
        }
        log.printf("cpu         : loadgen %s%s (over the measured window; 1.00 = one core busy)%n",
            ownCpu.windowSummary(), null == gatewayCpu ? "" : ", gateway pid " + o.gatewayPid + " " +
            gatewayCpu.windowSummary());
        log.printf("load average: %s at the window's start, %s at its end (%d cores)%n", loadAtStart, loadAtEnd,
            Runtime.getRuntime().availableProcessors());
        log.printf("histogram   : %s (values in us)%n", o.out);
        final Result r = new Result();
        r.rate = o.rate;
        r.full = o.full;
        r.seconds = seconds;
        r.fedRate = (sentAtEnd - sentAtStart) / seconds;
        r.deliveredMsgs = (atEnd.messages - atStart.messages) / seconds;
        r.deliveredTicks = (atEnd.ticks - atStart.ticks) / seconds;
        r.expectedMsgs = o.rate * subscribersPerSymbol;
        r.frames = (atEnd.frames - atStart.frames) / seconds;
        r.bytes = (atEnd.bytes - atStart.bytes) / seconds;
        r.total = total;
        r.hgrmText = hgrm.toString(java.nio.charset.StandardCharsets.US_ASCII);
        r.gaps = o.full ? end.gapEvents : 0;
        r.missing = o.full ? end.missing : 0;
        r.cutOffs = end.cutOffs;
        r.errors = end.errors();
        r.clientCpu = ownCpu.windowSummary();
        r.gatewayCpu = null == gatewayCpu ? "n/a" : gatewayCpu.windowSummary();
        r.loadStart = loadAtStart;
        r.loadEnd = loadAtEnd;
        r.exitCode = null == feeder.failure() ? 0 : 1;
        return r;
    }

    private String lastErrorCode()
    {
        for (final ClientConnection c : connections)
        {
            if (null != c.lastErrorCode)
            {
                return ", e.g. " + c.lastErrorCode;
            }
            if (null != c.failure)
            {
                return ", e.g. " + c.failure;
            }
        }
        return "";
    }

    private HttpClient[] newClients()
    {
        final int n = Math.max(o.httpClients, o.sourceAddrs);
        final HttpClient[] result = new HttpClient[n];
        Method localAddress = null;
        if (o.sourceAddrs > 1)
        {
            try
            {
                localAddress = HttpClient.Builder.class.getMethod("localAddress", InetAddress.class);
            }
            catch (final NoSuchMethodException ex)
            {
                log.printf("note: java.net.http on Java %s cannot bind a local address (Java 19+ can); " +
                    "all sockets use the default source address%n", System.getProperty("java.specification.version"));
            }
        }
        for (int i = 0; i < n; i++)
        {
            final HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
            if (null != localAddress)
            {
                try
                {
                    localAddress.invoke(b, InetAddress.getByAddress(new byte[]{ 127, 0, 0, (byte)(1 + i % o.sourceAddrs) }));
                }
                catch (final ReflectiveOperationException | IOException ex)
                {
                    throw new IllegalStateException("cannot bind source address", ex);
                }
            }
            result[i] = b.build();
        }
        return result;
    }

    /** @return true when the names were generated rather than listed by the gateway. */
    private boolean symbols(final List<String> out)
    {
        try
        {
            final List<String> listed = listedSymbols();
            if (listed.size() >= o.symbols)
            {
                out.addAll(listed.subList(0, o.symbols));
                return false;
            }
            log.printf("/api/symbols lists %d symbols, fewer than %d: generating names%n", listed.size(), o.symbols);
        }
        catch (final IOException ex)
        {
            log.printf("/api/symbols failed (%s): generating names%n", ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        out.addAll(generatedSymbols(o.symbols));
        return true;
    }

    /**
     * Wait, with a deadline, until the gateway lists every primed symbol, so no subscribe meets UNKNOWN_SYMBOL. A
     * server without {@code /api/symbols} (the null gateway) cannot say: subscribe without waiting.
     */
    private void awaitListed(final List<String> names) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        try
        {
            while (!new java.util.HashSet<>(listedSymbols()).containsAll(names))
            {
                if (System.nanoTime() > deadline)
                {
                    log.println("the gateway has not listed every primed symbol after 15 s; subscribing anyway");
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        catch (final IOException ex)
        {
            log.printf("cannot list symbols (%s); subscribing without waiting for them%n", ex.getMessage());
        }
    }

    private List<String> listedSymbols() throws IOException, InterruptedException
    {
        final HttpResponse<String> response = clients[0].send(
            HttpRequest.newBuilder(URI.create("http://" + o.host + ":" + o.port + "/api/symbols"))
                .timeout(Duration.ofSeconds(5)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        if (200 != response.statusCode())
        {
            throw new IOException("/api/symbols answered " + response.statusCode());
        }
        return parseStringArray(response.body());
    }

    public static List<String> generatedSymbols(final int count)
    {
        final int width = Math.max(4, Integer.toString(count).length());
        final List<String> names = new ArrayList<>(count);
        for (int i = 1; i <= count; i++)
        {
            names.add(String.format("LOAD%0" + width + "d", i));
        }
        return names;
    }

    /** The valid symbols in a JSON array of strings; anything else in it is ignored. */
    static List<String> parseStringArray(final String json)
    {
        final List<String> result = new ArrayList<>();
        final java.util.Set<String> seen = new java.util.HashSet<>();
        int i = json.indexOf('[');
        if (i < 0)
        {
            return result;
        }
        final StringBuilder sb = new StringBuilder();
        for (i++; i < json.length() && json.charAt(i) != ']'; i++)
        {
            if (json.charAt(i) != '"')
            {
                continue;
            }
            sb.setLength(0);
            for (i++; i < json.length() && json.charAt(i) != '"'; i++)
            {
                if (json.charAt(i) == '\\' && i + 1 < json.length())
                {
                    i++;
                }
                sb.append(json.charAt(i));
            }
            final String name = sb.toString();
            if (Symbols.isValid(name) && seen.add(name))
            {
                result.add(name);
            }
        }
        return result;
    }

    /** Connection c subscribes to (c*K + j) mod S for j below K. */
    static int[] assignment(final int connection, final int perConnection, final int symbols)
    {
        final int[] result = new int[perConnection];
        for (int j = 0; j < perConnection; j++)
        {
            result[j] = (int)(((long)connection * perConnection + j) % symbols);
        }
        return result;
    }

    private int openConnections() throws Exception
    {
        if (o.nio)
        {
            return openNio();
        }
        final URI uri = URI.create("ws://" + o.host + ":" + o.port + "/stream" +
            ("binary".equals(o.format) ? "?format=binary" : ""));
        final Semaphore inFlight = new Semaphore(MAX_CONNECTS_IN_FLIGHT);
        final List<CompletableFuture<WebSocket>> futures = new ArrayList<>();
        final long deadline = System.nanoTime() + (30L + o.connections / 100) * NANOS;
        for (int c = 0; c < o.connections; c++)
        {
            final LatencyRecorder latency = new LatencyRecorder();
            recorders.add(latency);
            final ClientConnection connection =
                new ClientConnection(c, assignment(c, o.symbolsPerConn, o.symbols), index, o.full, clock, latency);
            connections.add(connection);
            if (!inFlight.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS))
            {
                connection.failure = new IllegalStateException("connect timed out");
                connection.closed = true;
                continue;
            }
            futures.add(clients[c % clients.length].newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, connection)
                .whenComplete((ws, error) ->
                {
                    inFlight.release();
                    if (null != error)
                    {
                        connection.failure = error;
                        connection.closed = true;
                    }
                }));
        }
        int opened = 0;
        for (final CompletableFuture<WebSocket> f : futures)
        {
            try
            {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                opened++;
            }
            catch (final Exception ex)
            {
                // counted in the connection's failure
            }
        }
        return opened;
    }

    private int openNio() throws Exception
    {
        final LatencyRecorder[] perThread = new LatencyRecorder[o.ioThreads];
        for (int t = 0; t < o.ioThreads; t++)
        {
            perThread[t] = new LatencyRecorder();
            recorders.add(perThread[t]);
        }
        for (int c = 0; c < o.connections; c++)
        {
            connections.add(new ClientConnection(
                c, assignment(c, o.symbolsPerConn, o.symbols), index, o.full, clock, perThread[c % o.ioThreads]));
        }
        engine = new NioClientEngine(connections, new InetSocketAddress(o.host, o.port), streamPath(), o.ioThreads,
            o.sourceAddrs, o.readBuffer, MAX_CONNECTS_IN_FLIGHT);
        final long timeout = (30L + o.connections / 100) * NANOS;
        final long deadline = System.nanoTime() + timeout + NANOS;
        engine.start(timeout);
        while (engine.settled() < o.connections && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(20_000_000L);
        }
        int opened = 0;
        for (final ClientConnection c : connections)
        {
            if (c.connected)
            {
                opened++;
            }
        }
        return opened;
    }

    private String streamPath()
    {
        return "/stream" + ("binary".equals(o.format) ? "?format=binary" : "");
    }

    private void subscribe()
    {
        long expectedAcks = 0;
        for (final ClientConnection c : connections)
        {
            final WebSocket ws = c.socket;
            if (!c.connected || c.closed)
            {
                continue;
            }
            for (int from = 0; from < c.symbols.length; from += SYMBOLS_PER_COMMAND)
            {
                final StringBuilder cmd = new StringBuilder(64 + 20 * SYMBOLS_PER_COMMAND)
                    .append("{\"op\":\"subscribe\",\"id\":").append(from / SYMBOLS_PER_COMMAND).append(",\"symbols\":[");
                for (int j = from; j < Math.min(c.symbols.length, from + SYMBOLS_PER_COMMAND); j++)
                {
                    cmd.append(j == from ? "\"" : ",\"").append(symbolName(c, j)).append('"');
                }
                cmd.append(']');
                if (o.full)
                {
                    cmd.append(",\"mode\":\"full\"");
                }
                else if (o.maxRate > 0)
                {
                    cmd.append(",\"maxRate\":").append(o.maxRate);
                }
                cmd.append('}');
                try
                {
                    if (o.nio)
                    {
                        engine.sendText(c.id, cmd.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    }
                    else
                    {
                        ws.sendText(cmd, true).get(5, TimeUnit.SECONDS);
                    }
                    expectedAcks++;
                }
                catch (final Exception ex)
                {
                    c.failure = ex;
                    break;
                }
            }
        }
        final long deadline = System.nanoTime() + 15 * NANOS;
        long answered = 0;
        while (System.nanoTime() < deadline)
        {
            answered = 0;
            for (final ClientConnection c : connections)
            {
                answered += c.subscribedAcks + c.errorMessages;
            }
            if (answered >= expectedAcks)
            {
                break;
            }
            LockSupport.parkNanos(20_000_000L);
        }
        log.printf("subscribe commands answered %d/%d%n", answered, expectedAcks);
    }

    private String symbolName(final ClientConnection c, final int j)
    {
        return index.name(c.symbols[j]);
    }

    private void closeAll() throws InterruptedException
    {
        if (o.nio)
        {
            engine.closeAll(3 * NANOS);
            return;
        }
        final List<CompletableFuture<WebSocket>> closing = new ArrayList<>();
        for (final ClientConnection c : connections)
        {
            final WebSocket ws = c.socket;
            if (null != ws && !c.closed && !ws.isOutputClosed())
            {
                closing.add(ws.sendClose(WebSocket.NORMAL_CLOSURE, "load done"));
            }
        }
        try
        {
            CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0])).get(3, TimeUnit.SECONDS);
        }
        catch (final Exception ignore)
        {
            // aborted below
        }
        for (final ClientConnection c : connections)
        {
            final WebSocket ws = c.socket;
            if (null != ws)
            {
                ws.abort();
            }
        }
    }

    /** Sums of the connections' counters at one moment. */
    static final class Totals
    {
        long messages;
        long ticks;
        long frames;
        long bytes;
        long gapEvents;
        long missing;
        long disorder;
        long cutOffs;
        long otherCloses;
        long failures;
        long errorMessages;
        long parseErrors;
        long unknownSymbols;
        int open;

        void read(final List<ClientConnection> connections)
        {
            messages = ticks = frames = bytes = gapEvents = missing = disorder = 0;
            cutOffs = otherCloses = failures = errorMessages = parseErrors = unknownSymbols = 0;
            open = 0;
            for (final ClientConnection c : connections)
            {
                messages += c.messages;
                ticks += c.ticks;
                frames += c.frames + c.binaryFrames;
                bytes += c.bytes;
                gapEvents += c.gapEvents;
                missing += c.missing;
                disorder += c.disorder;
                errorMessages += c.errorMessages;
                parseErrors += c.parseErrors;
                unknownSymbols += c.unknownSymbols;
                failures += null == c.failure ? 0 : 1;
                if (c.isCutOff())
                {
                    cutOffs++;
                }
                else if (c.closed && null == c.failure)
                {
                    otherCloses++;
                }
                if (c.connected && !c.closed)
                {
                    open++;
                }
            }
        }

        long errors()
        {
            return failures + errorMessages + parseErrors;
        }

        void copy(final Totals t)
        {
            messages = t.messages;
            ticks = t.ticks;
            frames = t.frames;
            bytes = t.bytes;
            gapEvents = t.gapEvents;
            missing = t.missing;
            disorder = t.disorder;
            cutOffs = t.cutOffs;
            otherCloses = t.otherCloses;
            failures = t.failures;
            errorMessages = t.errorMessages;
            parseErrors = t.parseErrors;
            unknownSymbols = t.unknownSymbols;
            open = t.open;
        }
    }
}
