package io.tickgate.perf.load;

/**
 * The gateway a run loads: where it listens, its pid for CPU figures (0: unknown) and, for the report, which
 * process it is.
 */
record GatewayTarget(String host, int port, int ingestPort, int pid, String process)
{
    /** A gateway someone else started ({@code --port}). */
    static GatewayTarget running(final LoadOptions o)
    {
        return new GatewayTarget(o.host, o.port, o.ingestPort, o.gatewayPid, "not started by us" +
            (o.gatewayPid > 0 ? " (CPU read from pid " + o.gatewayPid + ")" : " (no --gateway-pid: no gateway CPU)"));
    }

    /** The child process the load generator started. */
    static GatewayTarget embedded(final LoadOptions o, final EmbeddedGateway g)
    {
        return new GatewayTarget(o.host, g.httpPort(), g.ingestPort(), (int)g.pid(),
            String.format("embedded pid %d, java %d (%s), GC %s, ports http %d ingest %d; %s", g.pid(), g.javaMajor,
                g.command.get(0), g.gc(), g.httpPort(), g.ingestPort(), String.join(" ", g.command)));
    }
}
