package io.tickgate.gateway.publisher;

import io.tickgate.gateway.ErrorCode;
import io.tickgate.gateway.security.RefusalLog;
import org.agrona.concurrent.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Tells a client which of its symbols (or its replay) its token does not allow: one {@code NOT_ENTITLED} error
 * listing them, counted ({@code tickgate_auth_refused_total{reason="not_entitled"}} counts these errors) and logged,
 * rate limited, with the client's address and the token's {@code sub}. Symbols outside the token's patterns are
 * refused whether the journal has them or not, so a client cannot learn which symbols exist beyond its own.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class NotEntitled
{
    private static final Logger LOG = LoggerFactory.getLogger(NotEntitled.class);
    private static final int LOG_LINES_PER_SECOND = 5;
    private static final int LOGGED_SYMBOLS = 8;

    private final Outbound outbound;
    private final RefusalLog log;

    NotEntitled(final Outbound outbound, final NanoClock clock)
    {
        this.outbound = outbound;
        this.log = new RefusalLog(LOG::info, clock, LOG_LINES_PER_SECOND);
    }

    /**
     * @param names the symbols refused; nothing is sent when empty.
     */
    void send(final Session session, final String message, final List<String> names, final String idJson)
    {
        if (names.isEmpty())
        {
            return;
        }
        outbound.sendError(session, ErrorCode.NOT_ENTITLED, message, names, idJson);
        log.refused("not_entitled", session.remoteAddress(), session.grant().who(), message + ": " +
            (names.size() <= LOGGED_SYMBOLS ? names : names.subList(0, LOGGED_SYMBOLS) + " and " +
            (names.size() - LOGGED_SYMBOLS) + " more"));
    }
}
