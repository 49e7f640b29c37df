package io.tickgate.cli;

import io.tickgate.gateway.GatewayContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.nio.file.Path;
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
        TailCommand.class, TokenCommand.class, BenchCommand.class, ConfigCommand.class })
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
    private static final int COMMAND_COLUMN = 16;

    @Option(names = ConfigSources.CONFIG_OPTION, scope = ScopeType.INHERIT, paramLabel = "FILE", description = "Read " +
        "options from this properties file (key = long option name without the dashes: port = 8080); environment " +
        "variables TICKGATE_<NAME> (TICKGATE_SIM_RATE) win over it, flags over both (default: $TICKGATE_CONFIG).")
    Path config;

    @Mixin
    LoggingOptions logging = new LoggingOptions();

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
        System.exit(commandLine(args, System.getenv()).execute(args));
    }

    /**
     * @param args        the command line, for its {@code --config}.
     * @param environment the process's environment.
     * @return the command line, its option values drawn from the config file and the environment too.
     */
    static CommandLine commandLine(final String[] args, final Map<String, String> environment)
    {
        final CommandLine cli = new CommandLine(new TickgateCli());
        return configure(cli, ConfigSources.load(args, environment, cli.getCommandSpec()));
    }

    /**
     * @return {@code cli}, set up to take values from {@code sources} and to set up logging before it runs.
     */
    static CommandLine configure(final CommandLine cli, final ConfigSources sources)
    {
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setDefaultValueProvider(sources);
        cli.setParameterExceptionHandler((ex, args) -> refuse(ex, sources));
        cli.setExecutionStrategy(parsed -> execute(parsed, sources));
        cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, TickgateCli::commandTree);
        return cli;
    }

    /**
     * The command list of {@code tickgate --help} with the subcommands too ({@code feed csv}, {@code bench load}...).
     */
    private static String commandTree(final CommandLine.Help help)
    {
        final int width = help.commandSpec().usageMessage().width();
        final TextTable table = TextTable.forColumns(help.colorScheme(),
            new Column(COMMAND_COLUMN, 2, Column.Overflow.SPAN),
            new Column(width - COMMAND_COLUMN, 1, Column.Overflow.WRAP));
        addCommands(table, help.commandSpec(), "");
        return table.toString();
    }

    private static void addCommands(final TextTable table, final CommandSpec command, final String prefix)
    {
        command.subcommands().forEach((name, sub) ->
        {
            final String[] description = sub.getCommandSpec().usageMessage().description();
            table.addRowValues(prefix + name, description.length > 0 ? description[0] : "");
            addCommands(table, sub.getCommandSpec(), prefix + name + " ");
        });
    }

    private static int execute(final ParseResult parsed, final ConfigSources sources)
    {
        final Integer help = CommandLine.executeHelpRequest(parsed);
        if (null != help)
        {
            return help;
        }
        if (!sources.problems().isEmpty())
        {
            sources.problems().forEach(problem -> parsed.commandSpec().commandLine().getErr().println(
                "tickgate: " + problem));
            return ExportCommand.BAD_ARGUMENTS;
        }
        sources.parsed(parsed);
        final TickgateCli cli = (TickgateCli)parsed.commandSpec().userObject();
        LogSetup.apply(cli.logging.format, cli.logging.levels);
        return new CommandLine.RunLast().execute(parsed);
    }

    /**
     * Picocli's own handling (message, suggestions, usage), with where a value from the file or environment came
     * from; a problem with the file or environment comes first, since it may be the cause.
     */
    private static int refuse(final ParameterException ex, final ConfigSources sources)
    {
        final CommandLine cli = ex.getCommandLine();
        final PrintWriter err = cli.getErr();
        sources.problems().forEach(problem -> err.println("tickgate: " + problem));
        final String message = sources.describe(ex);
        err.println(message);
        if (message.equals(ex.getMessage()))
        {
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            cli.usage(err, cli.getColorScheme());
        }
        return ExportCommand.BAD_ARGUMENTS;
    }

    static final class Version implements CommandLine.IVersionProvider
    {
        public String[] getVersion()
        {
            return new String[]{ "tickgate " + GatewayContext.VERSION };
        }
    }
}
