package io.tickgate.gateway;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;

import java.util.function.BooleanSupplier;

/**
 * The HTTP side of a drain. {@code POST /admin/drain} starts one, as SIGTERM does, without ending the process: with
 * authentication on it takes an admin token (as {@code /metrics}); without, only a request from a loopback address,
 * since anyone who reaches the port could otherwise take the gateway out of service. While a drain runs, a WebSocket
 * handshake is answered 503 with {@code Retry-After} instead of the upgrade: the listener stays open so that load
 * balancers can still read {@code /health}.
 * <b>Note:</b> threadsafe; runs on the IO and worker threads.
 */
final class DrainEndpoint
{
    private final TokenCheck tokens;
    private final BooleanSupplier drain;
    private final BooleanSupplier draining;
    private final long drainMs;

    /**
     * @param drain    starts the drain; true for the call that started it.
     * @param draining true once a drain has started.
     */
    DrainEndpoint(
        final TokenCheck tokens, final BooleanSupplier drain, final BooleanSupplier draining, final long drainMs)
    {
        this.tokens = tokens;
        this.drain = drain;
        this.draining = draining;
        this.drainMs = drainMs;
    }

    /**
     * {@code POST /admin/drain}: 202 with {@code {"status":"draining","drainMs":N,"started":B}}, {@code started}
     * false when a drain was already running; 401/403 for a request that may not.
     */
    void admin(final HttpServerExchange exchange)
    {
        if (!tokens.isOn() && !exchange.getSourceAddress().getAddress().isLoopbackAddress())
        {
            TokenCheck.answer(exchange, StatusCodes.FORBIDDEN, "FORBIDDEN",
                "without authentication /admin/drain is taken from a loopback address only");
            return;
        }
        if (tokens.admitAdmin(exchange, "drain the gateway"))
        {
            final boolean started = drain.getAsBoolean();
            exchange.setStatusCode(StatusCodes.ACCEPTED);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
            exchange.getResponseSender().send("{\"status\":\"draining\",\"drainMs\":" + drainMs + ",\"started\":" +
                started + "}");
        }
    }

    /**
     * @return the WebSocket handshake, refused with 503 while draining.
     */
    HttpHandler guard(final HttpHandler handshake)
    {
        return exchange ->
        {
            if (draining.getAsBoolean())
            {
                // seconds, rounded up: by then this gateway is gone or back, and a balancer sends the client elsewhere
                exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Math.max(1, (drainMs + 999) / 1000));
                TokenCheck.answer(exchange, StatusCodes.SERVICE_UNAVAILABLE, "DRAINING",
                    "the gateway is draining: connect to another one");
                return;
            }
            handshake.handleRequest(exchange);
        };
    }
}
