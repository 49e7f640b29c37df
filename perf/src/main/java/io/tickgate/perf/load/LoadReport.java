package io.tickgate.perf.load;

import io.tickgate.perf.report.Hgrm;
import io.tickgate.perf.report.Html;
import io.tickgate.perf.report.SvgPlot;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a load run leaves behind: its .hgrm, the HTML report of a single run, and the parts a sweep's report shares
 * with it (run parameters, the result table).
 */
public final class LoadReport
{
    private LoadReport()
    {
    }

    static void writeHgrm(final RunResult r, final String file) throws IOException
    {
        final Path path = Path.of(file).toAbsolutePath();
        if (null != path.getParent())
        {
            Files.createDirectories(path.getParent());
        }
        Files.write(path, r.hgrmText.getBytes(StandardCharsets.US_ASCII));
    }

    /** The HTML report of a single run ({@code --report}). */
    static void writeSingle(final LoadOptions o, final GatewayTarget gateway, final RunResult r) throws IOException
    {
        final Html html = new Html("tickgate load report");
        html.h2("Run parameters").keyValues(runParameters(o, gateway));
        html.h2("Result").raw(resultTable(List.of(r)));
        html.raw(SvgPlot.percentiles("latency by percentile, " + o.rate + " ticks/s, " + o.connections +
            " connections", List.of(o.out), List.of(Hgrm.parse(r.hgrmText))).svg());
        html.p("Latency = client receive time minus the tick's intended send time (no coordinated omission); " +
            "x: percentile on HdrHistogram's log 'nines' scale, y: ms.");
        html.hgrm("raw percentile distribution (.hgrm, values in µs)", r.hgrmText);
        html.write(Path.of(o.report));
    }

    static List<String[]> runParameters(final LoadOptions o, final GatewayTarget gateway)
    {
        final List<String[]> rows = new ArrayList<>(o.describe());
        rows.add(new String[]{ "gateway process", gateway.process() });
        rows.add(new String[]{ "load generator JVM", System.getProperty("java.vm.name") + " " +
            System.getProperty("java.vm.version") + ", GC " + collectors() + ", " +
            Runtime.getRuntime().availableProcessors() + " CPUs, max heap " +
            Runtime.getRuntime().maxMemory() / (1 << 20) + " MB" });
        rows.add(new String[]{ "load generator JVM flags",
            String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()) });
        rows.add(new String[]{ "date", ZonedDateTime.now().toString() });
        rows.add(new String[]{ "host", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " +
            System.getProperty("os.arch") + ", load average now " + ProcCpu.loadAverage() });
        return rows;
    }

    private static String collectors()
    {
        final List<String> names = new ArrayList<>();
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            names.add(gc.getName());
        }
        return String.join(" + ", names);
    }

    /** The result table, one row per run (or sweep step). */
    static String resultTable(final List<RunResult> results)
    {
        final Html t = new Html("");
        final List<List<String>> rows = new ArrayList<>();
        for (final RunResult r : results)
        {
            rows.add(List.of(Integer.toString(r.rate), f("%,.0f", r.fedRate), f("%,.0f", r.deliveredMsgs),
                f("%,.0f", r.expectedMsgs), f("%,.0f", r.frames), f("%,.0f", r.bytes),
                ms(r.total.getValueAtPercentile(50)), ms(r.total.getValueAtPercentile(90)),
                ms(r.total.getValueAtPercentile(99)), ms(r.total.getValueAtPercentile(99.9)),
                ms(r.total.getMaxValue()), Long.toString(r.total.getTotalCount()), r.gaps + " (" + r.missing + " seqs)",
                Long.toString(r.cutOffs), Long.toString(r.errors), r.clientCpu, r.gatewayCpu,
                r.loadStart + " / " + r.loadEnd, f("%.1f", r.seconds)));
        }
        final String html = t.table(List.of("offered ticks/s", "fed ticks/s", "delivered msgs/s",
            "full-mode target msgs/s", "frames/s", "bytes/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms",
            "samples", "gaps", "cut-offs", "errors", "CPU client (and run-queue wait)",
            "CPU gateway (and run-queue wait)", "load avg start / end", "window s"), rows).end();
        return html.substring(html.indexOf("<table>"), html.lastIndexOf("</table>") + 8) + "\n";
    }

    /** Microseconds as milliseconds with three decimals. */
    public static String ms(final long micros)
    {
        return f("%.3f", micros / 1000.0);
    }

    private static String f(final String format, final Object... args)
    {
        return String.format(Locale.ROOT, format, args);
    }
}
