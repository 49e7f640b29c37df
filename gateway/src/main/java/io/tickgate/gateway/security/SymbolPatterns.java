package io.tickgate.gateway.security;

import io.tickgate.codec.Symbols;

import java.util.ArrayList;
import java.util.List;

/**
 * The symbols a token entitles: each pattern an exact symbol ({@code AAPL}) or a prefix followed by {@code *}
 * ({@code EUR/*}, or {@code *} alone for every symbol). Checked when a client subscribes, replays or a symbol first
 * appears, never per tick.
 * <b>Note:</b> immutable; threadsafe.
 */
public final class SymbolPatterns
{
    public static final SymbolPatterns ALL = new SymbolPatterns(List.of("*"));

    private final List<String> patterns;
    private final boolean all;

    private SymbolPatterns(final List<String> patterns)
    {
        this.patterns = List.copyOf(patterns);
        this.all = patterns.contains("*");
    }

    /**
     * @param patterns as a token's {@code symbols} claim holds them.
     * @throws IllegalArgumentException naming the first pattern that is neither a symbol nor a symbol prefix and
     *                                  {@code *}.
     */
    public static SymbolPatterns of(final List<String> patterns)
    {
        final List<String> checked = new ArrayList<>(patterns.size());
        for (final String pattern : patterns)
        {
            if (!isValid(pattern))
            {
                throw new IllegalArgumentException("not a symbol pattern: " + pattern);
            }
            checked.add(pattern);
        }
        return new SymbolPatterns(checked);
    }

    /**
     * @return true when {@code symbol} matches one of the patterns.
     */
    public boolean matches(final CharSequence symbol)
    {
        if (all)
        {
            return true;
        }
        for (int i = 0, size = patterns.size(); i < size; i++)
        {
            if (matches(patterns.get(i), symbol))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return true when every symbol, present and future, matches.
     */
    public boolean isAll()
    {
        return all;
    }

    /**
     * @return the patterns, as given.
     */
    public List<String> patterns()
    {
        return patterns;
    }

    public String toString()
    {
        return String.join(",", patterns);
    }

    private static boolean matches(final String pattern, final CharSequence symbol)
    {
        final int last = pattern.length() - 1;
        if ('*' != pattern.charAt(last))
        {
            return pattern.contentEquals(symbol);
        }
        if (symbol.length() < last)
        {
            return false;
        }
        for (int i = 0; i < last; i++)
        {
            if (pattern.charAt(i) != symbol.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isValid(final String pattern)
    {
        if (null == pattern || pattern.isEmpty())
        {
            return false;
        }
        if ("*".equals(pattern))
        {
            return true;
        }
        final boolean prefix = pattern.endsWith("*");
        return Symbols.isValid(prefix ? pattern.substring(0, pattern.length() - 1) : pattern);
    }
}
