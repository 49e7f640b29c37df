package io.tickgate.gateway;

import io.tickgate.gateway.security.Grant;
import io.tickgate.gateway.ws.WebSocketUpgrade;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;

import java.net.InetSocketAddress;

/**
 * In front of the WebSocket handshake (after the origin check): an address with its most connections open gets 429;
 * with authentication on, a handshake without a valid token gets 401 and no upgrade. Otherwise the token's
 * {@link Grant} goes on with the exchange to the session ({@link WebSocketUpgrade#GRANT}). Both cost nothing of the
 * publisher thread: the token is checked here, on the IO thread.
 * <b>Note:</b> threadsafe.
 */
final class HandshakeAuth implements HttpHandler
{
    private final TokenCheck tokens;
    private final ConnectionsPerAddress perAddress;
    private final HttpHandler next;

    HandshakeAuth(final TokenCheck tokens, final ConnectionsPerAddress perAddress, final HttpHandler next)
    {
        this.tokens = tokens;
        this.perAddress = perAddress;
        this.next = next;
    }

    public void handleRequest(final HttpServerExchange exchange) throws Exception
    {
        final InetSocketAddress from = exchange.getSourceAddress();
        if (perAddress.isFull(from.getAddress()))
        {
            tokens.refuse(GatewayMetrics.AuthRefused.PER_IP, from, "-", "too many connections from this address");
            TokenCheck.answer(exchange, StatusCodes.TOO_MANY_REQUESTS, "TOO_MANY_CONNECTIONS",
                "too many connections from this address (--max-connections-per-ip)");
            return;
        }
        if (tokens.isOn())
        {
            final Grant grant = tokens.authenticate(exchange, true);
            if (null == grant)
            {
                return;
            }
            exchange.putAttachment(WebSocketUpgrade.GRANT, grant);
        }
        next.handleRequest(exchange);
    }
}
