package io.tickgate.perf.load;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Checks of option values that fail with a {@link ParameterException} naming the option (picocli: exit code 2). */
record OptionCheck(CommandLine commandLine)
{
    ParameterException error(final String message)
    {
        return new ParameterException(commandLine, message);
    }

    int range(final String name, final int value, final int min, final int max)
    {
        if (value < min || value > max)
        {
            throw error(name + " must be in [" + min + ", " + max + "]: " + value);
        }
        return value;
    }

    void range(final String name, final double value, final double min, final double max)
    {
        if (!(value >= min && value <= max))
        {
            throw error(name + " must be in [" + min + ", " + max + "]: " + value);
        }
    }

    String oneOf(final String name, final String value, final String a, final String b)
    {
        if (!a.equals(value) && !b.equals(value))
        {
            throw error(name + " must be " + a + " or " + b + ": " + value);
        }
        return value;
    }

    /** "a,b,c": integers in [1, 10000000], each above the one before. */
    int[] increasingRates(final String name, final String list)
    {
        final String[] parts = list.split(",");
        final int[] rates = new int[parts.length];
        for (int i = 0; i < parts.length; i++)
        {
            try
            {
                rates[i] = range(name, Integer.parseInt(parts[i].trim()), 1, 10_000_000);
            }
            catch (final NumberFormatException ex)
            {
                throw error(name + " must be integers: " + list);
            }
            if (i > 0 && rates[i] <= rates[i - 1])
            {
                throw error(name + " must increase: " + list);
            }
        }
        return rates;
    }
}
