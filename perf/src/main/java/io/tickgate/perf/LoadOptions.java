package io.tickgate.perf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

/**
 * The load generator's settings, from {@code --name value} pairs. Every run is bounded: durations are whole
 * seconds with upper limits, and only 127.0.0.0/8 hosts are accepted.
 */
final class LoadOptions
{
    static final String USAGE = String.join("\n",
        "usage: java -cp perf/target/benchmarks.jar io.tickgate.perf.LoadGenerator [--name value]...",
        "  --host HOST            gateway host, must be in 127.0.0.0/8      (127.0.0.1)",
        "  --port N               gateway HTTP/WebSocket port               (8080)",
        "  --ingest-port N        gateway TCP CSV ingest port               (9090)",
        "  --connections C        WebSocket connections                     (10)",
        "  --symbols-per-conn K   symbols each connection subscribes to     (10)",
        "  --symbols S            distinct symbols fed and subscribed       (100)",
        "  --rate R               ticks per second fed, total               (1000)",
        "  --duration D           measured seconds                          (10)",
        "  --warmup W             seconds fed before measuring              (5)",
        "  --mode full|conflated  subscription mode                         (full)",
        "  --max-rate N           conflated: maxRate per symbol, 0 = none   (0)",
        "  --format json|binary   ?format= on the stream URL; binary frames are only counted (json)",
        "  --client nio|jdk       WebSocket engine: raw NIO, or java.net.http for comparison (nio)",
        "  --io-threads N         nio: selector threads, each owning C/N connections         (1)",
        "  --read-buffer BYTES    nio: initial per-connection read buffer (grows per frame)  (16384)",
        "  --source-addrs N       spread sockets over 127.0.0.1..127.0.0.N (jdk: needs Java 19+) (1)",
        "  --http-clients N       jdk: HttpClient instances (each has its own selector thread) (1)",
        "  --gateway-pid PID      also report this process's CPU, from /proc/PID/stat       (none)",
        "  --out FILE             HdrHistogram percentile file              (latency.hgrm)");

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

    static LoadOptions parse(final String[] args)
    {
        final Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++)
        {
            final String name = args[i];
            if ("--help".equals(name) || "-h".equals(name))
            {
                throw new IllegalArgumentException("help");
            }
            if (!name.startsWith("--") || i + 1 >= args.length)
            {
                throw new IllegalArgumentException("expected --name value, got " + name);
            }
            values.put(name.substring(2), args[++i]);
        }
        final LoadOptions o = new LoadOptions();
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
            "http-clients", "out", "client", "io-threads", "read-buffer", "gateway-pid"));
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

    String mode()
    {
        return full ? "full" : "conflated";
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
