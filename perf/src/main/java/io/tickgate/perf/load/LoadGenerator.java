package io.tickgate.perf.load;

import java.nio.file.Path;

/**
 * {@code tickgate bench load}: end-to-end load against a tickgate gateway, a running one ({@code --port}) or one it
 * starts itself as a child process (embedded, the default); one {@link LoadRun} with its .hgrm and HTML report, or a
 * {@link Sweep}. A {@link Watchdog} bounds every step; only 127.0.0.0/8 is accepted as host.
 */
public final class LoadGenerator
{
    private static final long NANOS = 1_000_000_000L;

    private LoadGenerator()
    {
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
        System.exit(run(options));
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
