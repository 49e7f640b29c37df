package io.tickgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code tickgate config print [--config F] [serve options]}: every option of {@code serve} with the value it would
 * run with and where that came from, as a config file. The arguments are parsed as {@code serve}'s, by a command line
 * of their own with the same sources, so what is printed is what {@code serve} would get.
 */
@Command(name = "print", mixinStandardHelpOptions = true,
    description = "Print every option of serve with its effective value and where it came from (default, config " +
        "file and line, environment variable, command line), as a config file; takes serve's options.")
final class ConfigPrintCommand implements Callable<Integer>
{
    @Option(names = "--defaults", description = "Print every option of serve commented out, with its meaning and " +
        "default, ignoring the config file, environment and other options: the tickgate.properties shipped.")
    boolean defaults;

    @Unmatched
    List<String> serveArgs = new ArrayList<>();

    @Spec
    CommandSpec spec;

    public Integer call()
    {
        if (defaults)
        {
            return print(ConfigRenderer.defaults());
        }
        final ConfigSources sources = (ConfigSources)spec.commandLine().getDefaultValueProvider();
        final List<String> args = new ArrayList<>(List.of("serve"));
        // the inherited options (--config, --log-level, --log-format) given before or after "config print"
        for (ParseResult given = spec.root().commandLine().getParseResult(); null != given; given = given.subcommand())
        {
            given.matchedOptions().stream().filter(option -> option.inherited() || option.scopeType() ==
                ScopeType.INHERIT).forEach(option -> option.originalStringValues().forEach(value ->
                args.addAll(List.of(option.longestName(), value))));
        }
        args.addAll(serveArgs);
        final CommandLine serve = TickgateCli.configure(new CommandLine(new TickgateCli()), sources);
        try
        {
            serve.parseArgs(args.toArray(new String[0]));
        }
        catch (final ParameterException ex)
        {
            spec.commandLine().getErr().println("tickgate config print: " + sources.describe(ex));
            return ExportCommand.BAD_ARGUMENTS;
        }
        sources.parsed(serve.getParseResult());
        return print(ConfigRenderer.effective(serve.getSubcommands().get("serve").getCommandSpec(), sources::origin));
    }

    private int print(final String text)
    {
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
