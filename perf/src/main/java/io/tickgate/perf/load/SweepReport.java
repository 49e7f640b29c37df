package io.tickgate.perf.load;

import io.tickgate.perf.report.Hgrm;
import io.tickgate.perf.report.Html;
import io.tickgate.perf.report.SvgPlot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A sweep's HTML report: the capacity, every step's figures and verdict, latency against rate, every histogram. */
final class SweepReport
{
    /** One step of the sweep: what it measured, "sustainable" or why not, and its .hgrm. */
    record Row(RunResult result, String verdict, String hgrm)
    {
    }

    private SweepReport()
    {
    }

    static void write(
        final LoadOptions o, final GatewayTarget gateway, final List<Row> steps, final String capacity,
        final String stop) throws IOException
    {
        final List<RunResult> results = new ArrayList<>();
        steps.forEach(s -> results.add(s.result()));
        final Html html = new Html("tickgate load sweep");
        html.h2("Capacity").p("Highest sustainable rate: " + capacity).p("Stopped: " + stop)
            .p(String.format("Sustainable = p99 <= %.2f ms, no sequence gaps (full mode), no cut-offs or errors, the " +
                "feeder offered >= 95%% of the rate and (full mode) >= 95%% of the expected messages were delivered.",
                o.sweepP99Ms));
        html.h2("Run parameters").keyValues(LoadReport.runParameters(o, gateway));
        html.h2("Steps").raw(LoadReport.resultTable(results));
        final List<List<String>> verdictRows = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++)
        {
            final Row s = steps.get(i);
            verdictRows.add(List.of(Integer.toString(i + 1), Integer.toString(s.result().rate), s.verdict(), s.hgrm()));
        }
        html.table(List.of("step", "offered ticks/s", "verdict", "hgrm"), verdictRows);
        if (!results.isEmpty())
        {
            html.raw(latencyVsRate(results, o.sweepP99Ms).svg());
            final List<String> names = new ArrayList<>();
            final List<Hgrm> hs = new ArrayList<>();
            for (final RunResult r : results)
            {
                names.add(r.rate + " ticks/s");
                hs.add(Hgrm.parse(r.hgrmText));
            }
            html.raw(SvgPlot.percentiles("latency by percentile, each step", names, hs).svg());
            for (int i = 0; i < results.size(); i++)
            {
                html.hgrm("step " + (i + 1) + ": " + results.get(i).rate + " ticks/s (.hgrm, µs)",
                    results.get(i).hgrmText);
            }
        }
        html.write(Path.of(o.report));
    }

    private static SvgPlot latencyVsRate(final List<RunResult> results, final double limitMs)
    {
        final int n = results.size();
        final double[] xs = new double[n];
        final double[] p50 = new double[n];
        final double[] p99 = new double[n];
        final double[] p999 = new double[n];
        double maxRate = 0;
        for (int i = 0; i < n; i++)
        {
            final RunResult r = results.get(i);
            xs[i] = r.rate;
            p50[i] = r.total.getValueAtPercentile(50) / 1000.0;
            p99[i] = r.total.getValueAtPercentile(99) / 1000.0;
            p999[i] = r.total.getValueAtPercentile(99.9) / 1000.0;
            maxRate = Math.max(maxRate, r.rate);
        }
        final double step = SvgPlot.niceCeil(maxRate / 5);
        final double top = Math.ceil(maxRate / step) * step;
        final SvgPlot plot = new SvgPlot("latency against offered rate (p99 limit " + SvgPlot.num(limitMs) + " ms)",
            "offered ticks/s", "latency (ms)").xRange(0, top);
        for (double x = 0; x <= top + step / 2; x += step)
        {
            plot.xTick(x, SvgPlot.num(x));
        }
        plot.add(new SvgPlot.Series("p50", xs, p50, true));
        plot.add(new SvgPlot.Series("p99", xs, p99, true));
        plot.add(new SvgPlot.Series("p99.9", xs, p999, true));
        plot.add(new SvgPlot.Series("p99 limit", new double[]{ 0, top }, new double[]{ limitMs, limitMs }, false));
        return plot;
    }
}
