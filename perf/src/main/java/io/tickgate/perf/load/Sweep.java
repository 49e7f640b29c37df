package io.tickgate.perf.load;

import io.tickgate.perf.report.Hgrm;
import io.tickgate.perf.report.Html;
import io.tickgate.perf.report.SvgPlot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench load --sweep}: one short run per offered rate, rising geometrically from {@code --sweep-start} (or
 * through {@code --sweep-rates}), until a step breaks {@link SweepRule}; the highest step that did not is the
 * capacity figure. Every step has its own connections (opened and closed per step) against the same gateway, and
 * its own .hgrm ({@code <out>-step<N>-<rate>.hgrm}).
 */
public final class Sweep
{
    private Sweep()
    {
    }

    /** The rates to try, in order. */
    static List<Integer> rates(final LoadOptions o)
    {
        final List<Integer> rates = new ArrayList<>();
        if (null != o.sweepRates)
        {
            for (int i = 0; i < o.sweepRates.length && i < o.sweepMaxSteps; i++)
            {
                rates.add(o.sweepRates[i]);
            }
            return rates;
        }
        for (int r = o.sweepStart; r <= o.sweepMaxRate && rates.size() < o.sweepMaxSteps;
            r = SweepRule.next(r, o.sweepFactor))
        {
            rates.add(r);
        }
        return rates;
    }

    static String stepFile(final String out, final int step, final int rate)
    {
        final String base = out.endsWith(".hgrm") ? out.substring(0, out.length() - 5) : out;
        return String.format("%s-step%02d-%d.hgrm", base, step, rate);
    }

    static int run(final LoadOptions o) throws Exception
    {
        final List<Integer> rates = rates(o);
        System.out.printf("sweep: up to %d steps %s, %d s warmup + %d s each, p99 limit %.2f ms%n", rates.size(),
            rates, o.warmupSeconds, o.durationSeconds, o.sweepP99Ms);
        final List<LoadGenerator.Result> results = new ArrayList<>();
        final List<String> verdicts = new ArrayList<>();
        final List<String> files = new ArrayList<>();
        LoadGenerator.Result best = null;
        String stop = "every planned rate was sustainable (raise --sweep-max-rate or use larger --sweep-rates)";
        for (int i = 0; i < rates.size(); i++)
        {
            final LoadOptions step = o.copy();
            step.rate = rates.get(i);
            step.out = stepFile(o.out, i + 1, step.rate);
            System.out.printf("%n==== sweep step %d: %,d ticks/s ====%n", i + 1, step.rate);
            LoadGenerator.extendDeadline(step.warmupSeconds + step.durationSeconds + 120L + step.connections / 50);
            final LoadGenerator.Result r = new LoadGenerator(step).run();
            if (null == r)
            {
                stop = "step " + (i + 1) + " could not open any connection";
                break;
            }
            LoadGenerator.writeHgrm(r, step.out);
            results.add(r);
            files.add(step.out);
            final String failure = SweepRule.failure(r.step(), o.sweepP99Ms);
            verdicts.add(null == failure ? "sustainable" : failure);
            System.out.printf("sweep step %d: %,d ticks/s -> %s%n", i + 1, step.rate,
                null == failure ? "sustainable" : "NOT sustainable: " + failure);
            if (null != failure)
            {
                stop = "step " + (i + 1) + " at " + step.rate + " ticks/s: " + failure;
                break;
            }
            best = r;
        }
        System.out.println();
        System.out.println("==== tickgate sweep result ====");
        for (int i = 0; i < results.size(); i++)
        {
            final LoadGenerator.Result r = results.get(i);
            System.out.printf("%10d ticks/s: delivered %,12.0f msgs/s  p50 %s p99 %s p99.9 %s ms  %s%n", r.rate,
                r.deliveredMsgs, LoadGenerator.ms(r.total.getValueAtPercentile(50)),
                LoadGenerator.ms(r.total.getValueAtPercentile(99)), LoadGenerator.ms(r.total.getValueAtPercentile(99.9)),
                verdicts.get(i));
        }
        final String capacity = null == best ? "none: the first step was already not sustainable" :
            String.format("%,d ticks/s in (fed %,.0f/s), %,.0f msgs/s delivered, p99 %s ms", best.rate, best.fedRate,
                best.deliveredMsgs, LoadGenerator.ms(best.total.getValueAtPercentile(99)));
        System.out.printf("stopped     : %s%n", stop);
        System.out.printf("capacity    : %s%n", capacity);

        final Html html = new Html("tickgate load sweep");
        html.h2("Capacity").p("Highest sustainable rate: " + capacity).p("Stopped: " + stop)
            .p(String.format("Sustainable = p99 <= %.2f ms, no sequence gaps (full mode), no cut-offs or errors, the " +
                "feeder offered >= 95%% of the rate and (full mode) >= 95%% of the expected messages were delivered.",
                o.sweepP99Ms));
        html.h2("Run parameters").keyValues(LoadGenerator.runParameters(o));
        html.h2("Steps").raw(LoadGenerator.resultTable(results));
        final List<List<String>> verdictRows = new ArrayList<>();
        for (int i = 0; i < results.size(); i++)
        {
            verdictRows.add(List.of(Integer.toString(i + 1), Integer.toString(results.get(i).rate), verdicts.get(i),
                files.get(i)));
        }
        html.table(List.of("step", "offered ticks/s", "verdict", "hgrm"), verdictRows);
        if (!results.isEmpty())
        {
            html.raw(latencyVsRate(results, o.sweepP99Ms).svg());
            final List<String> names = new ArrayList<>();
            final List<Hgrm> hs = new ArrayList<>();
            for (final LoadGenerator.Result r : results)
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
        System.out.printf("report      : %s (step histograms: %s)%n", o.report, files);
        return null == best ? 1 : 0;
    }

    static SvgPlot latencyVsRate(final List<LoadGenerator.Result> results, final double limitMs)
    {
        final int n = results.size();
        final double[] xs = new double[n];
        final double[] p50 = new double[n];
        final double[] p99 = new double[n];
        final double[] p999 = new double[n];
        double maxRate = 0;
        for (int i = 0; i < n; i++)
        {
            final LoadGenerator.Result r = results.get(i);
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
