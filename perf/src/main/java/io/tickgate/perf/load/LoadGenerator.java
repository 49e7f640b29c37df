package io.tickgate.perf.load;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code tickgate bench load}: end-to-end load against a tickgate gateway, a running one ({@code --port}) or one it
 * starts itself as a child process (embedded, the default); one {@link LoadRun} with its .hgrm and HTML report, or a
 * {@link Sweep}. A {@link Watchdog} bounds every step; only 127.0.0.0/8 is accepted as host.
 */
@Command(name = "tickgate bench load", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 116,
    description = {
        "End-to-end load against a tickgate gateway: C WebSocket connections subscribe to K of S symbols each while " +
            "one TCP connection feeds R ticks/s to the ingest port. Latency = receive time minus each tick's " +
            "intended send time (no coordinated omission), as HdrHistogram percentiles in an .hgrm file and an " +
            "HTML report.",
        "",
        "Gateway: without --port the load generator starts one itself (embedded, from the gateway jar) and stops " +
            "it at the end; with --port it loads a running one. Sweep: --sweep steps the rate up until a step is " +
            "not sustainable and reports the highest one that was.",
        ""})
public final class LoadGenerator implements Callable<Integer>
{
    private static final long NANOS = 1_000_000_000L;

    @Mixin
    LoadOptions options = new LoadOptions();

    @Spec
    CommandSpec spec;

    public static void main(final String[] args)
    {
        System.exit(LoadOptions.parser(new LoadGenerator()).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        options.validate(spec.commandLine());
        return run(options);
    }

    private static int run(final LoadOptions o) throws Exception
    {
        final Watchdog watchdog = new Watchdog(60);
        EmbeddedGateway embedded = null;
        int rc = 1;
        try
        {
            final GatewayTarget gateway;
            if (o.embedded)
            {
                embedded = startEmbedded(o);
                watchdog.onExpiry(embedded::kill);
                gateway = GatewayTarget.embedded(o, embedded);
            }
            else
            {
                gateway = GatewayTarget.running(o);
            }
            rc = o.sweep ? new Sweep(o, gateway, watchdog).run() : single(o, gateway, watchdog);
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            System.err.println("error: " + ex.getMessage());
        }
        finally
        {
            if (null != embedded)
            {
                watchdog.extend(30);
                System.out.printf("stopping the embedded gateway (pid %d)%n", embedded.pid());
                embedded.close();
            }
        }
        return rc;
    }

    private static EmbeddedGateway startEmbedded(final LoadOptions o) throws Exception
    {
        System.out.printf("starting an embedded gateway (%s)%n", o.gatewayJar);
        final EmbeddedGateway g = EmbeddedGateway.start(o.gatewayJava, o.gatewayJar, o.gatewayJavaOpts,
            o.gatewayOpts, 45 * NANOS);
        System.out.printf("embedded gateway: pid %d, http %d, ingest %d, GC %s%n", g.pid(), g.httpPort(),
            g.ingestPort(), g.gc());
        return g;
    }

    /** One run: its .hgrm, optional summary file and HTML report. */
    private static int single(final LoadOptions o, final GatewayTarget gateway, final Watchdog watchdog)
        throws Exception
    {
        watchdog.extend(o.runTimeLimitSeconds());
        final RunResult r = new LoadRun(o, gateway, o.rate, o.out).run();
        if (null == r)
        {
            return 1;
        }
        LoadReport.writeHgrm(r, o.out);
        if (null != o.summary)
        {
            SummaryFile.write(r.step(), Path.of(o.summary));
        }
        LoadReport.writeSingle(o, gateway, r);
        System.out.printf("report      : %s%s%n", o.report, null == o.summary ? "" : ", summary " + o.summary);
        return r.exitCode;
    }
}
