package io.tickgate.testing;

/**
 * Reads the gateway's {@code /metrics} text (Prometheus exposition format) as tests need it: the value of one line.
 */
public final class Metrics
{
    private Metrics()
    {
    }

    /**
     * @param metricsText the text of {@code /metrics}.
     * @param name        a metric named with its labels as it is printed, e.g.
     *                    {@code tickgate_cutoffs_total{reason="slow_consumer"}}.
     * @return its value, truncated to a long.
     * @throws AssertionError when no line has that name.
     */
    public static long value(final String metricsText, final String name)
    {
        for (final String line : metricsText.split("\n"))
        {
            if (line.startsWith(name + " "))
            {
                return (long)Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no metric " + name + " in\n" + metricsText);
    }
}
