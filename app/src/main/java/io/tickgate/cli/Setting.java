package io.tickgate.cli;

/**
 * An option's value from outside the command line, and where it was written, for the messages that name it.
 *
 * @param value  as written (a string picocli converts like a flag's).
 * @param origin {@code FILE:LINE} or {@code environment variable TICKGATE_X}.
 */
record Setting(String value, String origin)
{
}
