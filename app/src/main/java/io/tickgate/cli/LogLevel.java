package io.tickgate.cli;

import ch.qos.logback.classic.Level;
import picocli.CommandLine.ITypeConverter;

import java.util.Locale;
import java.util.Set;

/**
 * One {@code --log-level} value: {@code LEVEL} for every logger, or {@code LOGGER=LEVEL} for a logger and those
 * under it ({@code io.tickgate.gateway=debug}).
 *
 * @param logger the logger's name, or null for the root.
 * @param level  trace, debug, info, warn, error or off.
 */
record LogLevel(String logger, Level level)
{
    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");

    public String toString()
    {
        final String name = level.toString().toLowerCase(Locale.ROOT);
        return null == logger ? name : logger + "=" + name;
    }

    /**
     * Picocli's converter, so a bad value is refused while parsing, with where it came from.
     */
    static final class Converter implements ITypeConverter<LogLevel>
    {
        public LogLevel convert(final String value)
        {
            final int equals = value.indexOf('=');
            final String logger = equals < 0 ? null : value.substring(0, equals).trim();
            final String level = value.substring(equals + 1).trim().toLowerCase(Locale.ROOT);
            if (!LEVELS.contains(level) || (null != logger && logger.isEmpty()))
            {
                throw new IllegalArgumentException("'" + value + "': give LEVEL or LOGGER=LEVEL, LEVEL one of " +
                    "trace, debug, info, warn, error, off");
            }
            return new LogLevel(logger, Level.toLevel(level));
        }
    }
}
