package io.tickgate.gateway;

/**
 * Test-only reader of the counters {@link GatewayMetrics} keeps package-private (cut-offs by reason, errors by
 * code), for tests in other packages that hold the metrics object itself rather than a running gateway's
 * {@code /metrics} text.
 */
public final class MetricsProbe
{
    private MetricsProbe()
    {
    }

    public static long cutOffs(final GatewayMetrics metrics, final GatewayMetrics.CutOff reason)
    {
        return metrics.cutOffs(reason);
    }

    public static long errors(final GatewayMetrics metrics, final ErrorCode code)
    {
        return metrics.errors(code);
    }
}
