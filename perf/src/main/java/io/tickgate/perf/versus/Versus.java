package io.tickgate.perf.versus;

import io.tickgate.perf.load.LoadOptions;
import io.tickgate.perf.load.LoadReport;
import io.tickgate.perf.load.ProcCpu;
import io.tickgate.perf.load.SweepRule;
import io.tickgate.perf.report.TextTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code tickgate bench versus}: the same load shape against tickgate (A) and a peer server (B), one bounded
 * {@link ChildRun} per server, rate and round, alternating which goes first, then per rate a {@link VersusTable}
 * of the medians and their ratio A/B, printed and written as Markdown next to every run's files.
 */
@Command(name = "tickgate bench versus", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 116,
    description = {
        "Runs the same load against tickgate (A) and a peer server (B) on this machine, alternating (A,B then B,A) " +
            "for several rounds per rate, and prints per rate the medians of p50, p99, p99.9 and max, the ratio " +
            "A/B, the delivery and every round's p99. Each run is a separate load generator JVM.",
        "",
        "--rates are DELIVERED MESSAGES per second offered, not ticks: msgs/s = ticks/s x subscribers per symbol, " +
            "with subscribers per symbol = connections x symbols-per-conn / symbols. Each run is fed " +
            "rate / (subscribers per symbol) ticks/s.",
        ""},
    footer = {
        "",
        "Any other option is a 'bench load' option (see 'tickgate bench load --help'), given to every run of both " +
            "servers: --connections C --symbols-per-conn K --symbol-count S --mode full|conflated --max-rate N " +
            "--warmup W --duration D --host --client --io-threads --read-buffer --source-addrs --format. " +
            "--gateway-* options (--gateway-java-opts, --gateway-opts, --gateway-java, --gateway-jar, " +
            "--gateway-pid) go to A only. --rate, --out, --report, --summary and --sweep are set per run by versus.",
        "",
        "Example: tickgate bench versus --peer-port 18080 --peer-ingest-port 19001 --connections 100 " +
            "--symbols-per-conn 20 --symbol-count 500 --rates 40000,80000 --rounds 2 --warmup 3 --duration 5"})
public final class Versus implements Callable<Integer>
{
    static final int MAX_TICKS_PER_SECOND = 10_000_000;
    static final String A_NAME = "tickgate";
    private static final Set<String> SET_PER_RUN = Set.of("--rate", "--out", "--report", "--summary", "--sweep",
        "--embedded", "--sweep-start", "--sweep-step-factor", "--sweep-rates", "--sweep-max-rate", "--sweep-max-steps",
        "--sweep-p99-ms");

    /** One offered rate: delivered msgs/s as asked, and the ticks/s fed to get it. */
    record Rate(long msgs, int ticks)
    {
    }

    @Option(names = "--peer-port", required = true, paramLabel = "P",
        description = "B: the peer's HTTP/WebSocket port (a running server on --host).")
    int peerPort;

    @Option(names = "--peer-ingest-port", required = true, paramLabel = "Q",
        description = "B: the peer's TCP CSV ingest port.")
    int peerIngestPort;

    @Option(names = "--peer-name", paramLabel = "NAME",
        description = "B's name in the tables (default: ${DEFAULT-VALUE}).")
    String peerName = "peer";

    @Option(names = "--peer-pid", paramLabel = "PID", description = "B's process id, to report its CPU (optional).")
    Integer peerPid;

    @Option(names = "--port", paramLabel = "P",
        description = "A: a running tickgate's HTTP/WebSocket port (default: an embedded gateway started per run, " +
            "as 'bench load' without --port does).")
    Integer port;

    @Option(names = "--ingest-port", paramLabel = "Q", description = "A: the running tickgate's ingest port.")
    Integer ingestPort;

    @Option(names = "--rates", split = ",", paramLabel = "MSGS",
        description = "Offered rates in delivered msgs/s, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Long> rates = List.of(320_000L, 480_000L, 800_000L, 1_200_000L, 2_000_000L);

    @Option(names = "--rounds", paramLabel = "N", description = "Rounds per rate (default: ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Option(names = "--out-dir", paramLabel = "DIR",
        description = "Where versus.md and every run's .hgrm/.html/.log go (default: target/versus-<timestamp>).")
    Path outDir;

    @Unmatched
    List<String> loadOptions = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private final List<String> common = new ArrayList<>();
    private final List<String> aOnly = new ArrayList<>();
    private final List<Rate> plan = new ArrayList<>();
    private LoadOptions shape;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new Versus()).execute(args));
    }

    /** Parse and {@link #validate()}: what the tests use. */
    static Versus parse(final String... args)
    {
        final Versus v = new Versus();
        new CommandLine(v).parseArgs(args);
        v.validate();
        return v;
    }

    /** Offered delivered msgs/s → ticks/s fed, for C connections of K symbols each out of S. */
    static int ticksFor(final long msgs, final int connections, final int perConn, final int symbols)
    {
        final double subscribersPerSymbol = (double)connections * perConn / symbols;
        final long ticks = Math.round(msgs / subscribersPerSymbol);
        if (ticks < 1 || ticks > MAX_TICKS_PER_SECOND)
        {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--rates %d msgs/s is %d ticks/s at " +
                "%.2f subscribers per symbol; it must be 1..%d ticks/s", msgs, ticks, subscribersPerSymbol,
                MAX_TICKS_PER_SECOND));
        }
        return (int)ticks;
    }

    /** Messages/s a feed of ticks/s offers: ticks x C x K / S. */
    static double msgsFor(final int ticks, final LoadOptions o)
    {
        return (double)ticks * o.connections() * o.symbolsPerConn() / o.symbols();
    }

    /** Which server goes first in a round: A in odd rounds, B in even ones. */
    static String order(final int round)
    {
        return 1 == round % 2 ? "AB" : "BA";
    }

    /** Every option checked before anything runs: bad values end here with a message, not in a failed run. */
    void validate()
    {
        if (rounds < 1 || rounds > 50)
        {
            throw error("--rounds must be 1..50: " + rounds);
        }
        if (rates.isEmpty() || rates.stream().anyMatch(r -> r < 1))
        {
            throw error("--rates must be positive msgs/s: " + rates);
        }
        port("--peer-port", peerPort);
        port("--peer-ingest-port", peerIngestPort);
        if ((null == port) != (null == ingestPort))
        {
            throw error("give both --port and --ingest-port (a running tickgate as A) or neither (embedded)");
        }
        if (null != port)
        {
            port("--port", port);
            port("--ingest-port", ingestPort);
            if (port == peerPort || ingestPort == peerIngestPort)
            {
                throw error("A and B are the same server: --port/--ingest-port equal --peer-port/--peer-ingest-port");
            }
        }
        if (null != peerPid && peerPid < 1)
        {
            throw error("--peer-pid must be a process id: " + peerPid);
        }
        splitLoadOptions();
        try
        {
            shape = LoadOptions.parse(common.toArray(new String[0]));
            plan.clear();
            for (final long msgs : rates)
            {
                plan.add(new Rate(msgs, ticksFor(msgs, shape.connections(), shape.symbolsPerConn(),
                    shape.symbols())));
            }
        }
        catch (final IllegalArgumentException | ParameterException ex)
        {
            throw error(ex.getMessage());
        }
        for (final char side : "AB".toCharArray())
        {
            final LoadOptions o;
            try
            {
                o = LoadOptions.parse(loadArgs(side, plan.get(0).ticks, Path.of("check")).toArray(new String[0]));
            }
            catch (final ParameterException ex)
            {
                throw error("load options of " + side + ": " + ex.getMessage());
            }
            if (o.isEmbedded() && (null == o.gatewayJar() || !Files.isRegularFile(Path.of(o.gatewayJar()))))
            {
                throw error("A's embedded gateway needs the gateway jar: run through ./tickgate or give " +
                    "--gateway-jar FILE (now: " + o.gatewayJar() + ")");
            }
        }
    }

    /** The load generator's arguments for one run of server A or B, its files named base.hgrm/.html/.summary. */
    List<String> loadArgs(final char side, final int ticks, final Path base)
    {
        final List<String> args = new ArrayList<>(common);
        if ('A' == side)
        {
            args.addAll(aOnly);
            if (null != port)
            {
                args.addAll(List.of("--port", port.toString(), "--ingest-port", ingestPort.toString()));
            }
        }
        else
        {
            args.addAll(List.of("--port", Integer.toString(peerPort), "--ingest-port",
                Integer.toString(peerIngestPort)));
            if (null != peerPid)
            {
                args.addAll(List.of("--gateway-pid", peerPid.toString()));
            }
        }
        args.addAll(List.of("--rate", Integer.toString(ticks), "--out", base + ".hgrm", "--summary",
            base + ".summary"));
        return args;
    }

    List<Rate> plan()
    {
        return plan;
    }

    public Integer call() throws Exception
    {
        validate();
        final Path dir = null != outDir ? outDir : Path.of("target",
            "versus-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);
        final long timeout = shape.warmupSeconds() + shape.durationSeconds() + shape.connections() / 50 + 240L;
        final StringBuilder md = new StringBuilder(header(timeout));
        System.out.println(md);
        int failed = 0;
        for (final Rate rate : plan)
        {
            failed += compareAt(rate, dir, timeout, md);
            Files.writeString(dir.resolve("versus.md"), md, StandardCharsets.UTF_8);
        }
        System.out.printf("markdown: %s (load average now %s)%n", dir.resolve("versus.md"), ProcCpu.loadAverage());
        return 0 == failed ? 0 : 1;
    }

    /** Every round of A and B at one rate; prints the table and appends it to md. @return the failed runs. */
    private int compareAt(final Rate rate, final Path dir, final long timeout, final StringBuilder md)
    {
        final List<VersusTable.Round> aRounds = new ArrayList<>();
        final List<VersusTable.Round> bRounds = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        for (int round = 1; round <= rounds; round++)
        {
            for (final char side : order(round).toCharArray())
            {
                final Path base = dir.resolve(rate.msgs + "-r" + round + "-" + side);
                System.out.printf("%,d msgs/s round %d %s ... ", rate.msgs, round, side);
                final VersusTable.Round r = ChildRun.run(loadArgs(side, rate.ticks, base),
                    Path.of(base + ".summary"), Path.of(base + ".log"), timeout);
                System.out.println(r.ok() ? oneLine(r.step()) : "FAILED: " + r.failure());
                ('A' == side ? aRounds : bRounds).add(r);
                if (!r.ok())
                {
                    failures.add(side + " round " + round + ": " + r.failure() + " (" + base.getFileName() + ".log)");
                }
            }
        }
        final List<List<String>> rows = VersusTable.rows(new VersusTable.Side(A_NAME, aRounds),
            new VersusTable.Side(peerName, bRounds));
        final String title = String.format(Locale.ROOT, "%,d msgs/s offered (%,d ticks/s)", rate.msgs, rate.ticks);
        System.out.printf("%n== %s ==%n%s", title, TextTable.text(rows));
        failures.forEach(f -> System.out.println("failed: " + f));
        System.out.println();
        md.append("\n## ").append(title).append("\n\n").append(TextTable.markdown(rows));
        failures.forEach(f -> md.append("\nFailed: ").append(f).append('\n'));
        md.append("\nRuns: `").append(rate.msgs).append("-r<round>-<A|B>.hgrm` / `.html` / `.log`\n");
        return failures.size();
    }

    private String header(final long timeout)
    {
        final StringBuilder rateList = new StringBuilder();
        for (final Rate r : plan)
        {
            rateList.append(String.format(Locale.ROOT, "%s%,d msgs/s = %,d ticks/s (offering %,.0f msgs/s)",
                0 == rateList.length() ? "" : "; ", r.msgs, r.ticks, msgsFor(r.ticks, shape)));
        }
        final String host = shape.host();
        return String.join("\n",
            "# " + A_NAME + " versus " + peerName,
            "",
            "`tickgate bench versus " + String.join(" ", spec.commandLine().getParseResult().originalArgs()) + "`",
            "",
            "* date: " + java.time.ZonedDateTime.now().withNano(0) + "; " + Runtime.getRuntime().availableProcessors() +
                " CPUs, load average " + ProcCpu.loadAverage() + " at the start",
            "* A = " + A_NAME + ": " + (null == port ? "an embedded gateway started for each run" :
                "running at " + host + ":" + port + ", ingest " + ingestPort) +
                (aOnly.isEmpty() ? "" : " (" + String.join(" ", aOnly) + ")"),
            "* B = " + peerName + ": running at " + host + ":" + peerPort + ", ingest " + peerIngestPort,
            String.format(Locale.ROOT, "* load: %d connections x %d of %d symbols = %.2f subscribers per symbol, " +
                "%s mode, %d s warmup + %d s measured per run, client %s", shape.connections(), shape.symbolsPerConn(),
                shape.symbols(), (double)shape.connections() * shape.symbolsPerConn() / shape.symbols(), shape.mode(),
                shape.warmupSeconds(), shape.durationSeconds(), shape.client()),
            "* rates: " + rateList,
            "* " + rounds + (1 == rounds ? " round" : " rounds") + " per rate, A,B then B,A alternately, each run " +
                "a separate load generator JVM (killed after " + timeout + " s)",
            "* medians over the rounds that produced a result (the mean of the middle two for an even count); " +
                "A/B below 1 means A is lower; delivered % = msgs/s received in the window / msgs/s offered",
            "");
    }

    private static String oneLine(final SweepRule.Step s)
    {
        return String.format(Locale.ROOT, "p50 %s p99 %s p99.9 %s max %s ms, %,.0f msgs/s (%.1f%%), gaps %d, " +
            "cut-offs %d, errors %d", LoadReport.ms(s.p50Micros()), LoadReport.ms(s.p99Micros()),
            LoadReport.ms(s.p999Micros()), LoadReport.ms(s.maxMicros()), s.deliveredMsgs(),
            VersusTable.deliveredPercent(s), s.gaps(), s.cutOffs(), s.errors());
    }

    /** The pass-through options as --name value pairs: --gateway-* ones for A only, the rest for both. */
    private void splitLoadOptions()
    {
        common.clear();
        aOnly.clear();
        for (int i = 0; i < loadOptions.size(); i += 2)
        {
            final String name = loadOptions.get(i);
            if (SET_PER_RUN.contains(name))
            {
                throw error(name + " is set by versus for each run" +
                    ("--rate".equals(name) ? "; give --rates in delivered msgs/s" : ""));
            }
            if (!name.startsWith("--") || i + 1 >= loadOptions.size())
            {
                throw error("expected a 'bench load' option as --name value, got " + name);
            }
            (name.startsWith("--gateway-") ? aOnly : common).addAll(List.of(name, loadOptions.get(i + 1)));
        }
    }

    private void port(final String name, final int value)
    {
        if (value < 1 || value > 65_535)
        {
            throw error(name + " must be 1..65535: " + value);
        }
    }

    private ParameterException error(final String message)
    {
        return new ParameterException(spec.commandLine(), message);
    }
}
