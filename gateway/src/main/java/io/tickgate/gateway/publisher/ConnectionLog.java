package io.tickgate.gateway.publisher;

import io.tickgate.feed.LogRate;
import io.tickgate.gateway.ws.Frames;
import org.agrona.concurrent.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import java.util.concurrent.TimeUnit;

/**
 * The log lines of a WebSocket connection's life, logger {@code io.tickgate.gateway.connections}: {@code connect},
 * {@code disconnect} and {@code cut_off}, each a short message with the details as key/values (a JSON log line has
 * them as fields). At most {@link #LINES_PER_SECOND} a second ({@link LogRate}): a reconnect storm must not flood
 * the log; a line after some were held back says how many ({@code held_back}).
 * <p>
 * Connects and disconnects are logged on the connection's IO thread, never on the publisher's. A cut-off is logged
 * where it is decided: the slow-consumer and expired-token ones on the publisher thread, once per connection at most
 * and within the rate, so the publisher's fan-out never formats or allocates for a log line.
 * <b>Note:</b> threadsafe.
 */
public final class ConnectionLog
{
    /** Lines per second, all three kinds together. */
    public static final int LINES_PER_SECOND = 50;
    private static final Logger LOG = LoggerFactory.getLogger("io.tickgate.gateway.connections");

    private final LogRate rate;

    ConnectionLog(final NanoClock clock)
    {
        this.rate = new LogRate(LINES_PER_SECOND, clock);
    }

    /**
     * A client is connected (after its handshake).
     */
    public void connected(final Session session)
    {
        final LoggingEventBuilder line = line("connect", session);
        if (null != line)
        {
            line.addKeyValue("format", session.isBinary() ? "binary" : "json").log();
        }
    }

    /**
     * A client's socket is closed, by whoever.
     *
     * @param connectedNs when it connected, on the clock of {@code nowNs}.
     * @param nowNs       now.
     */
    public void disconnected(final Session session, final long connectedNs, final long nowNs)
    {
        final LoggingEventBuilder line = line("disconnect", session);
        if (null != line)
        {
            final SessionTrace trace = session.trace();
            line.addKeyValue("code", trace.closeCode())
                .addKeyValue("reason", trace.closeReason())
                .addKeyValue("closed_by", SessionTrace.CLOSE_LOST == trace.closeCode() ? "network" :
                    Frames.CLOSE_NORMAL == trace.closeCode() ? "client" : "gateway")
                .addKeyValue("duration_ms", TimeUnit.NANOSECONDS.toMillis(nowNs - connectedNs))
                .addKeyValue("bytes_sent", trace.bytesSent())
                .log();
        }
    }

    /**
     * The gateway gave up on a client.
     *
     * @param why    the cut-off's metric label ({@code slow_consumer}, {@code token_expired}, ...).
     * @param code   the close code it gets.
     * @param detail what happened, for the operator.
     */
    public void cutOff(final Session session, final String why, final int code, final String detail)
    {
        final LoggingEventBuilder line = line("cut_off", session);
        if (null != line)
        {
            line.addKeyValue("why", why).addKeyValue("code", code).addKeyValue("detail", detail).log();
        }
    }

    private LoggingEventBuilder line(final String event, final Session session)
    {
        if (!LOG.isInfoEnabled())
        {
            return null;
        }
        final long heldBack = rate.tryAcquire();
        if (LogRate.DENIED == heldBack)
        {
            return null;
        }
        final LoggingEventBuilder line = LOG.atInfo().setMessage(event)
            .addKeyValue("remote", session.remoteAddress())
            .addKeyValue("session", session.trace().id())
            .addKeyValue("sub", session.grant().who());
        return heldBack > 0 ? line.addKeyValue("held_back", heldBack) : line;
    }
}
