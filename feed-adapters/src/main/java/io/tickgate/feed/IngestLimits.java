package io.tickgate.feed;

/**
 * What one {@link TcpIngestServer} allows its clients.
 *
 * @param maxConnections most clients connected at once.
 * @param idleTimeoutMs  a client that sends nothing for this long is closed.
 * @param maxNewSymbols  most symbols new to the journal one connection may define.
 * @param token          what each connection must present first ({@code #auth TOKEN}), or {@link IngestToken#NONE}.
 */
public record IngestLimits(int maxConnections, long idleTimeoutMs, int maxNewSymbols, IngestToken token)
{
    public IngestLimits
    {
        if (maxConnections < 1 || idleTimeoutMs < 1 || maxNewSymbols < 0 || null == token)
        {
            throw new IllegalArgumentException("ingest limits must be positive: " + maxConnections +
                " connections, " + idleTimeoutMs + " ms idle, " + maxNewSymbols + " new symbols, token " + token);
        }
    }
}
