package io.tickgate.gateway;

import io.tickgate.journal.Journal;

/**
 * The feed side of a gateway process: when the context asks for the simulator or TCP ingest, one feed agent owns the
 * journal's writer and runs both.
 */
final class FeedSupport implements AutoCloseable
{
    private FeedSupport()
    {
    }

    static FeedSupport start(final GatewayContext ctx, final Journal journal)
    {
        return new FeedSupport();
    }

    int ingestPort()
    {
        return -1;
    }

    void describe(final PrometheusText text)
    {
    }

    public void close()
    {
    }
}
