package io.tickgate.gateway;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cap on the plain-HTTP connections open at once (dashboard files, {@code /health}, {@code /metrics}, the API): a
 * connection is counted at its first request until it closes, and a connection whose first request finds the cap
 * reached is answered 503 and closed, counted. WebSocket handshakes ({@code /stream}) do not come through here:
 * WebSockets have their own limit ({@code --max-connections}). A connection that sends nothing is not counted; the
 * request-parse timeout closes it.
 * <b>Note:</b> threadsafe; runs on the IO threads.
 */
final class HttpConnectionCap
{
    private static final AttachmentKey<Boolean> COUNTED = AttachmentKey.create(Boolean.class);

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();

    HttpConnectionCap(final int max)
    {
        this.max = max;
    }

    /**
     * @return the handler, behind the cap.
     */
    HttpHandler wrap(final HttpHandler next)
    {
        return exchange ->
        {
            if (admit(exchange))
            {
                next.handleRequest(exchange);
            }
        };
    }

    private boolean admit(final HttpServerExchange exchange)
    {
        final ServerConnection connection = exchange.getConnection();
        if (null != connection.getAttachment(COUNTED))
        {
            return true;
        }
        if (open.incrementAndGet() > max)
        {
            open.decrementAndGet();
            refused.incrementAndGet();
            exchange.setPersistent(false);
            exchange.setStatusCode(StatusCodes.SERVICE_UNAVAILABLE);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
            exchange.getResponseSender().send("too many HTTP connections, retry\n");
            return false;
        }
        connection.putAttachment(COUNTED, Boolean.TRUE);
        connection.addCloseListener(closed -> open.decrementAndGet());
        return true;
    }

    /**
     * @return plain-HTTP connections open now.
     */
    int open()
    {
        return open.get();
    }

    /**
     * @return connections refused at the cap since start.
     */
    long refused()
    {
        return refused.get();
    }
}
