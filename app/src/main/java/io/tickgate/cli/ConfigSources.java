package io.tickgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Option values from outside the command line, for every command: the config file ({@code --config FILE} or
 * {@code TICKGATE_CONFIG}), then environment variables ({@code TICKGATE_SIM_RATE} for {@code --sim-rate}), which win
 * over the file. Picocli asks this provider only for options the command line did not give, so a flag wins over
 * both, and converts what it returns like a flag's value. It remembers where each value came from, so an error can
 * name the file and line or the variable.
 * <p>
 * A key or variable that names no option of any command is an error (a typo would otherwise be ignored); a key of
 * another command's option is ignored by the commands that do not have it, so one file serves them all.
 */
final class ConfigSources implements CommandLine.IDefaultValueProvider
{
    static final String ENV_PREFIX = "TICKGATE_";
    static final String CONFIG_OPTION = "--config";
    static final String CONFIG_ENV = "TICKGATE_CONFIG";
    /** Variables of the launcher, the release and the tests, which are not options. */
    static final Set<String> NOT_OPTIONS = Set.of(CONFIG_ENV, "TICKGATE_JAVA_OPTS", "TICKGATE_HOME",
        "TICKGATE_GATEWAY_JAR", "TICKGATE_JAR", "TICKGATE_SERVER_CMD");
    static final String FROM_COMMAND_LINE = "the command line";
    private static final Set<String> NOT_SETTABLE = Set.of("config", "help", "version");
    private static final Pattern OPTION_NAME = Pattern.compile("--([a-z0-9][a-z0-9-]*)");

    /** The sources of the command line that runs now, for {@link #explain}; one command line per process. */
    private static volatile ConfigSources current;

    private final Map<String, Setting> settings = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private ArgSpec lastServed;
    private ParseResult parsed;

    private ConfigSources()
    {
    }

    /**
     * @param args        the command line, searched for {@code --config FILE} only.
     * @param environment the process's environment.
     * @param root        the command tree, for the option names a key or variable may use.
     * @return the sources; problems (unreadable file, unknown key) are kept for {@link #problems()}.
     */
    static ConfigSources load(final String[] args, final Map<String, String> environment, final CommandSpec root)
    {
        final ConfigSources sources = new ConfigSources();
        final Set<String> known = optionNames(root, new TreeSet<>());
        final String config = configFile(args, environment);
        if (null != config)
        {
            try
            {
                ConfigFile.read(Path.of(config)).forEach((key, setting) -> sources.add(key, setting, known));
            }
            catch (final IllegalArgumentException ex)
            {
                sources.problems.add(ex.getMessage());
            }
        }
        environment.entrySet().stream()
            .filter(variable -> variable.getKey().startsWith(ENV_PREFIX) && !NOT_OPTIONS.contains(variable.getKey()))
            .sorted(Map.Entry.comparingByKey())
            .forEach(variable -> sources.add(variable.getKey().substring(ENV_PREFIX.length())
                .toLowerCase(Locale.ROOT).replace('_', '-'),
                new Setting(variable.getValue(), "environment variable " + variable.getKey()), known));
        current = sources;
        return sources;
    }

    private void add(final String key, final Setting setting, final Set<String> known)
    {
        if (!known.contains(key))
        {
            problems.add(setting.origin() + ": no command has an option --" + key +
                (setting.origin().startsWith("environment") ? " (variables of the launcher: " +
                String.join(", ", new TreeSet<>(NOT_OPTIONS)) + ")" : ""));
            return;
        }
        settings.put(key, setting); // the file's are added first: the environment wins
    }

    private static String configFile(final String[] args, final Map<String, String> environment)
    {
        for (int i = 0; i < args.length && !"--".equals(args[i]); i++)
        {
            if (CONFIG_OPTION.equals(args[i]) && i + 1 < args.length)
            {
                return args[i + 1];
            }
            if (args[i].startsWith(CONFIG_OPTION + "="))
            {
                return args[i].substring(CONFIG_OPTION.length() + 1);
            }
        }
        return environment.get(CONFIG_ENV);
    }

    private static Set<String> optionNames(final CommandSpec command, final Set<String> names)
    {
        for (final OptionSpec option : command.options())
        {
            final String name = key(option);
            if (!NOT_SETTABLE.contains(name))
            {
                names.add(name);
            }
        }
        command.subcommands().values().forEach(sub -> optionNames(sub.getCommandSpec(), names));
        return names;
    }

    /**
     * @return the option's key in a config file: its longest name without the dashes.
     */
    static String key(final OptionSpec option)
    {
        return option.longestName().replaceFirst("^-+", "");
    }

    public String defaultValue(final ArgSpec argSpec)
    {
        if (!argSpec.isOption())
        {
            return null;
        }
        final Setting setting = settings.get(key((OptionSpec)argSpec));
        if (null == setting)
        {
            return null;
        }
        lastServed = argSpec;
        return setting.value();
    }

    /**
     * @return what is wrong with the file or the environment; empty when nothing is.
     */
    List<String> problems()
    {
        return problems;
    }

    /**
     * @param result the parsed command line about to run, for {@link #origin} and {@link #explain}.
     */
    void parsed(final ParseResult result)
    {
        parsed = result;
    }

    /**
     * @param option of the command that was parsed (or of one of its parents).
     * @return {@link #FROM_COMMAND_LINE}, {@code FILE:LINE}, {@code environment variable X}, or null for the default.
     */
    String origin(final OptionSpec option)
    {
        for (ParseResult result = parsed; null != result; result = result.subcommand())
        {
            if (result.hasMatchedOption(option.longestName()))
            {
                return FROM_COMMAND_LINE;
            }
        }
        final Setting setting = settings.get(key(option));
        return null == setting ? null : setting.origin();
    }

    /**
     * @param ex picocli's complaint about the command line or a value from here.
     * @return the complaint, saying where the value came from when that was not the command line.
     */
    String describe(final ParameterException ex)
    {
        if (null != ex.getArgSpec() && ex.getArgSpec() == lastServed)
        {
            return ex.getMessage() + " (from " + settings.get(key((OptionSpec)lastServed)).origin() + ")";
        }
        return ex.getMessage();
    }

    /**
     * A check after parsing (e.g. {@code invalid --port: 70000}) names the option, not where its value came from:
     * add that.
     *
     * @param message that names an option as {@code --name}.
     * @return the message, with {@code (from ORIGIN)} after it when the option's value has a known origin.
     */
    static String explain(final String message)
    {
        final ConfigSources sources = current;
        if (null == sources || null == sources.parsed || null == message)
        {
            return message;
        }
        final CommandSpec command = sources.parsed.asCommandLineList()
            .get(sources.parsed.asCommandLineList().size() - 1).getCommandSpec();
        final Matcher names = OPTION_NAME.matcher(message);
        while (names.find())
        {
            final OptionSpec option = command.findOption(names.group(1));
            if (null != option)
            {
                final String origin = sources.origin(option);
                return null == origin ? message : message + " (from " + origin + ")";
            }
        }
        return message;
    }
}
