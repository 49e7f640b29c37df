package io.tickgate.cli;

import io.tickgate.codec.EpochMicros;
import io.tickgate.codec.Symbols;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Argument checks shared by the commands that only read a journal ({@code export}, {@code tail}). Each throws
 * {@link IllegalArgumentException} with the message the user sees.
 */
final class JournalArguments
{
    private JournalArguments()
    {
    }

    /**
     * A reader must never create a journal: {@code Journal.open} would make the directory of a mistyped path.
     *
     * @param journal the directory given.
     */
    static void requireExistingJournal(final Path journal)
    {
        if (!Files.isDirectory(journal))
        {
            throw new IllegalArgumentException("journal directory " + journal + " does not exist");
        }
        try (Stream<Path> files = Files.list(journal))
        {
            if (files.noneMatch(file -> file.getFileName().toString().endsWith(".cq4") ||
                file.getFileName().toString().endsWith(".cq4t")))
            {
                throw new IllegalArgumentException(journal + " is not a tickgate journal (no .cq4 files in it)");
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read journal directory " + journal + ": " + ex.getMessage());
        }
    }

    /**
     * @param name  of the option, for the message.
     * @param value an ISO-8601 instant ({@code 2025-11-25T20:00:00.123456Z}) or integer microseconds since the epoch.
     * @return microseconds since the epoch (sub-microsecond digits are dropped).
     */
    static long parseTimeMicros(final String name, final String value)
    {
        final String text = value.trim();
        if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9'))
        {
            try
            {
                return Long.parseLong(text);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(
                    name + ": " + value + " is too large for microseconds since the epoch");
            }
        }
        try
        {
            return EpochMicros.parseIso(text);
        }
        catch (final DateTimeParseException | ArithmeticException ex)
        {
            throw new IllegalArgumentException(name + ": cannot read '" + value + "' as a time; give an ISO-8601 " +
                "instant such as 2025-11-25T20:00:00.123456Z or microseconds since the epoch");
        }
    }

    /**
     * @param list comma-separated symbols, as given to {@code --symbols}.
     * @return the distinct symbols in the order given.
     */
    static Set<String> parseSymbols(final String list)
    {
        final Set<String> symbols = new LinkedHashSet<>();
        for (final String part : list.split(",", -1))
        {
            final String symbol = part.trim();
            if (!Symbols.isValid(symbol))
            {
                throw new IllegalArgumentException("--symbols: '" + symbol + "' is not a valid symbol (1-16 of " +
                    "A-Z a-z 0-9 . _ : / -)");
            }
            symbols.add(symbol);
        }
        return symbols;
    }
}
