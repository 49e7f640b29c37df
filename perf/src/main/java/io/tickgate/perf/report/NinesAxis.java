package io.tickgate.perf.report;

/**
 * The x axis of HdrHistogram's percentile plot: a percentile p is drawn at log10(1/(1-p)), so 0% is at 0, 90% at
 * 1, 99% at 2, 99.9% at 3 ("nines"). p = 1 (the max) has no finite place and is drawn at the axis's right end.
 */
final class NinesAxis
{
    static final int MIN_NINES = 3;
    static final int MAX_NINES = 6;

    private NinesAxis()
    {
    }

    /** @param p percentile as a fraction in [0, 1]; @return nines, capped at {@code cap}. */
    static double x(final double p, final double cap)
    {
        if (p >= 1)
        {
            return cap;
        }
        return Math.min(cap, Math.log10(1 / (1 - Math.max(0, p))));
    }

    /** Nines the axis must show for a distribution whose highest listed percentile below 1 is p. */
    static int ninesFor(final double highestFiniteP)
    {
        final int n = (int)Math.ceil(x(highestFiniteP, MAX_NINES) - 1e-9);
        return Math.max(MIN_NINES, Math.min(MAX_NINES, n));
    }

    /** "0%", "90%", "99%", "99.9%", ... for tick k = 0, 1, 2, 3, ... */
    static String label(final int k)
    {
        switch (k)
        {
            case 0: return "0%";
            case 1: return "90%";
            case 2: return "99%";
            default: return "99." + "9".repeat(k - 2) + "%";
        }
    }

    /** Highest percentile (fraction) below 1 in an hgrm's rows, or 0.9 when none is. */
    static double highestFinite(final Hgrm h)
    {
        double best = 0.9;
        for (final double[] row : h.rows)
        {
            if (row[1] < 1)
            {
                best = Math.max(best, row[1]);
            }
        }
        return best;
    }
}
