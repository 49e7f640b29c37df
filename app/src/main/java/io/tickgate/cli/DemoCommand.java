package io.tickgate.cli;

import io.tickgate.gateway.GatewayContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code tickgate demo}: the gateway with its simulator over a throw-away journal, ready for a browser.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start the gateway with a simulated market and the dashboard, journal in a temp directory.")
final class DemoCommand implements Callable<Integer>
{
    @Mixin
    PortOptions ports = new PortOptions();

    @Mixin
    SimulatorOptions simulator = new SimulatorOptions(500);

    @Option(names = "--drain-ms", description = "On Ctrl-C, serve open clients this long after telling them to " +
        "move, then close them; 0 closes at once (default: ${DEFAULT-VALUE}).")
    long drainMs = 500;

    @Mixin
    GatewayOptions options;

    public Integer call() throws IOException
    {
        final Path journal = Files.createTempDirectory("tickgate-demo-");
        try
        {
            final GatewayContext ctx = simulator.applyTo(ports.applyTo(options.applyTo(new GatewayContext())))
                .journalDir(journal)
                .drainMs(drainMs);
            return GatewayProcess.run(ctx, gateway -> System.out.println(
                "tickgate demo: open " + (null == ctx.tlsCertFile() ? "http" : "https") + "://" +
                displayHost(options.host) + ":" + gateway.port() + "/ (journal " + journal +
                ", " + simulator.symbols + " symbols at " + simulator.rate + " ticks/s; Ctrl-C to stop)"));
        }
        finally
        {
            deleteRecursively(journal);
        }
    }

    private static String displayHost(final String host)
    {
        return "0.0.0.0".equals(host) ? "localhost" : host;
    }

    private static void deleteRecursively(final Path dir)
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
