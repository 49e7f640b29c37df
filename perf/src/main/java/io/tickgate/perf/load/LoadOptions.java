package io.tickgate.perf.load;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

/**
 * The load generator's settings, from {@code --name value} pairs. Every run is bounded: durations are whole
 * seconds with upper limits, and only 127.0.0.0/8 hosts are accepted.
 */
public final class LoadOptions
{
    static final String USAGE = String.join("\n",
        "usage: java -cp perf/target/benchmarks.jar io.tickgate.perf.LoadGenerator [--name value]...",
        "gateway: without --port the load generator starts one itself (embedded); with --port it uses a running one",
        "  --host HOST            running gateway's host, in 127.0.0.0/8    (127.0.0.1)",
        "  --port N               running gateway's HTTP/WebSocket port     (none: embedded)",
        "  --ingest-port N        running gateway's TCP CSV ingest port     (9090)",
        "  --embedded             start a gateway child process (the default without --port)",
        "  --gateway-jar FILE     embedded: gateway fat jar                 ($TICKGATE_GATEWAY_JAR)",
        "  --gateway-java PATH    embedded: java executable for the gateway (this JVM's java)",
        "  --gateway-java-opts S  embedded: extra JVM options, e.g. \"-XX:+UseZGC -Xmx2g\"   (none)",
        "  --gateway-opts S       embedded: extra 'serve' options                          (none)",
        "  --connections C        WebSocket connections                     (10)",
        "  --symbols-per-conn K   symbols each connection subscribes to     (10)",
        "  --symbols S            distinct symbols fed and subscribed       (100)",
        "  --rate R               ticks per second fed, total               (1000)",
        "  --duration D           measured seconds                          (10)",
        "  --warmup W             seconds fed before measuring              (5)",
        "  --mode full|conflated  subscription mode                         (full)",
        "  --max-rate N           conflated: maxRate per symbol, 0 = none   (0)",
        "  --format json|binary   ?format= on the stream URL; binary is timed with --client nio (json)",
        "  --client nio|jdk       WebSocket engine: raw NIO, or java.net.http for comparison (nio)",
        "  --io-threads N         nio: selector threads, each owning C/N connections         (1)",
        "  --read-buffer BYTES    nio: initial per-connection read buffer (grows per frame)  (16384)",
        "  --source-addrs N       spread sockets over 127.0.0.1..127.0.0.N (jdk: needs Java 19+) (1)",
        "  --http-clients N       jdk: HttpClient instances (each has its own selector thread) (1)",
        "  --gateway-pid PID      also report this process's CPU, from /proc/PID/stat       (none)",
        "  --out FILE             HdrHistogram percentile file              (latency.hgrm)",
        "  --report FILE          HTML report            (the --out name with .html instead of .hgrm)",
        "  --summary FILE         single run: its figures as name=value lines, for scripts  (none)",
        "sweep: steps the rate up until a step is not sustainable; reports the highest one that was",
        "  --sweep                run a sweep instead of one run (--warmup/--duration per step: 2/5 s by default)",
        "  --sweep-start R0       first rate of a geometric sweep           (--rate)",
        "  --sweep-step-factor F  rate multiplier between steps             (1.25)",
        "  --sweep-rates a,b,c    explicit rates instead of a geometric sweep",
        "  --sweep-max-rate R     stop the geometric sweep above this rate  (10000000)",
        "  --sweep-max-steps N    at most N steps                           (40)",
        "  --sweep-p99-ms X       a step with p99 above X ms is not sustainable (5)");

    private static final java.util.Set<String> FLAGS = java.util.Set.of("embedded", "sweep");

    String host = "127.0.0.1";
    int port = 8080;
    int ingestPort = 9090;
    int connections = 10;
    int symbolsPerConn = 10;
    int symbols = 100;
    int rate = 1_000;
    int durationSeconds = 10;
    int warmupSeconds = 5;
    boolean full = true;
    int maxRate;
    String format = "json";
    int sourceAddrs = 1;
    int httpClients = 1;
    String out = "latency.hgrm";
    boolean nio = true;
    int ioThreads = 1;
    int readBuffer = 16_384;
    int gatewayPid;
    boolean embedded;
    String gatewayJar = System.getenv("TICKGATE_GATEWAY_JAR");
    String gatewayJava;
    String gatewayJavaOpts = "";
    String gatewayOpts = "";
    String report;
    String summary;
    boolean sweep;
    int sweepStart;
    double sweepFactor = 1.25;
    int[] sweepRates;
    int sweepMaxRate = 10_000_000;
    int sweepMaxSteps = 40;
    double sweepP99Ms = 5;
    String[] args = new String[0];

    public static LoadOptions parse(final String[] args)
    {
        final Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++)
        {
            final String name = args[i];
            if ("--help".equals(name) || "-h".equals(name))
            {
                throw new IllegalArgumentException("help");
            }
            if (name.startsWith("--") && FLAGS.contains(name.substring(2)))
            {
                values.put(name.substring(2), "true");
                continue;
            }
            if (!name.startsWith("--") || i + 1 >= args.length)
            {
                throw new IllegalArgumentException("expected --name value, got " + name);
            }
            values.put(name.substring(2), args[++i]);
        }
        final LoadOptions o = new LoadOptions();
        o.args = args.clone();
        o.sweep = values.containsKey("sweep");
        o.embedded = values.containsKey("embedded") || !values.containsKey("port");
        if (values.containsKey("embedded") && (values.containsKey("port") || values.containsKey("ingest-port")))
        {
            throw new IllegalArgumentException("--embedded starts its own gateway: leave out --port/--ingest-port");
        }
        if (o.sweep)
        {
            o.warmupSeconds = 2;
            o.durationSeconds = 5;
        }
        o.host = values.getOrDefault("host", o.host);
        o.port = intOf(values, "port", o.port, 1, 65_535);
        o.ingestPort = intOf(values, "ingest-port", o.ingestPort, 1, 65_535);
        o.connections = intOf(values, "connections", o.connections, 1, 100_000);
        o.symbols = intOf(values, "symbols", o.symbols, 1, 1_000_000);
        o.symbolsPerConn = intOf(values, "symbols-per-conn", o.symbolsPerConn, 1, o.symbols);
        o.rate = intOf(values, "rate", o.rate, 1, 10_000_000);
        o.durationSeconds = intOf(values, "duration", o.durationSeconds, 1, 3_600);
        o.warmupSeconds = intOf(values, "warmup", o.warmupSeconds, 0, 600);
        final String mode = values.getOrDefault("mode", "full");
        if (!"full".equals(mode) && !"conflated".equals(mode))
        {
            throw new IllegalArgumentException("--mode must be full or conflated: " + mode);
        }
        o.full = "full".equals(mode);
        o.maxRate = intOf(values, "max-rate", 0, 0, 1_000_000);
        o.format = values.getOrDefault("format", o.format);
        if (!"json".equals(o.format) && !"binary".equals(o.format))
        {
            throw new IllegalArgumentException("--format must be json or binary: " + o.format);
        }
        o.sourceAddrs = intOf(values, "source-addrs", o.sourceAddrs, 1, 254);
        o.httpClients = intOf(values, "http-clients", o.httpClients, 1, 256);
        o.out = values.getOrDefault("out", o.out);
        o.report = values.getOrDefault("report", reportFor(o.out));
        o.summary = values.get("summary");
        if (o.sweep && null != o.summary)
        {
            throw new IllegalArgumentException("--summary is for a single run; a sweep reports in its HTML report");
        }
        o.gatewayJar = values.getOrDefault("gateway-jar", o.gatewayJar);
        o.gatewayJava = values.get("gateway-java");
        o.gatewayJavaOpts = values.getOrDefault("gateway-java-opts", "");
        o.gatewayOpts = values.getOrDefault("gateway-opts", "");
        if (!o.embedded && (null != o.gatewayJava || !o.gatewayJavaOpts.isEmpty() || !o.gatewayOpts.isEmpty()))
        {
            throw new IllegalArgumentException("--gateway-java/--gateway-java-opts/--gateway-opts need an embedded " +
                "gateway (no --port)");
        }
        o.sweepStart = intOf(values, "sweep-start", o.rate, 1, 10_000_000);
        o.sweepFactor = doubleOf(values, "sweep-step-factor", o.sweepFactor, 1.01, 10);
        o.sweepMaxRate = intOf(values, "sweep-max-rate", o.sweepMaxRate, 1, 10_000_000);
        o.sweepMaxSteps = intOf(values, "sweep-max-steps", o.sweepMaxSteps, 1, 200);
        o.sweepP99Ms = doubleOf(values, "sweep-p99-ms", o.sweepP99Ms, 0.001, 60_000);
        if (values.containsKey("sweep-rates"))
        {
            final String[] parts = values.get("sweep-rates").split(",");
            o.sweepRates = new int[parts.length];
            for (int i = 0; i < parts.length; i++)
            {
                final Map<String, String> one = Map.of("sweep-rates", parts[i].trim());
                o.sweepRates[i] = intOf(one, "sweep-rates", 0, 1, 10_000_000);
                if (i > 0 && o.sweepRates[i] <= o.sweepRates[i - 1])
                {
                    throw new IllegalArgumentException("--sweep-rates must increase: " + values.get("sweep-rates"));
                }
            }
        }
        for (final String s : java.util.List.of("sweep-start", "sweep-step-factor", "sweep-rates", "sweep-max-rate",
            "sweep-max-steps", "sweep-p99-ms"))
        {
            if (!o.sweep && values.containsKey(s))
            {
                throw new IllegalArgumentException("--" + s + " needs --sweep");
            }
        }
        final String client = values.getOrDefault("client", "nio");
        if (!"nio".equals(client) && !"jdk".equals(client))
        {
            throw new IllegalArgumentException("--client must be nio or jdk: " + client);
        }
        o.nio = "nio".equals(client);
        o.ioThreads = intOf(values, "io-threads", o.ioThreads, 1, 64);
        o.readBuffer = intOf(values, "read-buffer", o.readBuffer, 256, 16 << 20);
        o.gatewayPid = intOf(values, "gateway-pid", 0, 0, Integer.MAX_VALUE);
        values.keySet().removeAll(java.util.List.of("host", "port", "ingest-port", "connections", "symbols",
            "symbols-per-conn", "rate", "duration", "warmup", "mode", "max-rate", "format", "source-addrs",
            "http-clients", "out", "client", "io-threads", "read-buffer", "gateway-pid", "embedded", "gateway-jar",
            "gateway-java", "gateway-java-opts", "gateway-opts", "report", "summary", "sweep", "sweep-start",
            "sweep-step-factor", "sweep-rates", "sweep-max-rate", "sweep-max-steps", "sweep-p99-ms"));
        if (o.embedded && o.gatewayPid > 0)
        {
            throw new IllegalArgumentException("--gateway-pid is for a running gateway (--port); the embedded one is " +
                "measured anyway");
        }
        if (!values.isEmpty())
        {
            throw new IllegalArgumentException("unknown option(s): " + values.keySet());
        }
        if (!isLoopback(o.host))
        {
            throw new IllegalArgumentException("--host must be in 127.0.0.0/8: " + o.host);
        }
        return o;
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
        return (hgrm.endsWith(".hgrm") ? hgrm.substring(0, hgrm.length() - 5) : hgrm) + ".html";
    }

    /** The effective settings, for reports. */
    java.util.List<String[]> describe()
    {
        final java.util.List<String[]> rows = new java.util.ArrayList<>();
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
        return "/stream" + ("binary".equals(format) ? "?format=binary" : "");
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

    private static double doubleOf(
        final Map<String, String> values, final String name, final double dflt, final double min, final double max)
    {
        final String v = values.get(name);
        if (null == v)
        {
            return dflt;
        }
        final double d;
        try
        {
            d = Double.parseDouble(v);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("--" + name + " must be a number: " + v);
        }
        if (!(d >= min && d <= max))
        {
            throw new IllegalArgumentException("--" + name + " must be in [" + min + ", " + max + "]: " + v);
        }
        return d;
    }

    private static int intOf(
        final Map<String, String> values, final String name, final int dflt, final int min, final int max)
    {
        final String v = values.get(name);
        if (null == v)
        {
            return dflt;
        }
        final int n;
        try
        {
            n = Integer.parseInt(v);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("--" + name + " must be an integer: " + v);
        }
        if (n < min || n > max)
        {
            throw new IllegalArgumentException("--" + name + " must be in [" + min + ", " + max + "]: " + v);
        }
        return n;
    }
}
