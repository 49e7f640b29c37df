package io.tickgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code serve}'s options as a config file: with their defaults, commented out, for the file shipped with a release
 * ({@code app/src/dist/conf/tickgate.properties}), or with their effective values and origins for
 * {@code config print}. Both are made from picocli's model of {@code serve}, so they list every option it has.
 */
final class ConfigRenderer
{
    private static final int WIDTH = 118;
    private static final Pattern DEFAULT_TEXT = Pattern.compile("\\(default: ([^)]*)\\)");
    private static final Pattern PLAIN_VALUE = Pattern.compile("[A-Za-z0-9._-]+");
    private static final String DEFAULTS_HEADER = String.join("\n",
        "# tickgate configuration: every option of 'tickgate serve' (and 'demo'), with its meaning and default.",
        "# Keys are the long option names without the dashes; uncomment a line to set it. Read with",
        "# --config FILE or TICKGATE_CONFIG=FILE. Environment variables TICKGATE_<KEY> (upper case, '-' as '_':",
        "# TICKGATE_SIM_RATE) win over this file, command-line flags over both. Lists are comma-separated.",
        "# Made by 'tickgate config print --defaults'; 'tickgate config print' shows what is in effect.",
        "");
    private static final String EFFECTIVE_HEADER = String.join("\n",
        "# tickgate serve's effective configuration (tickgate config print); above each key, where its value",
        "# came from. Keys commented out have no value of their own: the gateway's default applies.",
        "");

    private ConfigRenderer()
    {
    }

    /**
     * @return every option of {@code serve} commented out, with its meaning and default.
     */
    static String defaults()
    {
        final CommandLine cli = new CommandLine(new TickgateCli());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.parseArgs("serve");
        final StringBuilder out = new StringBuilder(DEFAULTS_HEADER);
        for (final OptionSpec option : options(cli.getSubcommands().get("serve").getCommandSpec()))
        {
            out.append('\n');
            comment(out, String.join(" ", option.description()));
            final String value = null == value(option) ? statedDefault(option) : value(option);
            out.append('#').append(ConfigSources.key(option)).append(" =")
                .append(null == value ? "" : " " + value).append('\n');
        }
        return out.toString();
    }

    /**
     * @return the default an option's help states (the gateway's own, for options picocli holds no value for) when
     * it is one plain value a file could hold, e.g. 20000 or backoff; null for none, off or a rule in words.
     */
    private static String statedDefault(final OptionSpec option)
    {
        final Matcher stated = DEFAULT_TEXT.matcher(String.join(" ", option.description()));
        return stated.find() && PLAIN_VALUE.matcher(stated.group(1)).matches() && !"off".equals(stated.group(1)) ?
            stated.group(1) : null;
    }

    /**
     * @param serve  {@code serve}'s model, after parsing.
     * @param origin where an option's value came from, null for its default.
     * @return every option with its value, under a comment that says where it came from.
     */
    static String effective(final CommandSpec serve, final Function<OptionSpec, String> origin)
    {
        final StringBuilder out = new StringBuilder(EFFECTIVE_HEADER);
        for (final OptionSpec option : options(serve))
        {
            final String from = origin.apply(option);
            final String value = value(option);
            out.append("# ").append(null == from ? "default" : from);
            if (null == value)
            {
                final Matcher stated = DEFAULT_TEXT.matcher(String.join(" ", option.description()));
                out.append(": ").append(stated.find() ? stated.group(1) : "off").append("\n#");
            }
            else
            {
                out.append('\n');
            }
            out.append(ConfigSources.key(option)).append(" =").append(null == value ? "" : " " + value).append('\n');
        }
        return out.toString();
    }

    /**
     * @return the options a config file may set, in their order in {@code --help}.
     */
    static List<OptionSpec> options(final CommandSpec serve)
    {
        return serve.options().stream()
            .filter(option -> !option.usageHelp() && !option.versionHelp() && !option.hidden() &&
                !ConfigSources.CONFIG_OPTION.equals(option.longestName()))
            .collect(Collectors.toList());
    }

    private static String value(final OptionSpec option)
    {
        final Object value = option.getValue();
        if (null == value)
        {
            return null;
        }
        final String text = value instanceof Collection ? ((Collection<?>)value).stream().map(String::valueOf)
            .collect(Collectors.joining(",")) : String.valueOf(value);
        return text.isEmpty() ? null : text.replace("\\", "\\\\");
    }

    private static void comment(final StringBuilder out, final String text)
    {
        int lineStart = out.length();
        out.append('#');
        for (final String word : text.split(" +"))
        {
            if (out.length() - lineStart + 1 + word.length() > WIDTH)
            {
                out.append('\n');
                lineStart = out.length();
                out.append('#');
            }
            out.append(' ').append(word);
        }
        out.append('\n');
    }
}
