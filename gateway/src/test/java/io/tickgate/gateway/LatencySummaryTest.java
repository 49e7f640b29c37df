package io.tickgate.gateway;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The latency summaries a scrape prints are made at each harvest: the last second's and the cumulative one, with
 * the same quantiles, sum and count the histograms give.
 */
class LatencySummaryTest
{
    private final GatewayMetrics metrics = new GatewayMetrics();

    @Test
    void eachHarvestSummarisesTheLastIntervalAndEverythingSoFar()
    {
        assertEquals(0, metrics.cumulative().count(), "nothing before the first harvest");
        for (int i = 1; i <= 1000; i++)
        {
            metrics.onSent(i * 1_000L, 1);
        }
        metrics.harvest();
        metrics.onSent(5_000_000L, 2);
        metrics.harvest();

        final LatencySummary recent = metrics.lastInterval();
        assertEquals(2, recent.count());
        assertEquals(5_000_000L, recent.valueNs(0), 5_000_000L / 1000, "p50 within the histogram's precision");
        assertEquals(10_000_000.0, recent.sumNs(), 10_000);

        final LatencySummary all = metrics.cumulative();
        assertEquals(1002, all.count());
        assertEquals(501_000L, all.valueNs(0), 1_000, "p50: the 501st of 1002 values, within the precision");
        assertEquals(5_000_000L, all.valueNs(LatencySummary.QUANTILES.length - 1), 5_000, "max");

        metrics.harvest();
        assertEquals(0, metrics.lastInterval().count(), "a quiet second");
        assertEquals(1002, metrics.cumulative().count());
    }
}
