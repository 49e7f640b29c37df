package io.tickgate.cli;

import io.tickgate.gateway.GatewayContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code tickgate serve}: the gateway over a journal directory, with optional simulator and TCP ingest.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the journal's ticks over WebSocket; optionally run the simulator and TCP CSV ingest.")
final class ServeCommand implements Callable<Integer>
{
    @Option(names = "--port", description = "HTTP and WebSocket port, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port = 8080;

    @Option(names = "--ingest-port", description = "TCP port for CSV ingest, 0 for any free one; off when absent.")
    Integer ingestPort;

    @Option(names = "--journal", required = true, description = "Journal directory (created when missing).")
    Path journal;

    @Option(names = "--sim-symbols", description = "Run the simulator with this many symbols (default: off).")
    int simSymbols;

    @Option(names = "--sim-rate", description = "Simulator ticks per second in total (default: ${DEFAULT-VALUE}).")
    int simRate = 5000;

    @Option(names = "--sim-seed", description = "Simulator seed (default: ${DEFAULT-VALUE}).")
    long simSeed = 42;

    @Option(names = "--drain-ms", description = "On SIGTERM, serve open clients this long after telling them to " +
        "move, then close them; 0 closes at once (default: ${DEFAULT-VALUE}).")
    long drainMs = GatewayContext.DEFAULT_DRAIN_MS;

    @Mixin
    GatewayOptions options;

    public Integer call()
    {
        final GatewayContext ctx = options.applyTo(new GatewayContext())
            .port(port)
            .ingestPort(null == ingestPort ? -1 : ingestPort)
            .journalDir(journal)
            .simSymbols(simSymbols)
            .simRate(simRate)
            .simSeed(simSeed)
            .drainMs(drainMs);
        return GatewayProcess.run(ctx, gateway -> { });
    }
}
