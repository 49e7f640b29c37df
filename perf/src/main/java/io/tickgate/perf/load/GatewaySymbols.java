package io.tickgate.perf.load;

import io.tickgate.codec.Symbols;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The symbol names a run feeds and subscribes: the first S the gateway lists at {@code GET /api/symbols}, or
 * generated {@code LOAD0001..} names when it lists fewer or cannot say. Generated names are primed by the feeder;
 * {@link #awaitListed} then waits until the gateway lists them, so no subscribe meets UNKNOWN_SYMBOL.
 */
public final class GatewaySymbols
{
    /** The names, and whether they were generated (so they need priming) rather than listed. */
    record Choice(List<String> names, boolean generated)
    {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final GatewayTarget gateway;
    private final PrintStream log;
    private final String token;

    /**
     * @param token a Bearer token for a gateway that requires one, or null.
     */
    GatewaySymbols(final GatewayTarget gateway, final String token, final PrintStream log)
    {
        this.gateway = gateway;
        this.token = token;
        this.log = log;
    }

    Choice choose(final int count)
    {
        try
        {
            final List<String> listed = listed();
            if (listed.size() >= count)
            {
                return new Choice(listed.subList(0, count), false);
            }
            log.printf("/api/symbols lists %d symbols, fewer than %d: generating names%n", listed.size(), count);
        }
        catch (final IOException ex)
        {
            log.printf("/api/symbols failed (%s): generating names%n", ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return new Choice(generated(count), true);
    }

    /**
     * Waits, with a deadline, until the gateway lists every primed symbol. A server without {@code /api/symbols}
     * (the null gateway) cannot say: then subscribe without waiting.
     */
    void awaitListed(final List<String> names) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        try
        {
            while (!new HashSet<>(listed()).containsAll(names))
            {
                if (System.nanoTime() > deadline)
                {
                    log.println("the gateway has not listed every primed symbol after 15 s; subscribing anyway");
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        catch (final IOException ex)
        {
            log.printf("cannot list symbols (%s); subscribing without waiting for them%n", ex.getMessage());
        }
    }

    private List<String> listed() throws IOException, InterruptedException
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://" + gateway.host() + ":" + gateway.port() + "/api/symbols"))
            .timeout(Duration.ofSeconds(5)).GET();
        if (null != token)
        {
            request.header("Authorization", "Bearer " + token);
        }
        final HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (200 != response.statusCode())
        {
            throw new IOException("/api/symbols answered " + response.statusCode());
        }
        return parseStringArray(response.body());
    }

    /** {@code LOAD0001..}: at least four digits, more when the count needs them. */
    public static List<String> generated(final int count)
    {
        final int width = Math.max(4, Integer.toString(count).length());
        final List<String> names = new ArrayList<>(count);
        for (int i = 1; i <= count; i++)
        {
            names.add(String.format("LOAD%0" + width + "d", i));
        }
        return names;
    }

    /** The valid symbols in a JSON array of strings; anything else in it is ignored. */
    static List<String> parseStringArray(final String json)
    {
        final List<String> result = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        int i = json.indexOf('[');
        if (i < 0)
        {
            return result;
        }
        final StringBuilder sb = new StringBuilder();
        for (i++; i < json.length() && json.charAt(i) != ']'; i++)
        {
            if (json.charAt(i) != '"')
            {
                continue;
            }
            sb.setLength(0);
            for (i++; i < json.length() && json.charAt(i) != '"'; i++)
            {
                if (json.charAt(i) == '\\' && i + 1 < json.length())
                {
                    i++;
                }
                sb.append(json.charAt(i));
            }
            final String name = sb.toString();
            if (Symbols.isValid(name) && seen.add(name))
            {
                result.add(name);
            }
        }
        return result;
    }
}
