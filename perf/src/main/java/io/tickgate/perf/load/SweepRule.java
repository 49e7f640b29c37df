package io.tickgate.perf.load;

/**
 * When does a sweep step stop being sustainable? The first of: p99 above the limit, any sequence gap (full mode),
 * any slow-consumer cut-off or error, fewer than 95% of the expected messages delivered (full mode; conflated mode
 * delivers fewer by design), or the feeder not managing to offer 95% of the asked rate.
 */
public final class SweepRule
{
    static final double MIN_DELIVERED_FRACTION = 0.95;

    /** One step's outcome; latencies in µs, rates per second over the measured window. */
    public record Step(
        int offeredRate,
        double fedRate,
        double deliveredMsgs,
        double expectedMsgs,
        long p50Micros,
        long p99Micros,
        long p999Micros,
        long maxMicros,
        long gaps,
        long cutOffs,
        long errors,
        boolean fullMode)
    {
    }

    private SweepRule()
    {
    }

    /** @return why the step is not sustainable, or null when it is. */
    static String failure(final Step s, final double p99LimitMs)
    {
        if (s.p99Micros > p99LimitMs * 1000)
        {
            return String.format("p99 %.2f ms > %.2f ms", s.p99Micros / 1000.0, p99LimitMs);
        }
        if (s.fullMode && s.gaps > 0)
        {
            return s.gaps + " sequence gap(s)";
        }
        if (s.cutOffs > 0)
        {
            return s.cutOffs + " slow-consumer cut-off(s)";
        }
        if (s.errors > 0)
        {
            return s.errors + " error(s)";
        }
        if (s.fedRate < MIN_DELIVERED_FRACTION * s.offeredRate)
        {
            return String.format("the feeder offered only %.0f of %d ticks/s", s.fedRate, s.offeredRate);
        }
        if (s.fullMode && s.deliveredMsgs < MIN_DELIVERED_FRACTION * s.expectedMsgs)
        {
            return String.format("delivered %.1f%% of the offered messages (< 95%%)", 100 * s.deliveredMsgs /
                s.expectedMsgs);
        }
        return null;
    }

    /** Next offered rate of a geometric sweep: at least one tick/s more than the last. */
    static int next(final int rate, final double factor)
    {
        return (int)Math.min(Integer.MAX_VALUE, Math.max(rate + 1L, Math.round(rate * factor)));
    }
}
