package io.tickgate.gateway.ws;

import io.tickgate.gateway.security.Grant;
import io.undertow.server.HttpServerExchange;

/**
 * What the client of a WebSocket handshake is granted (its symbols, its delay, ...), decided on the IO thread from
 * the upgrade request before the connection's session is made; the session holds it for its life.
 */
@FunctionalInterface
public interface HandshakeGrants
{
    /** Everything, in real time: what every client gets when the gateway checks no tokens. */
    HandshakeGrants OPEN = exchange -> Grant.OPEN;

    /**
     * @param exchange the upgrade request.
     * @return the client's grant.
     */
    Grant grant(HttpServerExchange exchange);
}
