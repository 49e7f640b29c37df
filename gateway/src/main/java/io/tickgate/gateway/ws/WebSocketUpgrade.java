package io.tickgate.gateway.ws;

import io.tickgate.gateway.security.Grant;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import org.xnio.StreamConnection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Deque;

/**
 * The RFC 6455 opening handshake on Undertow's HTTP side: checks the request, answers 101 with the accept key and
 * the chosen subprotocol, and hands the raw connection to an {@link Acceptor} once Undertow has written the
 * response. From then on Undertow has no part in the connection: the gateway reads and writes its frames itself.
 * Nothing of the request is kept.
 */
public final class WebSocketUpgrade implements HttpHandler
{
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /**
     * Takes a connection after the handshake; called on the connection's IO thread.
     */
    @FunctionalInterface
    public interface Acceptor
    {
        /**
         * @param grant what the client is granted ({@link HandshakeGrants}).
         */
        void onUpgrade(StreamConnection connection, boolean binary, Grant grant);
    }

    private final String binarySubprotocol;
    private final HandshakeGrants grants;
    private final Acceptor acceptor;

    /**
     * @param binarySubprotocol the subprotocol that selects binary quotes, like {@code ?format=binary}.
     * @param grants            what each client is granted, from its request.
     */
    public WebSocketUpgrade(final String binarySubprotocol, final HandshakeGrants grants, final Acceptor acceptor)
    {
        this.binarySubprotocol = binarySubprotocol;
        this.grants = grants;
        this.acceptor = acceptor;
    }

    public void handleRequest(final HttpServerExchange exchange)
    {
        final HeaderMap headers = exchange.getRequestHeaders();
        if (!Methods.GET.equals(exchange.getRequestMethod()))
        {
            exchange.getResponseHeaders().put(Headers.ALLOW, "GET");
            refuse(exchange, StatusCodes.METHOD_NOT_ALLOWED, "a WebSocket handshake is a GET\n");
            return;
        }
        if (!hasToken(headers.get(Headers.UPGRADE), "websocket") ||
            !hasToken(headers.get(Headers.CONNECTION), "upgrade"))
        {
            exchange.getResponseHeaders().put(Headers.UPGRADE, "websocket");
            refuse(exchange, StatusCodes.UPGRADE_REQUIRED, "this is a WebSocket endpoint (RFC 6455)\n");
            return;
        }
        if (!"13".equals(headers.getFirst(Headers.SEC_WEB_SOCKET_VERSION)))
        {
            exchange.getResponseHeaders().put(Headers.SEC_WEB_SOCKET_VERSION, "13");
            refuse(exchange, StatusCodes.UPGRADE_REQUIRED, "WebSocket version 13 only\n");
            return;
        }
        final String key = headers.getFirst(Headers.SEC_WEB_SOCKET_KEY);
        if (!isValidKey(key))
        {
            refuse(exchange, StatusCodes.BAD_REQUEST, "Sec-WebSocket-Key must be 16 bytes in base64\n");
            return;
        }
        final boolean binarySubprotocolOffered = hasToken(headers.get(Headers.SEC_WEB_SOCKET_PROTOCOL),
            binarySubprotocol);
        final Deque<String> format = exchange.getQueryParameters().get("format");
        final boolean binary = binarySubprotocolOffered || (null != format && format.contains("binary"));

        exchange.getResponseHeaders()
            .put(Headers.UPGRADE, "websocket")
            .put(Headers.SEC_WEB_SOCKET_ACCEPT, acceptKey(key));
        if (binarySubprotocolOffered)
        {
            exchange.getResponseHeaders().put(Headers.SEC_WEB_SOCKET_PROTOCOL, binarySubprotocol);
        }
        final Grant grant = grants.grant(exchange);
        exchange.upgradeChannel((connection, upgraded) -> acceptor.onUpgrade(connection, binary, grant));
        exchange.endExchange();
    }

    /**
     * @return the {@code Sec-WebSocket-Accept} value for a client's key (RFC 6455 §4.2.2).
     */
    public static String acceptKey(final String key)
    {
        try
        {
            final MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return Base64.getEncoder().encodeToString(sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every JDK has SHA-1", ex);
        }
    }

    private static boolean isValidKey(final String key)
    {
        if (null == key)
        {
            return false;
        }
        try
        {
            return Base64.getDecoder().decode(key.trim()).length == 16;
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
    }

    /**
     * @return true when a comma-separated header (any of its lines) lists {@code token}, ignoring case.
     */
    private static boolean hasToken(final HeaderValues values, final String token)
    {
        if (null == values)
        {
            return false;
        }
        for (final String value : values)
        {
            for (final String part : value.split(","))
            {
                if (part.trim().equalsIgnoreCase(token))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static void refuse(final HttpServerExchange exchange, final int status, final String body)
    {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseSender().send(body);
    }
}
