package io.tickgate.cli;

import io.tickgate.gateway.GatewayContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the fat jar and of the {@code ./tickgate} launcher.
 */
@Command(
    name = "tickgate",
    mixinStandardHelpOptions = true,
    versionProvider = TickgateCli.Version.class,
    description = "Real-time stock-ticker streaming gateway.",
    subcommands = { DemoCommand.class, ServeCommand.class, FeedCommand.class, ExportCommand.class,
        TailCommand.class, TokenCommand.class, BenchCommand.class })
public final class TickgateCli
{
    /**
     * @param args the command line.
     */
    public static void main(final String[] args)
    {
        // Before any Undertow class loads, so its logging goes through slf4j like everything else.
        System.setProperty("org.jboss.logging.provider", "slf4j");
        System.exit(new CommandLine(new TickgateCli()).execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider
    {
        public String[] getVersion()
        {
            return new String[]{ "tickgate " + GatewayContext.VERSION };
        }
    }
}
