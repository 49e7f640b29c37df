package io.tickgate.cli;

import io.tickgate.gateway.GatewayContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code tickgate serve}: the gateway over a journal directory, with optional simulator and TCP ingest.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the journal's ticks over WebSocket; optionally run the simulator and TCP CSV ingest.")
final class ServeCommand implements Callable<Integer>
{
    @Mixin
    PortOptions ports = new PortOptions();

    @Option(names = "--journal", description = "Journal directory (created when missing); required.")
    Path journal;

    @Mixin
    SimulatorOptions simulator = new SimulatorOptions();

    @Option(names = "--drain-ms", description = "On SIGTERM, serve open clients this long after telling them to " +
        "move, then close them; 0 closes at once (default: ${DEFAULT-VALUE}).")
    long drainMs = GatewayContext.DEFAULT_DRAIN_MS;

    @Mixin
    GatewayOptions options;

    @Spec
    CommandSpec spec;

    public Integer call()
    {
        if (null == journal)
        {
            // not picocli's required=true: "config print" parses serve's options without one
            spec.commandLine().getErr().println("tickgate serve: give a journal directory: --journal DIR, " +
                "TICKGATE_JOURNAL or journal = DIR in the config file");
            return ExportCommand.BAD_ARGUMENTS;
        }
        return GatewayProcess.run(context(), gateway -> { });
    }

    /**
     * @return the gateway's configuration as the parsed options (flags, environment, config file) make it.
     */
    GatewayContext context()
    {
        return simulator.applyTo(ports.applyTo(options.applyTo(new GatewayContext()))).journalDir(journal)
            .drainMs(drainMs);
    }
}
