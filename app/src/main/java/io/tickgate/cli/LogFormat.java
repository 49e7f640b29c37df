package io.tickgate.cli;

import java.util.Locale;

/**
 * How log lines are written to standard error.
 */
enum LogFormat
{
    /** {@code TIME LEVEL [THREAD] LOGGER - MESSAGE key=value...}, for people. */
    TEXT,
    /** One JSON object per line, for log shippers. */
    JSON;

    public String toString()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
