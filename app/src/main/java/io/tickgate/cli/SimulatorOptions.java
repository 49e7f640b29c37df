package io.tickgate.cli;

import io.tickgate.gateway.GatewayContext;
import picocli.CommandLine.Option;

/**
 * The simulated market of {@code serve} (off unless asked for) and {@code demo} (on).
 */
final class SimulatorOptions
{
    @Option(names = "--sim-symbols", description = "Simulated symbols, 0 for no simulator (default: " +
        "${DEFAULT-VALUE}).")
    int symbols;

    @Option(names = "--sim-rate", description = "Simulated ticks per second in total (default: ${DEFAULT-VALUE}).")
    int rate = 5000;

    @Option(names = "--sim-seed", description = "Simulator seed (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    SimulatorOptions()
    {
    }

    /**
     * @param symbols the command's default count of simulated symbols.
     */
    SimulatorOptions(final int symbols)
    {
        this.symbols = symbols;
    }

    GatewayContext applyTo(final GatewayContext ctx)
    {
        return ctx.simSymbols(symbols).simRate(rate).simSeed(seed);
    }
}
