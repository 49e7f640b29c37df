package io.tickgate.cli;

import io.tickgate.gateway.GatewayContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Map;

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
     * Set by {@code main} before any Undertow or Chronicle class loads, so {@code java -jar} needs no {@code -D}
     * flags: Undertow logs through slf4j like everything else, and Chronicle neither phones home (analytics), nor
     * prints its banner and performance notes. A {@code -D} on the command line still wins.
     */
    static final Map<String, String> SYSTEM_PROPERTIES = Map.of(
        "org.jboss.logging.provider", "slf4j",
        "chronicle.analytics.disable", "true",
        "chronicle.announcer.disable", "true",
        "disable.perf.info", "true");

    /**
     * @param args the command line.
     */
    public static void main(final String[] args)
    {
        SYSTEM_PROPERTIES.forEach((name, value) ->
        {
            if (null == System.getProperty(name))
            {
                System.setProperty(name, value);
            }
        });
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
