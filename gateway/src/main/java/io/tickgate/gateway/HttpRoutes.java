package io.tickgate.gateway;

import io.tickgate.gateway.publisher.Publisher;
import io.tickgate.codec.SymbolTable;
import io.tickgate.gateway.security.Grant;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The HTTP side of the port: {@code /stream} (WebSocket), {@code /health}, {@code /metrics}, {@code /api/symbols},
 * {@code POST /admin/drain} ({@link DrainEndpoint}) and the dashboard's static files at {@code /}. With token
 * authentication on, {@code /api/symbols}, {@code /metrics} and {@code /admin/drain} need a token
 * ({@link TokenCheck}); {@code /health} and the dashboard stay open.
 */
final class HttpRoutes
{
    private HttpRoutes()
    {
    }

    static HttpHandler create(
        final StreamEndpoint stream,
        final OriginCheck origins,
        final Publisher publisher,
        final Health health,
        final HttpConnectionCap cap,
        final Function<String, MetricsPage.Scrape> metrics,
        final TokenCheck tokens,
        final DrainEndpoint drain)
    {
        final ResourceHandler dashboard = new ResourceHandler(
            new ClassPathResourceManager(HttpRoutes.class.getClassLoader(), "web"))
            .setWelcomeFiles("index.html")
            .setCacheTime(60);

        // every route but the WebSocket handshake is plain HTTP, behind the connection cap
        return Handlers.path(cap.wrap(dashboard))
            .addExactPath("/stream", drain.guard(origins.wrap(stream.handshake())))
            .addExactPath("/health", cap.wrap(getOnly(exchange -> health(exchange, health.evaluate()))))
            .addExactPath("/metrics", cap.wrap(getOnly(exchange -> metrics(exchange, tokens, metrics))))
            .addExactPath("/api/symbols", cap.wrap(getOnly(exchange ->
                symbols(exchange, tokens, publisher.symbols()))))
            .addExactPath("/admin/drain", cap.wrap(only("POST", drain::admin, Methods.POST)));
    }

    private static HttpHandler getOnly(final HttpHandler handler)
    {
        return only("GET, HEAD", handler, Methods.GET, Methods.HEAD);
    }

    /**
     * @param allow   the methods, as the {@code Allow} header of a 405 lists them.
     * @param methods the methods the handler takes; it runs on a worker thread.
     */
    private static HttpHandler only(final String allow, final HttpHandler handler, final HttpString... methods)
    {
        return exchange ->
        {
            if (!Arrays.asList(methods).contains(exchange.getRequestMethod()))
            {
                exchange.getResponseHeaders().put(Headers.ALLOW, allow);
                send(exchange, StatusCodes.METHOD_NOT_ALLOWED, "text/plain", "method not allowed\n");
                return;
            }
            if (exchange.isInIoThread())
            {
                exchange.dispatch(handler);
                return;
            }
            handler.handleRequest(exchange);
        };
    }

    private static void health(final HttpServerExchange exchange, final Health.Answer answer)
    {
        send(exchange, answer.status(), "application/json", answer.json());
    }

    /**
     * With authentication on, only to a token with {@code admin: true}, sent as {@code Authorization: Bearer}, the
     * way Prometheus sends its {@code bearer_token_file}. The format is the one the {@code Accept} header asks for.
     */
    private static void metrics(
        final HttpServerExchange exchange, final TokenCheck tokens, final Function<String, MetricsPage.Scrape> metrics)
    {
        if (tokens.admitAdmin(exchange, "read /metrics"))
        {
            final MetricsPage.Scrape scrape = metrics.apply(exchange.getRequestHeaders().getFirst(Headers.ACCEPT));
            send(exchange, StatusCodes.OK, scrape.contentType(), ByteBuffer.wrap(scrape.body()));
        }
    }

    /**
     * Every symbol; with authentication on, the token's entitled symbols only.
     */
    private static void symbols(final HttpServerExchange exchange, final TokenCheck tokens, final SymbolTable symbols)
    {
        final Grant grant = tokens.isOn() ? tokens.authenticate(exchange, true) : Grant.OPEN;
        if (null == grant)
        {
            return;
        }
        final int count = symbols.count();
        final StringBuilder json = new StringBuilder(count * 8 + 2).append('[');
        for (int id = 0; id < count; id++)
        {
            final String name = symbols.name(id);
            if (grant.entitles(name))
            {
                // symbols are validated ASCII without quotes or backslashes, so no escaping is needed
                json.append(json.length() > 1 ? "," : "").append('"').append(name).append('"');
            }
        }
        send(exchange, StatusCodes.OK, "application/json", json.append(']').toString());
    }

    private static void send(
        final HttpServerExchange exchange, final int status, final String contentType, final String body)
    {
        send(exchange, status, contentType, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static void send(
        final HttpServerExchange exchange, final int status, final String contentType, final ByteBuffer body)
    {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(body);
    }
}
