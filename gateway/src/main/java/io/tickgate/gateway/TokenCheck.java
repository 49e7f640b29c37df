package io.tickgate.gateway;

import io.tickgate.gateway.security.Grant;
import io.tickgate.gateway.security.RefusalLog;
import io.tickgate.gateway.security.TokenRejectedException;
import io.tickgate.gateway.security.TokenVerifier;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import org.agrona.concurrent.EpochNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Deque;

/**
 * Where a client's token is checked when authentication is on: on the WebSocket handshake, on the HTTP endpoints that
 * need one, and in a refresh ({@code op:auth}). A token comes as {@code Authorization: Bearer TOKEN} or, where
 * browsers cannot set headers, as the query parameter {@code access_token}. Every refusal is counted by reason and
 * logged (rate limited) with the client's address.
 * <b>Note:</b> threadsafe; runs on the IO and worker threads, never on the publisher's.
 */
final class TokenCheck
{
    static final String QUERY_PARAMETER = "access_token";
    private static final Logger LOG = LoggerFactory.getLogger(TokenCheck.class);
    private static final String BEARER = "bearer ";
    private static final int LOG_LINES_PER_SECOND = 5;

    private final TokenVerifier verifier;
    private final GatewayMetrics metrics;
    private final EpochNanoClock epochClock;
    private final RefusalLog log;

    TokenCheck(final GatewayContext ctx, final GatewayMetrics metrics)
    {
        this.verifier = ctx.tokenVerifier();
        this.metrics = metrics;
        this.epochClock = ctx.epochClock();
        this.log = new RefusalLog(LOG::info, ctx.nanoClock(), LOG_LINES_PER_SECOND);
    }

    /**
     * @return true when clients need a token.
     */
    boolean isOn()
    {
        return null != verifier;
    }

    /**
     * Check the request's token; without one, or with a bad one, answer 401 and end the exchange.
     *
     * @param queryAllowed whether {@code access_token} may carry it ({@code /metrics} takes the header only).
     * @return the grant, or null when the exchange was answered 401.
     */
    Grant authenticate(final HttpServerExchange exchange, final boolean queryAllowed)
    {
        final String token = token(exchange, queryAllowed);
        if (null == token)
        {
            refuse(GatewayMetrics.AuthRefused.NO_TOKEN, exchange.getSourceAddress(), "-", "no token");
            unauthorized(exchange, queryAllowed ? "a token is needed (Authorization: Bearer TOKEN or ?access_token=)" :
                "a token is needed (Authorization: Bearer TOKEN)");
            return null;
        }
        try
        {
            return verify(token, exchange.getSourceAddress());
        }
        catch (final TokenRejectedException ex)
        {
            unauthorized(exchange, ex.getMessage());
            return null;
        }
    }

    /**
     * Check a token; a refusal is counted ({@code expired} or {@code bad_token}) and logged.
     *
     * @param from the client's address, for the log.
     */
    Grant verify(final String token, final Object from) throws TokenRejectedException
    {
        try
        {
            return verifier.verify(token, epochClock.nanoTime() / 1_000_000_000L);
        }
        catch (final TokenRejectedException ex)
        {
            refuse(ex.isExpired() ? GatewayMetrics.AuthRefused.EXPIRED : GatewayMetrics.AuthRefused.BAD_TOKEN, from,
                "-", ex.getMessage());
            throw ex;
        }
    }

    /**
     * Count and log a refusal.
     */
    /**
     * For the admin routes ({@code /metrics}, {@code /admin/drain}): with authentication on, only a token with
     * {@code admin: true} sent as {@code Authorization: Bearer}, the way Prometheus sends its
     * {@code bearer_token_file}; any other request is answered here, 401 or 403.
     *
     * @param what what the token may not do, for the 403's message, e.g. {@code read /metrics}.
     * @return true when the request may go on (always, with authentication off).
     */
    boolean admitAdmin(final HttpServerExchange exchange, final String what)
    {
        if (!isOn())
        {
            return true;
        }
        final Grant grant = authenticate(exchange, false);
        if (null == grant)
        {
            return false;
        }
        if (!grant.admin())
        {
            answer(exchange, StatusCodes.FORBIDDEN, "FORBIDDEN", "this token may not " + what +
                " (it needs admin: true)");
            return false;
        }
        return true;
    }

    void refuse(final GatewayMetrics.AuthRefused reason, final Object from, final String subject, final String detail)
    {
        metrics.authRefused(reason);
        log.refused(reason.label(), from, subject, detail);
    }

    /**
     * Answer with a JSON error body {@code {"error":E,"message":M}}; the message is the gateway's own text.
     */
    static void answer(final HttpServerExchange exchange, final int status, final String error, final String message)
    {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send("{\"error\":\"" + error + "\",\"message\":\"" + jsonText(message) + "\"}");
    }

    private static void unauthorized(final HttpServerExchange exchange, final String message)
    {
        exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
        answer(exchange, StatusCodes.UNAUTHORIZED, "UNAUTHORIZED", message);
    }

    private static String token(final HttpServerExchange exchange, final boolean queryAllowed)
    {
        final String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (null != header && header.regionMatches(true, 0, BEARER, 0, BEARER.length()))
        {
            final String token = header.substring(BEARER.length()).trim();
            return token.isEmpty() ? null : token;
        }
        if (queryAllowed)
        {
            final Deque<String> values = exchange.getQueryParameters().get(QUERY_PARAMETER);
            if (null != values && !values.isEmpty() && !values.getFirst().isEmpty())
            {
                return values.getFirst();
            }
        }
        return null;
    }

    /**
     * A message for a JSON string: quotes, backslashes and control characters replaced, since a token's faults may
     * quote it.
     */
    private static String jsonText(final String message)
    {
        final StringBuilder text = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++)
        {
            final char c = message.charAt(i);
            text.append(c == '"' || c == '\\' || c < 0x20 ? '\'' : c);
        }
        return text.toString();
    }
}
