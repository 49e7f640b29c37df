package io.tickgate.gateway;

import io.tickgate.gateway.publisher.Publisher;
import io.tickgate.codec.SymbolTable;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;

import java.util.function.Supplier;

/**
 * The HTTP side of the port: {@code /stream} (WebSocket), {@code /health}, {@code /metrics}, {@code /api/symbols}
 * and the dashboard's static files at {@code /}.
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
        final Supplier<String> metricsText)
    {
        final ResourceHandler dashboard = new ResourceHandler(
            new ClassPathResourceManager(HttpRoutes.class.getClassLoader(), "web"))
            .setWelcomeFiles("index.html")
            .setCacheTime(60);

        // every route but the WebSocket handshake is plain HTTP, behind the connection cap
        return Handlers.path(cap.wrap(dashboard))
            .addExactPath("/stream", origins.wrap(stream.handshake()))
            .addExactPath("/health", cap.wrap(getOnly(exchange -> health(exchange, health.evaluate()))))
            .addExactPath("/metrics", cap.wrap(getOnly(exchange -> send(exchange, StatusCodes.OK,
                "text/plain; version=0.0.4; charset=utf-8", metricsText.get()))))
            .addExactPath("/api/symbols", cap.wrap(getOnly(exchange -> symbols(exchange, publisher.symbols()))));
    }

    private static HttpHandler getOnly(final HttpHandler handler)
    {
        return exchange ->
        {
            if (!Methods.GET.equals(exchange.getRequestMethod()) && !Methods.HEAD.equals(exchange.getRequestMethod()))
            {
                exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
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

    private static void symbols(final HttpServerExchange exchange, final SymbolTable symbols)
    {
        final int count = symbols.count();
        final StringBuilder json = new StringBuilder(count * 8 + 2).append('[');
        for (int id = 0; id < count; id++)
        {
            if (id > 0)
            {
                json.append(',');
            }
            // symbols are validated ASCII without quotes or backslashes, so no escaping is needed
            json.append('"').append(symbols.name(id)).append('"');
        }
        send(exchange, StatusCodes.OK, "application/json", json.append(']').toString());
    }

    private static void send(
        final HttpServerExchange exchange, final int status, final String contentType, final String body)
    {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(body);
    }
}
