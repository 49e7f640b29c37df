package io.tickgate.perf.load;

import org.HdrHistogram.Histogram;

/** What one run measured, over its measured window; rates per second of the window's real length. */
final class RunResult
{
    int rate;
    double seconds;
    double fedRate;
    double deliveredMsgs;
    double expectedMsgs;
    double frames;
    double bytes;
    Histogram total;
    String hgrmText;
    long gaps;
    long missing;
    long cutOffs;
    long errors;
    String clientCpu;
    String gatewayCpu;
    String loadStart;
    String loadEnd;
    int exitCode;
    boolean full;

    SweepRule.Step step()
    {
        return new SweepRule.Step(rate, fedRate, deliveredMsgs, expectedMsgs, total.getValueAtPercentile(50),
            total.getValueAtPercentile(99), total.getValueAtPercentile(99.9), total.getMaxValue(), gaps, cutOffs,
            errors, full);
    }
}
