package io.tickgate.perf.load;

import io.tickgate.perf.protocol.SymbolIndex;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One measured run against a gateway, in the spirit of Aeron's {@code Ping} (the timestamp travels in the payload,
 * it warms up before measuring):
 * <ol>
 * <li>Symbols from the gateway or generated and primed ({@link GatewaySymbols}).</li>
 * <li>C WebSocket connections ({@link ClientEngine}), each subscribing to K of the S symbols ({@link Subscriber}).</li>
 * <li>One TCP connection to the ingest port feeds CSV ticks at a constant R/s for W+D seconds ({@link TickFeeder});
 * each tick's ts is its intended send time, so there is no coordinated omission.</li>
 * <li>Latency = receive time − ts of every tick intended within the D-second window, per connection, merged; a
 * progress line a second ({@link ProgressReporter}), then the result ({@link RunSummary}).</li>
 * </ol>
 * Every wait is bounded: connect and subscribe timeouts, a drain of at most 10 s.
 */
final class LoadRun
{
    private static final long NANOS = 1_000_000_000L;

    private final LoadOptions o;
    private final GatewayTarget gateway;
    private final int rate;
    private final String out;
    private final PrintStream log = System.out;

    /**
     * @param rate ticks/s fed (a sweep's step rate, else {@code --rate}).
     * @param out  the .hgrm file the result names.
     */
    LoadRun(final LoadOptions o, final GatewayTarget gateway, final int rate, final String out)
    {
        this.o = o;
        this.gateway = gateway;
        this.rate = rate;
        this.out = out;
    }

    /** @return what the run measured, or null when no connection could be opened. */
    RunResult run() throws Exception
    {
        final EpochMicrosClock clock = new EpochMicrosClock();
        final ClientEngine engine = o.nio ? new NioEngine(o, gateway) : new JdkEngine(o, gateway, log);
        final CpuMeters cpu = new CpuMeters(gateway.pid(), log);
        final GatewaySymbols gatewaySymbols = new GatewaySymbols(gateway, o.token, log);
        final GatewaySymbols.Choice symbols = gatewaySymbols.choose(o.symbols);
        final List<String> names = symbols.names();
        final SymbolIndex index = new SymbolIndex(names);
        log.printf("tickgate load: %d connections x %d of %d symbols (%s%s), %d ticks/s, warmup %ds, measure %ds%n",
            o.connections, o.symbolsPerConn, o.symbols, o.mode(), o.maxRate > 0 ? ", maxRate " + o.maxRate : "",
            rate, o.warmupSeconds, o.durationSeconds);
        log.printf("client: %s, load average %s%n", o.nio ? "nio, io threads " + o.ioThreads +
            ", source addresses 127.0.0.1.." + o.sourceAddrs : "jdk (java.net.http), http clients " +
            o.httpClientCount(), ProcCpu.loadAverage());
        log.printf("symbols: %s (%s .. %s)%n", symbols.generated() ? "generated" : "from /api/symbols",
            names.get(0), names.get(names.size() - 1));

        final TickFeeder feeder = new TickFeeder(names, rate, o.warmupSeconds + o.durationSeconds, clock);
        feeder.connect(gateway.host(), gateway.ingestPort());
        if (symbols.generated())
        {
            feeder.prime();
            gatewaySymbols.awaitListed(names);
        }

        final List<LatencyRecorder> recorders = new ArrayList<>();
        final List<ClientConnection> connections = new ArrayList<>();
        final int shared = engine.latencyRecorders(o.connections);
        for (int r = 0; r < shared; r++)
        {
            recorders.add(new LatencyRecorder());
        }
        for (int c = 0; c < o.connections; c++)
        {
            connections.add(new ClientConnection(c, Subscriber.assignment(c, o.symbolsPerConn, o.symbols), index,
                o.full, clock, recorders.get(c % shared)));
        }
        final int opened = engine.open(connections);
        log.printf("connected %d/%d%n", opened, o.connections);
        if (0 == opened)
        {
            log.println("no connection could be opened; giving up");
            feeder.close();
            return null;
        }
        new Subscriber(o, index, engine, log).subscribe(connections);

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

        final MeasuredWindow window = new MeasuredWindow();
        final Histogram total =
            new ProgressReporter(o, connections, recorders, feeder, cpu, window, log).run(startNanos);
        feederThread.join(5_000);
        final ConnectionTotals end = new ConnectionTotals();
        end.read(connections);
        engine.closeAll();
        return new RunSummary(o, rate, out, log).summarize(total, window, end, feeder, cpu, connections);
    }
}
