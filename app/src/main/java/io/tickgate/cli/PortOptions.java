package io.tickgate.cli;

import io.tickgate.gateway.GatewayContext;
import picocli.CommandLine.Option;

/**
 * The ports of {@code serve} and {@code demo}, with the same meaning and defaults in both.
 */
final class PortOptions
{
    @Option(names = "--port", description = "HTTP and WebSocket port, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port = 8080;

    @Option(names = "--ingest-port", description = "TCP port for CSV ingest, 0 for any free one (default: off).")
    Integer ingestPort;

    GatewayContext applyTo(final GatewayContext ctx)
    {
        return ctx.port(port).ingestPort(null == ingestPort ? -1 : ingestPort);
    }
}
