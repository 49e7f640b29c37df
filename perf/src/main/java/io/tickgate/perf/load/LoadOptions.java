package io.tickgate.perf.load;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench load}'s options: picocli fills the fields, {@link #validate} checks every value and resolves those
 * that depend on others (embedded without --port, a sweep's shorter steps, the report's name, the sweep's first
 * rate). Every run is bounded: durations are whole seconds with upper limits, and only 127.0.0.0/8 hosts are
 * accepted.
 */
public final class LoadOptions
{
    private static final List<String> SWEEP_ONLY = List.of("--sweep-start", "--sweep-step-factor", "--sweep-rates",
        "--sweep-max-rate", "--sweep-max-steps", "--sweep-p99-ms");

    @Option(names = "--host", paramLabel = "HOST",
        description = "Running gateway's host, in 127.0.0.0/8 (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "N",
        description = "Running gateway's HTTP/WebSocket port (default: none: start an embedded gateway).")
    Integer port;

    @Option(names = "--ingest-port", paramLabel = "N",
        description = "Running gateway's TCP CSV ingest port (default: ${DEFAULT-VALUE}).")
    int ingestPort = 9090;

    @Option(names = "--gateway-pid", paramLabel = "PID",
        description = "Running gateway: also report this process's CPU, from /proc/PID/stat (default: none).")
    int gatewayPid;

    @Option(names = "--embedded", description = "Start a gateway child process (the default without --port).")
    boolean embedded;

    @Option(names = "--gateway-jar", paramLabel = "FILE",
        description = "Embedded: the gateway fat jar (default: $TICKGATE_GATEWAY_JAR).")
    String gatewayJar = System.getenv("TICKGATE_GATEWAY_JAR");

    @Option(names = "--gateway-java", paramLabel = "PATH",
        description = "Embedded: java executable for the gateway (default: this JVM's java).")
    String gatewayJava;

    @Option(names = "--gateway-java-opts", paramLabel = "S",
        description = "Embedded: extra JVM options, e.g. \"-XX:+UseZGC -Xmx2g\" (default: none).")
    String gatewayJavaOpts = "";

    @Option(names = "--gateway-opts", paramLabel = "S",
        description = "Embedded: extra 'serve' options (default: none).")
    String gatewayOpts = "";

    @Option(names = "--connections", paramLabel = "C",
        description = "WebSocket connections, 1..100000 (default: ${DEFAULT-VALUE}).")
    int connections = 10;

    @Option(names = "--symbols-per-conn", paramLabel = "K",
        description = "Symbols each connection subscribes to, 1..S (default: ${DEFAULT-VALUE}).")
    int symbolsPerConn = 10;

    @Option(names = "--symbol-count", paramLabel = "S",
        description = "Distinct symbols fed and subscribed, 1..1000000 (default: ${DEFAULT-VALUE}).")
    int symbols = 100;

    @Option(names = "--rate", paramLabel = "R",
        description = "Ticks per second fed, in total, 1..10000000 (default: ${DEFAULT-VALUE}).")
    int rate = 1_000;

    @Option(names = "--duration", paramLabel = "D",
        description = "Measured seconds, 1..3600 (default: 10; 5 with --sweep).")
    private Integer duration;

    @Option(names = "--warmup", paramLabel = "W",
        description = "Seconds fed before measuring, 0..600 (default: 5; 2 with --sweep).")
    private Integer warmup;

    @Option(names = "--mode", paramLabel = "full|conflated",
        description = "Subscription mode (default: ${DEFAULT-VALUE}).")
    String mode = "full";

    @Option(names = "--max-rate", paramLabel = "N",
        description = "Conflated: maxRate per symbol, 0 = none, 0..1000000 (default: ${DEFAULT-VALUE}).")
    int maxRate;

    @Option(names = "--format", paramLabel = "json|binary", description = "?format= on the stream URL; binary " +
        "frames are decoded and timed by --client nio only (default: ${DEFAULT-VALUE}).")
    String format = "json";

    @Option(names = "--client", paramLabel = "nio|jdk", description = "WebSocket engine: the raw NIO one, or " +
        "java.net.http for comparison (default: ${DEFAULT-VALUE}).")
    String client = "nio";

    @Option(names = "--io-threads", paramLabel = "N",
        description = "nio: selector threads, each owning C/N connections, 1..64 (default: ${DEFAULT-VALUE}).")
    int ioThreads = 1;

    @Option(names = "--read-buffer", paramLabel = "BYTES", description = "nio: initial per-connection read buffer, " +
        "grown for a larger frame, 256..16777216 (default: ${DEFAULT-VALUE}).")
    int readBuffer = 16_384;

    @Option(names = "--source-addrs", paramLabel = "N", description = "Spread sockets over 127.0.0.1..127.0.0.N, " +
        "1..254 (jdk: needs Java 19+) (default: ${DEFAULT-VALUE}).")
    int sourceAddrs = 1;

    @Option(names = "--token-file", paramLabel = "FILE", description = "A token (JSON Web Token) for a gateway that " +
        "requires one: sent as access_token on the stream and as a Bearer token to /api/symbols (a gateway without " +
        "authentication ignores it).")
    Path tokenFile;

    @Option(names = "--http-clients", paramLabel = "N", description = "jdk: HttpClient instances, each with its own " +
        "selector thread, 1..256 (default: ${DEFAULT-VALUE}).")
    int httpClients = 1;

    @Option(names = "--out", paramLabel = "FILE",
        description = "HdrHistogram percentile file (default: ${DEFAULT-VALUE}).")
    String out = "latency.hgrm";

    @Option(names = "--report", paramLabel = "FILE",
        description = "HTML report (default: the --out name with .html instead of .hgrm).")
    String report;

    @Option(names = "--summary", paramLabel = "FILE",
        description = "Single run: its figures as name=value lines, for scripts (default: none).")
    String summary;

    @Option(names = "--sweep", description = "Run a sweep instead of one run: one short run per rate, rising until " +
        "a step is not sustainable; the highest one that was is the capacity.")
    boolean sweep;

    @Option(names = "--sweep-start", paramLabel = "R0",
        description = "Sweep: first rate of a geometric sweep (default: --rate).")
    private Integer sweepStartRate;

    @Option(names = "--sweep-step-factor", paramLabel = "F",
        description = "Sweep: rate multiplier between steps, 1.01..10 (default: ${DEFAULT-VALUE}).")
    double sweepFactor = 1.25;

    @Option(names = "--sweep-rates", paramLabel = "a,b,c",
        description = "Sweep: explicit increasing rates instead of a geometric sweep.")
    private String sweepRateList;

    @Option(names = "--sweep-max-rate", paramLabel = "R",
        description = "Sweep: stop the geometric sweep above this rate (default: ${DEFAULT-VALUE}).")
    int sweepMaxRate = 10_000_000;

    @Option(names = "--sweep-max-steps", paramLabel = "N", description = "Sweep: at most N steps, 1..200 " +
        "(default: ${DEFAULT-VALUE}).")
    int sweepMaxSteps = 40;

    @Option(names = "--sweep-p99-ms", paramLabel = "X",
        description = "Sweep: a step with p99 above X ms is not sustainable (default: 5).")
    double sweepP99Ms = 5;

    // resolved by validate()
    List<String> args = List.of();
    boolean full;
    boolean nio;
    int warmupSeconds;
    int durationSeconds;
    int sweepStart;
    int[] sweepRates;
    String token;

    /** Parses and validates without running anything: what {@code bench versus} checks its runs' options with. */
    public static LoadOptions parse(final String... args)
    {
        final LoadOptions o = new LoadOptions();
        final CommandLine commandLine = parser(o);
        commandLine.parseArgs(args);
        o.validate(commandLine);
        return o;
    }

    /** picocli as bench load's options need it: a repeated option's last value wins. */
    static CommandLine parser(final Object command)
    {
        return new CommandLine(command).setOverwrittenOptionsAllowed(true);
    }

    /**
     * Checks every value and resolves the dependent ones; a bad value ends in a ParameterException naming the
     * option, which picocli prints with the usage (exit code 2).
     *
     * @param commandLine what parsed these options (they may be a mixin of its command).
     */
    void validate(final CommandLine commandLine)
    {
        final OptionCheck check = new OptionCheck(commandLine);
        final ParseResult given = commandLine.getParseResult();
        args = given.originalArgs();
        if (embedded && (null != port || given.hasMatchedOption("--ingest-port")))
        {
            throw check.error("--embedded starts its own gateway: leave out --port/--ingest-port");
        }
        embedded = embedded || null == port;
        warmupSeconds = null != warmup ? warmup : sweep ? 2 : 5;
        durationSeconds = null != duration ? duration : sweep ? 5 : 10;
        if (null != port)
        {
            check.range("--port", port, 1, 65_535);
        }
        check.range("--ingest-port", ingestPort, 1, 65_535);
        check.range("--connections", connections, 1, 100_000);
        check.range("--symbol-count", symbols, 1, 1_000_000);
        check.range("--symbols-per-conn", symbolsPerConn, 1, symbols);
        check.range("--rate", rate, 1, 10_000_000);
        check.range("--duration", durationSeconds, 1, 3_600);
        check.range("--warmup", warmupSeconds, 0, 600);
        full = "full".equals(check.oneOf("--mode", mode, "full", "conflated"));
        check.range("--max-rate", maxRate, 0, 1_000_000);
        check.oneOf("--format", format, "json", "binary");
        check.range("--source-addrs", sourceAddrs, 1, 254);
        check.range("--http-clients", httpClients, 1, 256);
        report = null != report ? report : reportFor(out);
        if (sweep && null != summary)
        {
            throw check.error("--summary is for a single run; a sweep reports in its HTML report");
        }
        if (!embedded && (null != gatewayJava || !gatewayJavaOpts.isEmpty() || !gatewayOpts.isEmpty()))
        {
            throw check.error("--gateway-java/--gateway-java-opts/--gateway-opts need an embedded gateway " +
                "(no --port)");
        }
        sweepStart = null != sweepStartRate ? check.range("--sweep-start", sweepStartRate, 1, 10_000_000) : rate;
        check.range("--sweep-step-factor", sweepFactor, 1.01, 10);
        check.range("--sweep-max-rate", sweepMaxRate, 1, 10_000_000);
        check.range("--sweep-max-steps", sweepMaxSteps, 1, 200);
        check.range("--sweep-p99-ms", sweepP99Ms, 0.001, 60_000);
        sweepRates = null == sweepRateList ? null : check.increasingRates("--sweep-rates", sweepRateList);
        for (final String name : SWEEP_ONLY)
        {
            if (!sweep && given.hasMatchedOption(name))
            {
                throw check.error(name + " needs --sweep");
            }
        }
        nio = "nio".equals(check.oneOf("--client", client, "nio", "jdk"));
        check.range("--io-threads", ioThreads, 1, 64);
        check.range("--read-buffer", readBuffer, 256, 16 << 20);
        check.range("--gateway-pid", gatewayPid, 0, Integer.MAX_VALUE);
        if (embedded && gatewayPid > 0)
        {
            throw check.error("--gateway-pid is for a running gateway (--port); the embedded one is measured anyway");
        }
        token = null == tokenFile ? null : readToken(check);
        if (!isLoopback(host))
        {
            throw check.error("--host must be in 127.0.0.0/8: " + host);
        }
    }

    private String readToken(final OptionCheck check)
    {
        try
        {
            final String text = Files.readString(tokenFile, StandardCharsets.US_ASCII).trim();
            if (text.isEmpty() || !text.chars().allMatch(c -> c > ' ' && c < 127))
            {
                throw check.error("--token-file " + tokenFile + " must hold one token");
            }
            return text;
        }
        catch (final IOException ex)
        {
            throw check.error("--token-file: cannot read " + tokenFile + ": " + ex.getMessage());
        }
    }

    static boolean isLoopback(final String host)
    {
        try
        {
            final byte[] a = InetAddress.getByName(host).getAddress();
            return a.length == 4 && a[0] == 127;
        }
        catch (final UnknownHostException ex)
        {
            return false;
        }
    }

    static String reportFor(final String hgrm)
    {
        return withoutHgrm(hgrm) + ".html";
    }

    /** The file name without its .hgrm, the base of the names of a run's other files. */
    static String withoutHgrm(final String file)
    {
        return file.endsWith(".hgrm") ? file.substring(0, file.length() - 5) : file;
    }

    /** The effective settings, for reports. */
    List<String[]> describe()
    {
        final List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{ "command line", String.join(" ", args) });
        rows.add(new String[]{ "gateway", embedded ? "embedded child process" : "running, " + host + ":" + port +
            " ingest " + ingestPort + (gatewayPid > 0 ? " pid " + gatewayPid : "") });
        rows.add(new String[]{ "connections x symbols/conn of symbols", connections + " x " + symbolsPerConn + " of " +
            symbols });
        rows.add(new String[]{ "rate (ticks/s fed)", Integer.toString(rate) });
        rows.add(new String[]{ "mode", mode() + (maxRate > 0 ? " maxRate " + maxRate : "") });
        rows.add(new String[]{ "warmup / duration", warmupSeconds + " s / " + durationSeconds + " s" });
        rows.add(new String[]{ "format", format });
        rows.add(new String[]{ "client engine", nio ? "nio, io-threads " + ioThreads + ", read-buffer " + readBuffer :
            "jdk (java.net.http), http-clients " + httpClients });
        rows.add(new String[]{ "source addresses", "127.0.0.1.." + sourceAddrs });
        return rows;
    }

    /** The stream URL's path and query. */
    String streamPath()
    {
        final String query = ("binary".equals(format) ? "&format=binary" : "") +
            (null == token ? "" : "&access_token=" + token);
        return "/stream" + (query.isEmpty() ? "" : "?" + query.substring(1));
    }

    /** The jdk engine's HttpClients: one per source address, at least {@code --http-clients}. */
    int httpClientCount()
    {
        return Math.max(httpClients, sourceAddrs);
    }

    /** The longest one run may take before the watchdog ends the process. */
    long runTimeLimitSeconds()
    {
        return warmupSeconds + durationSeconds + 120L + connections / 50;
    }

    public String mode()
    {
        return full ? "full" : "conflated";
    }

    public String client()
    {
        return nio ? "nio" : "jdk";
    }

    public String host()
    {
        return host;
    }

    public int connections()
    {
        return connections;
    }

    public int symbolsPerConn()
    {
        return symbolsPerConn;
    }

    public int symbols()
    {
        return symbols;
    }

    public int warmupSeconds()
    {
        return warmupSeconds;
    }

    public int durationSeconds()
    {
        return durationSeconds;
    }

    public boolean isEmbedded()
    {
        return embedded;
    }

    public String gatewayJar()
    {
        return gatewayJar;
    }
}
