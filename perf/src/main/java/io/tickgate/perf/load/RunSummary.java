package io.tickgate.perf.load;

import org.HdrHistogram.Histogram;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Turns a finished run into its printed result block and its {@link RunResult}. */
final class RunSummary
{
    private final LoadOptions o;
    private final int rate;
    private final String out;
    private final PrintStream log;

    RunSummary(final LoadOptions o, final int rate, final String out, final PrintStream log)
    {
        this.o = o;
        this.rate = rate;
        this.out = out;
        this.log = log;
    }

    /**
     * @param total the latencies of the window's ticks.
     * @param end   the connections' totals after the drain (gaps, closes and errors count to the very end).
     */
    RunResult summarize(
        final Histogram total, final MeasuredWindow window, final ConnectionTotals end, final TickFeeder feeder,
        final CpuMeters cpu, final List<ClientConnection> connections)
    {
        final double seconds = window.seconds(o.durationSeconds);
        final ConnectionTotals atStart = window.atStart;
        final ConnectionTotals atEnd = window.atEnd;
        final double subscribersPerSymbol = (double)o.connections * o.symbolsPerConn / o.symbols;
        log.println();
        log.println("==== tickgate load result ====");
        log.printf("config      : C=%d K=%d S=%d R=%d/s mode=%s%s W=%ds D=%ds format=%s client=%s%n",
            o.connections, o.symbolsPerConn, o.symbols, rate, o.mode(), o.maxRate > 0 ? " maxRate=" + o.maxRate : "",
            o.warmupSeconds, o.durationSeconds, o.format, o.nio ? "nio io-threads=" + o.ioThreads +
            " source-addrs=" + o.sourceAddrs : "jdk http-clients=" + o.httpClientCount());
        log.printf("fed         : %,d ticks, max sender lag %.2f ms%s%n", feeder.sent(), feeder.maxLagNanos() / 1e6,
            null == feeder.failure() ? "" : ", FAILED: " + feeder.failure());
        log.printf("window      : %.1f s of wall time (planned %d s)%s%n", seconds, o.durationSeconds,
            seconds > o.durationSeconds * 1.1 ? " -- the reporter was starved; rates below use the real length" : "");
        log.printf("delivered   : %,.0f msgs/s (%,.0f ticks/s; full-mode target %,.0f), %,.0f frames/s, " +
            "%,.0f bytes/s%n",
            (atEnd.messages - atStart.messages) / seconds, (atEnd.ticks - atStart.ticks) / seconds,
            rate * subscribersPerSymbol, (atEnd.frames - atStart.frames) / seconds,
            (atEnd.bytes - atStart.bytes) / seconds);
        log.printf("latency us  : p50 %d p90 %d p99 %d p99.9 %d max %d (n=%,d)%n",
            total.getValueAtPercentile(50), total.getValueAtPercentile(90), total.getValueAtPercentile(99),
            total.getValueAtPercentile(99.9), total.getMaxValue(), total.getTotalCount());
        if (o.full)
        {
            final long expected = Math.round((double)rate * o.durationSeconds * subscribersPerSymbol);
            log.printf("samples     : %,d of %,d ticks fed in the window were received by the end of the drain%s%n",
                total.getTotalCount(), expected, total.getTotalCount() < expected ?
                " (the rest are NOT in the percentiles: the system is behind)" : "");
        }
        log.printf("seq         : gaps %d (%d seqs missing), duplicates+backwards %d%s%n",
            end.gapEvents, end.missing, end.disorder, o.full ? "" : " (conflated: gaps are expected, not counted)");
        log.printf("connections : cut-offs (1008) %d, other closes %d, errors %d (connect/IO %d, error msgs %d, " +
            "parse %d, unknown symbols %d)%s%n", end.cutOffs, end.otherCloses, end.errors(), end.failures,
            end.errorMessages, end.parseErrors, end.unknownSymbols, exampleError(connections));
        log.printf("cpu         : loadgen %s%s (over the measured window; 1.00 = one core busy)%n",
            cpu.ownWindow(), cpu.gatewaySuffix());
        log.printf("load average: %s at the window's start, %s at its end (%d cores)%n", window.loadAtStart,
            window.loadAtEnd, Runtime.getRuntime().availableProcessors());
        log.printf("histogram   : %s (values in us)%n", out);

        final RunResult r = new RunResult();
        r.rate = rate;
        r.full = o.full;
        r.seconds = seconds;
        r.fedRate = (window.sentAtEnd - window.sentAtStart) / seconds;
        r.deliveredMsgs = (atEnd.messages - atStart.messages) / seconds;
        r.expectedMsgs = rate * subscribersPerSymbol;
        r.frames = (atEnd.frames - atStart.frames) / seconds;
        r.bytes = (atEnd.bytes - atStart.bytes) / seconds;
        r.total = total;
        r.hgrmText = hgrmText(total);
        r.gaps = o.full ? end.gapEvents : 0;
        r.missing = o.full ? end.missing : 0;
        r.cutOffs = end.cutOffs;
        r.errors = end.errors();
        r.clientCpu = cpu.ownWindow();
        r.gatewayCpu = cpu.gatewayWindow();
        r.loadStart = window.loadAtStart;
        r.loadEnd = window.loadAtEnd;
        r.exitCode = null == feeder.failure() ? 0 : 1;
        return r;
    }

    /** ", e.g. CODE" from the first connection with an error message or a failure; "" when none has. */
    private static String exampleError(final List<ClientConnection> connections)
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

    /** The histogram as HdrHistogram's percentile text, values in µs. */
    private static String hgrmText(final Histogram total)
    {
        final ByteArrayOutputStream hgrm = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(hgrm, false, StandardCharsets.US_ASCII))
        {
            total.outputPercentileDistribution(ps, 1.0);
        }
        return hgrm.toString(StandardCharsets.US_ASCII);
    }
}
