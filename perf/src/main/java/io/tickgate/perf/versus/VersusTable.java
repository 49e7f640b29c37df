package io.tickgate.perf.versus;

import io.tickgate.perf.load.SweepRule;
import io.tickgate.perf.report.CompareReports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * One rate of {@link Versus} as table rows: per side the median over its rounds of p50, p99, p99.9, max and of the
 * delivery, the ratio A/B of each median (below 1: A is lower), and every round's raw p99, gaps and cut-offs. A
 * failed round shows as "failed" and is left out of the medians.
 */
final class VersusTable
{
    static final String FAILED = "failed";

    /** One run's outcome: its figures, or why there are none. */
    record Round(SweepRule.Step step, String failure)
    {
        static Round ok(final SweepRule.Step step)
        {
            return new Round(step, null);
        }

        static Round failed(final String why)
        {
            return new Round(null, why);
        }

        boolean ok()
        {
            return null != step;
        }
    }

    /** One server's rounds at one rate, in round order. */
    record Side(String name, List<Round> rounds)
    {
        double median(final ToDoubleFunction<SweepRule.Step> metric)
        {
            return VersusTable.median(rounds.stream().filter(Round::ok).mapToDouble(r -> metric.applyAsDouble(r.step))
                .toArray());
        }

        long failed()
        {
            return rounds.stream().filter(r -> !r.ok()).count();
        }
    }

    private VersusTable()
    {
    }

    /** Header row (metric, A's name, B's name, "A/B"), then one row per metric. */
    static List<List<String>> rows(final Side a, final Side b)
    {
        final List<List<String>> rows = new ArrayList<>();
        final int n = a.rounds.size();
        rows.add(List.of("median of " + n + (1 == n ? " round" : " rounds"), "A " + a.name, "B " + b.name, "A/B"));
        medianRow(rows, "p50 ms", a, b, s -> s.p50Micros() / 1000.0, "%.3f", true);
        medianRow(rows, "p99 ms", a, b, s -> s.p99Micros() / 1000.0, "%.3f", true);
        medianRow(rows, "p99.9 ms", a, b, s -> s.p999Micros() / 1000.0, "%.3f", true);
        medianRow(rows, "max ms", a, b, s -> s.maxMicros() / 1000.0, "%.3f", true);
        medianRow(rows, "delivered msgs/s", a, b, SweepRule.Step::deliveredMsgs, "%,.0f", true);
        medianRow(rows, "delivered % of offered", a, b, VersusTable::deliveredPercent, "%.1f", false);
        roundsRow(rows, "p99 ms by round", a, b, s -> String.format(Locale.ROOT, "%.3f", s.p99Micros() / 1000.0));
        roundsRow(rows, "gaps by round", a, b, s -> Long.toString(s.gaps()));
        roundsRow(rows, "cut-offs by round", a, b, s -> Long.toString(s.cutOffs()));
        roundsRow(rows, "errors by round", a, b, s -> Long.toString(s.errors()));
        rows.add(List.of("failed runs", a.failed() + " of " + a.rounds.size(), b.failed() + " of " + b.rounds.size(),
            ""));
        return rows;
    }

    /** Delivered messages in the measured window as a percentage of those offered (ticks fed x subscribers). */
    static double deliveredPercent(final SweepRule.Step s)
    {
        return s.expectedMsgs() > 0 ? 100 * s.deliveredMsgs() / s.expectedMsgs() : 0;
    }

    /** The middle value, or the mean of the middle two for an even count; NaN for none. */
    static double median(final double[] values)
    {
        if (0 == values.length)
        {
            return Double.NaN;
        }
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int mid = sorted.length / 2;
        return 0 == sorted.length % 2 ? (sorted[mid - 1] + sorted[mid]) / 2 : sorted[mid];
    }

    /** A/B as "0.84x", or "-" when a side has no value. */
    static String ratio(final double a, final double b)
    {
        return Double.isNaN(a) || Double.isNaN(b) ? "-" : CompareReports.ratio(b, a);
    }

    private static void medianRow(
        final List<List<String>> rows,
        final String label,
        final Side a,
        final Side b,
        final ToDoubleFunction<SweepRule.Step> metric,
        final String format,
        final boolean withRatio)
    {
        final double va = a.median(metric);
        final double vb = b.median(metric);
        rows.add(List.of(label, format(format, va), format(format, vb), withRatio ? ratio(va, vb) : ""));
    }

    private static void roundsRow(
        final List<List<String>> rows,
        final String label,
        final Side a,
        final Side b,
        final Function<SweepRule.Step, String> cell)
    {
        rows.add(List.of(label, byRound(a, cell), byRound(b, cell), ""));
    }

    private static String byRound(final Side side, final Function<SweepRule.Step, String> cell)
    {
        final List<String> cells = new ArrayList<>();
        for (final Round r : side.rounds)
        {
            cells.add(r.ok() ? cell.apply(r.step) : FAILED);
        }
        return String.join(" / ", cells);
    }

    private static String format(final String format, final double value)
    {
        return Double.isNaN(value) ? FAILED : String.format(Locale.ROOT, format, value);
    }
}
