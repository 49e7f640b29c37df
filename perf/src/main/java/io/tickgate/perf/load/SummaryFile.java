package io.tickgate.perf.load;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A single run's outcome ({@link SweepRule.Step}) as {@code name=value} lines ({@code bench load --summary FILE}), so
 * a caller that runs the load generator as a child process ({@code bench versus}) reads its figures instead of scraping
 * its log. The names are the record's components, so the file follows the record when it changes.
 */
public final class SummaryFile
{
    private SummaryFile()
    {
    }

    public static void write(final SweepRule.Step step, final Path file) throws IOException
    {
        final StringBuilder sb = new StringBuilder();
        try
        {
            for (final RecordComponent c : SweepRule.Step.class.getRecordComponents())
            {
                sb.append(c.getName()).append('=').append(c.getAccessor().invoke(step)).append('\n');
            }
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException(ex);
        }
        if (null != file.toAbsolutePath().getParent())
        {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(file, sb, StandardCharsets.US_ASCII);
    }

    /** @throws IOException when the file is missing or unreadable, IllegalArgumentException when a value is. */
    public static SweepRule.Step read(final Path file) throws IOException
    {
        final Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII))
        {
            p.load(in);
        }
        final RecordComponent[] components = SweepRule.Step.class.getRecordComponents();
        final Class<?>[] types = new Class<?>[components.length];
        final Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++)
        {
            types[i] = components[i].getType();
            values[i] = value(types[i], components[i].getName(), p.getProperty(components[i].getName()), file);
        }
        try
        {
            return SweepRule.Step.class.getDeclaredConstructor(types).newInstance(values);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static Object value(final Class<?> type, final String name, final String text, final Path file)
    {
        if (null == text)
        {
            throw new IllegalArgumentException(file + ": no " + name);
        }
        try
        {
            if (int.class == type)
            {
                return Integer.parseInt(text);
            }
            if (long.class == type)
            {
                return Long.parseLong(text);
            }
            if (double.class == type)
            {
                return Double.parseDouble(text);
            }
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(file + ": " + name + " is not a number: " + text, ex);
        }
        if (boolean.class == type)
        {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalStateException("no reader for " + type + " of " + name);
    }
}
