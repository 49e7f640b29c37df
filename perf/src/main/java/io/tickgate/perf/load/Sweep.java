package io.tickgate.perf.load;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench load --sweep}: one short run per offered rate, rising geometrically from {@code --sweep-start} (or
 * through {@code --sweep-rates}), until a step breaks {@link SweepRule}; the highest step that did not is the
 * capacity figure. Every step has its own connections (opened and closed per step) against the same gateway, and
 * its own .hgrm ({@code <out>-step<N>-<rate>.hgrm}).
 */
final class Sweep
{
    private final LoadOptions o;
    private final GatewayTarget gateway;
    private final Watchdog watchdog;

    Sweep(final LoadOptions o, final GatewayTarget gateway, final Watchdog watchdog)
    {
        this.o = o;
        this.gateway = gateway;
        this.watchdog = watchdog;
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
        return String.format("%s-step%02d-%d.hgrm", LoadOptions.withoutHgrm(out), step, rate);
    }

    /** @return the exit code: 0 when at least one step was sustainable. */
    int run() throws Exception
    {
        final List<Integer> rates = rates(o);
        System.out.printf("sweep: up to %d steps %s, %d s warmup + %d s each, p99 limit %.2f ms%n", rates.size(),
            rates, o.warmupSeconds, o.durationSeconds, o.sweepP99Ms);
        final List<SweepReport.Row> steps = new ArrayList<>();
        RunResult best = null;
        String stop = "every planned rate was sustainable (raise --sweep-max-rate or use larger --sweep-rates)";
        for (int i = 0; i < rates.size(); i++)
        {
            final int rate = rates.get(i);
            final String out = stepFile(o.out, i + 1, rate);
            System.out.printf("%n==== sweep step %d: %,d ticks/s ====%n", i + 1, rate);
            watchdog.extend(o.runTimeLimitSeconds());
            final RunResult r = new LoadRun(o, gateway, rate, out).run();
            if (null == r)
            {
                stop = "step " + (i + 1) + " could not open any connection";
                break;
            }
            LoadReport.writeHgrm(r, out);
            final String failure = SweepRule.failure(r.step(), o.sweepP99Ms);
            steps.add(new SweepReport.Row(r, null == failure ? "sustainable" : failure, out));
            System.out.printf("sweep step %d: %,d ticks/s -> %s%n", i + 1, rate,
                null == failure ? "sustainable" : "NOT sustainable: " + failure);
            if (null != failure)
            {
                stop = "step " + (i + 1) + " at " + rate + " ticks/s: " + failure;
                break;
            }
            best = r;
        }
        System.out.println();
        System.out.println("==== tickgate sweep result ====");
        for (final SweepReport.Row step : steps)
        {
            final RunResult r = step.result();
            System.out.printf("%10d ticks/s: delivered %,12.0f msgs/s  p50 %s p99 %s p99.9 %s ms  %s%n", r.rate,
                r.deliveredMsgs, LoadReport.ms(r.total.getValueAtPercentile(50)),
                LoadReport.ms(r.total.getValueAtPercentile(99)), LoadReport.ms(r.total.getValueAtPercentile(99.9)),
                step.verdict());
        }
        final String capacity = null == best ? "none: the first step was already not sustainable" :
            String.format("%,d ticks/s in (fed %,.0f/s), %,.0f msgs/s delivered, p99 %s ms", best.rate, best.fedRate,
                best.deliveredMsgs, LoadReport.ms(best.total.getValueAtPercentile(99)));
        System.out.printf("stopped     : %s%n", stop);
        System.out.printf("capacity    : %s%n", capacity);
        SweepReport.write(o, gateway, steps, capacity, stop);
        System.out.printf("report      : %s (step histograms: %s)%n", o.report,
            steps.stream().map(SweepReport.Row::hgrm).toList());
        return null == best ? 1 : 0;
    }
}
