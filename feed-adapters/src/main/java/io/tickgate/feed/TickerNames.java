package io.tickgate.feed;

import io.tickgate.codec.Symbols;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Ticker names and starting prices for the simulator: the shipped list of real US equity tickers first, then, if more
 * are asked for, pronounceable made-up 3-4 letter names (never {@code SYM1}-style). Cold path, run once at startup.
 */
final class TickerNames
{
    private static final String RESOURCE = "tickers.csv";
    private static final String CONSONANTS = "BCDFGHJKLMNPRSTVWXZ";
    private static final String VOWELS = "AEIOU";
    private static final double MIN_PRICE = 5.0;
    private static final double MAX_PRICE = 900.0;

    final List<String> names = new ArrayList<>();
    final List<Long> startPriceCents = new ArrayList<>();

    private TickerNames()
    {
    }

    /**
     * @param count how many tickers.
     * @param seed  picks the made-up names and their prices.
     * @return unique, valid tickers with a starting price in cents each.
     */
    static TickerNames load(final int count, final long seed)
    {
        final TickerNames tickers = new TickerNames();
        final Set<String> seen = new HashSet<>();
        tickers.readShippedList(count, seen);

        final SplittableRandom random = new SplittableRandom(seed);
        while (tickers.names.size() < count)
        {
            final String name = pronounceable(random);
            if (seen.add(name))
            {
                final double price = MIN_PRICE * Math.pow(MAX_PRICE / MIN_PRICE, random.nextDouble()); // log-uniform
                tickers.add(name, Math.round(price * 100));
            }
        }
        return tickers;
    }

    private void readShippedList(final int count, final Set<String> seen)
    {
        try (InputStream in = TickerNames.class.getResourceAsStream(RESOURCE))
        {
            if (null == in)
            {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            while (names.size() < count && null != (line = reader.readLine()))
            {
                if (line.isBlank() || line.startsWith("#"))
                {
                    continue;
                }
                final int comma = line.indexOf(',');
                final String name = line.substring(0, comma);
                if (!Symbols.isValid(name) || !seen.add(name))
                {
                    throw new IllegalStateException("bad or repeated ticker in " + RESOURCE + ": " + line);
                }
                add(name, Long.parseLong(line.substring(comma + 1).trim()) * 100);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private void add(final String name, final long priceCents)
    {
        names.add(name);
        startPriceCents.add(priceCents);
    }

    private static String pronounceable(final SplittableRandom random)
    {
        final StringBuilder sb = new StringBuilder(4);
        final boolean startWithVowel = random.nextInt(4) == 0;
        final int length = 3 + random.nextInt(2);
        for (int i = 0; i < length; i++)
        {
            final String letters = (i % 2 == 0) != startWithVowel ? CONSONANTS : VOWELS;
            sb.append(letters.charAt(random.nextInt(letters.length())));
        }
        return sb.toString();
    }
}
