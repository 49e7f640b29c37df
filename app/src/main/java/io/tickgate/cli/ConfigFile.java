package io.tickgate.cli;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A configuration file: a Java properties file whose keys are long option names without the dashes
 * ({@code port = 8080}). {@link Properties} reads the values (escapes, continuations, {@code =}, {@code :} or a
 * space); a scan of the lines finds the line of each key, so a message can say {@code tickgate.properties:3}.
 */
final class ConfigFile
{
    private ConfigFile()
    {
    }

    /**
     * @param file to read.
     * @return every key with its value and {@code FILE:LINE}, in file order.
     * @throws IllegalArgumentException when the file cannot be read or sets a key twice.
     */
    static Map<String, Setting> read(final Path file)
    {
        final String text;
        try
        {
            text = Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + ex, ex);
        }
        final Properties values = new Properties();
        try
        {
            values.load(new StringReader(text));
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + ex.getMessage(), ex);
        }
        final Map<String, Setting> settings = new LinkedHashMap<>();
        final String[] lines = text.split("\r\n|\r|\n", -1);
        boolean continued = false;
        for (int i = 0; i < lines.length; i++)
        {
            final String line = lines[i].strip();
            final boolean startsEntry = !continued && !line.isEmpty() && '#' != line.charAt(0) && '!' != line.charAt(0);
            continued = (startsEntry || continued) && endsWithOddBackslashes(line);
            if (startsEntry)
            {
                final String key = keyOf(line);
                final String origin = file + ":" + (i + 1);
                final Setting earlier = settings.put(key, new Setting(values.getProperty(key), origin));
                if (null != earlier)
                {
                    throw new IllegalArgumentException("config file " + file + " sets " + key + " twice: at " +
                        earlier.origin() + " and " + origin);
                }
            }
        }
        return settings;
    }

    /**
     * The key as {@link Properties} reads it: up to the first unescaped {@code =}, {@code :} or white space, with its
     * escapes resolved (by {@link Properties} itself).
     */
    private static String keyOf(final String line)
    {
        int end = 0;
        while (end < line.length())
        {
            final char c = line.charAt(end);
            if ('\\' == c)
            {
                end += 2;
                continue;
            }
            if ('=' == c || ':' == c || Character.isWhitespace(c))
            {
                break;
            }
            end++;
        }
        final Properties one = new Properties();
        try
        {
            one.load(new StringReader(line.substring(0, Math.min(end, line.length())) + "="));
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        return one.stringPropertyNames().iterator().next();
    }

    private static boolean endsWithOddBackslashes(final String line)
    {
        int count = 0;
        for (int i = line.length() - 1; i >= 0 && '\\' == line.charAt(i); i--)
        {
            count++;
        }
        return 1 == (count & 1);
    }
}
