package io.tickgate.gateway;

import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which web pages may open a WebSocket to the gateway, so a page on another site cannot use a browser as a way in
 * to a gateway on the user's own machine or network. With {@code --allowed-origins}, only those origins; without it,
 * handshakes with no {@code Origin} (clients that are not browsers), from a loopback origin, or from an origin whose
 * host is the request's own host (the dashboard the gateway serves). Anything else: 403, counted.
 * <b>Note:</b> threadsafe; runs on the IO threads, with no name lookups.
 */
final class OriginCheck
{
    private final List<String> allowed;
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param allowed the origins allowed ({@code https://a.example}), or empty for the default policy.
     */
    OriginCheck(final List<String> allowed)
    {
        this.allowed = allowed.stream().map(OriginCheck::normalise).toList();
    }

    /**
     * @param origin the handshake's {@code Origin} header, or null.
     * @param host   the host the request was sent to (its {@code Host} header, without the port).
     * @return whether the handshake may go on.
     */
    boolean allows(final String origin, final String host)
    {
        if (!allowed.isEmpty())
        {
            return null != origin && allowed.contains(normalise(origin));
        }
        if (null == origin)
        {
            return true;
        }
        final String originHost = hostOf(origin);
        return null != originHost && (isLoopback(originHost) || originHost.equalsIgnoreCase(host));
    }

    HttpHandler wrap(final HttpHandler next)
    {
        return exchange ->
        {
            final String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
            if (allows(origin, exchange.getHostName()))
            {
                next.handleRequest(exchange);
                return;
            }
            refused.incrementAndGet();
            exchange.setStatusCode(StatusCodes.FORBIDDEN);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseSender().send("{\"error\":\"FORBIDDEN\",\"message\":\"this origin may not connect " +
                "(--allowed-origins)\"}");
        };
    }

    /**
     * @return handshakes refused for their origin; any thread.
     */
    long refused()
    {
        return refused.get();
    }

    /**
     * @throws IllegalArgumentException naming the option when {@code origin} is not {@code http(s)://host[:port]}.
     */
    static void validate(final String origin)
    {
        final URI uri = parse(origin);
        final String scheme = null == uri ? null : uri.getScheme();
        if (null == uri || null == uri.getHost() ||
            !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)))
        {
            throw new IllegalArgumentException("invalid --allowed-origins: " + origin +
                " (an origin is http(s)://host or http(s)://host:port)");
        }
    }

    private static String hostOf(final String origin)
    {
        final URI uri = parse(origin);
        return null == uri ? null : uri.getHost();
    }

    private static URI parse(final String origin)
    {
        try
        {
            return URI.create(origin.trim());
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
    }

    private static boolean isLoopback(final String host)
    {
        return "localhost".equalsIgnoreCase(host) || "[::1]".equals(host) ||
            host.startsWith("127.") && host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    private static String normalise(final String origin)
    {
        final String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
