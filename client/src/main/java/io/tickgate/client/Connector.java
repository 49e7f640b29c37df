package io.tickgate.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one {@link Connection} to a gateway until closed: opens it, and whenever it is lost (closed, failed, or
 * silent) reports that and opens the next, to the next URL of the list (round robin), after a backoff delay; when its
 * gateway drains, it moves to the next URL at the time the gateway said. Its timer thread runs those delays, the
 * connections' heartbeat watches and token refreshes. A handshake refused with 401 stops it for good unless the
 * token supplier comes up with another token ({@link Authenticator}). <b>Note:</b> {@link #lost}, {@link #welcomed}
 * and the accessors are called under the client's lock; {@link #connect()} and {@link #close()} take it themselves.
 */
final class Connector
{
    private static final JsonFactory JSON = new JsonFactory();

    private final TickgateClient.Context ctx;
    private final Object lock;
    private final SymbolRegistry registry;
    private final Dispatcher dispatcher;
    private final ClientListener listener;
    private final Authenticator authenticator;
    private final Backoff backoff;
    private final ScheduledExecutorService timer;
    private Connection current;
    private boolean closed;
    private String failure;
    private int attempt;
    private long connections;
    /** The URL the next connection goes to: each lost connection moves on to the next of the list. */
    private int uriIndex;

    Connector(
        final TickgateClient.Context ctx,
        final Object lock,
        final ScheduledExecutorService timer,
        final SymbolRegistry registry,
        final Dispatcher dispatcher,
        final Authenticator authenticator)
    {
        this.ctx = ctx;
        this.lock = lock;
        this.timer = timer;
        this.registry = registry;
        this.dispatcher = dispatcher;
        this.authenticator = authenticator;
        this.listener = ctx.clientListener();
        this.backoff = new Backoff(ctx.reconnectBaseMs(), ctx.reconnectMaxMs());
    }

    /**
     * @return the client's one timer thread, a daemon.
     */
    static ScheduledExecutorService newTimer()
    {
        return Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "tickgate-client-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Open a connection unless one is open or the client is closed. A failed connect counts as a lost connection.
     */
    void connect()
    {
        final Connection connection;
        synchronized (lock)
        {
            if (stopped() || null != current)
            {
                return;
            }
            connection = new Connection(this, lock, timer, registry, dispatcher, ctx.defaultHeartbeatMs());
            current = connection;
        }
        final String token;
        try
        {
            token = authenticator.nextHandshakeToken();
        }
        catch (final IllegalStateException ex)
        {
            synchronized (lock)
            {
                lost(connection, TickgateClient.CLOSE_ABNORMAL, ex.getMessage());
            }
            return;
        }
        final URI uri;
        synchronized (lock)
        {
            if (authenticator.refusedBefore(token))
            {
                drop(connection);
                fail("the gateway refused the token and the token supplier has no other");
                return;
            }
            uri = ctx.uris().get(uriIndex);
        }
        final WebSocket.Builder builder = ctx.httpClient().newWebSocketBuilder()
            .connectTimeout(Duration.ofMillis(ctx.connectTimeoutMs()));
        if (null != token)
        {
            builder.header("Authorization", "Bearer " + token);
        }
        builder.buildAsync(uri, connection)
            .whenComplete((webSocket, ex) ->
            {
                synchronized (lock)
                {
                    if (null != ex)
                    {
                        failed(connection, token, null != ex.getCause() ? ex.getCause() : ex);
                    }
                    else if (connection.isDead())
                    {
                        webSocket.abort();
                    }
                }
            });
    }

    /**
     * A connection ended: drop it, report it, and schedule the next. Only its first end counts.
     *
     * @param connection the connection.
     * @param code       the close code, or {@link TickgateClient#CLOSE_ABNORMAL} when there was no close frame.
     * @param reason     why.
     */
    void lost(final Connection connection, final int code, final String reason)
    {
        if (lostNow(connection, code, reason) && !stopped())
        {
            reconnectLater();
        }
    }

    /**
     * @return why the client stopped on its own, or null.
     */
    String failure()
    {
        return failure;
    }

    private void failed(final Connection connection, final String token, final Throwable cause)
    {
        final int status = cause instanceof WebSocketHandshakeException handshake ?
            handshake.getResponse().statusCode() : 0;
        if (401 != status)
        {
            lost(connection, TickgateClient.CLOSE_ABNORMAL, "connect failed: " + cause);
            return;
        }
        final String refusal = "handshake refused (HTTP 401): " +
            messageOf(((WebSocketHandshakeException)cause).getResponse());
        if (lostNow(connection, TickgateClient.CLOSE_ABNORMAL, refusal) && !stopped())
        {
            if (authenticator.onHandshakeRefused(token))
            {
                reconnectLater(); // the supplier may have a new token by then; the same one again ends it
            }
            else
            {
                fail(refusal);
            }
        }
    }

    private boolean lostNow(final Connection connection, final int code, final String reason)
    {
        if (!drop(connection))
        {
            return false;
        }
        uriIndex = (uriIndex + 1) % ctx.uris().size();
        dispatcher.onDisconnected();
        listener.onDisconnected(code, reason);
        return true;
    }

    private boolean drop(final Connection connection)
    {
        if (!connection.stop())
        {
            return false;
        }
        connection.abort();
        if (connection != current)
        {
            return false;
        }
        current = null;
        return true;
    }

    private void fail(final String reason)
    {
        failure = reason;
        listener.onError("UNAUTHORIZED", reason, List.of());
    }

    /**
     * @return the {@code message} of the gateway's JSON answer ({@code {"error":"UNAUTHORIZED","message":...}}), else
     * the start of whatever the body was.
     */
    static String messageOf(final HttpResponse<?> response)
    {
        final String body = null == response.body() ? "" : response.body().toString();
        try (JsonParser parser = JSON.createParser(body))
        {
            if (JsonToken.START_OBJECT == parser.nextToken())
            {
                while (JsonToken.FIELD_NAME == parser.nextToken())
                {
                    final String name = parser.currentName();
                    if (JsonToken.VALUE_STRING == parser.nextToken() && "message".equals(name))
                    {
                        return parser.getText();
                    }
                    parser.skipChildren();
                }
            }
        }
        catch (final IOException ex)
        {
            // not the gateway's JSON (a proxy's page): show its start
        }
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }

    /**
     * The gateway of this connection drains: after {@code delayMs} (the gateway spreads its clients' delays), leave
     * it and connect to the next URL at once, unless the connection ended meanwhile (then it reconnects as any lost
     * one does).
     */
    void moveLater(final Connection connection, final long delayMs)
    {
        try
        {
            timer.schedule(() ->
            {
                synchronized (lock)
                {
                    if (lostNow(connection, WebSocket.NORMAL_CLOSURE, "left a draining gateway") && !stopped())
                    {
                        attempt++;
                        connectAfter(0);
                    }
                }
            }, delayMs, TimeUnit.MILLISECONDS);
        }
        catch (final RuntimeException ignore)
        {
            // the timer is shut down: the client is closing
        }
    }

    private void reconnectLater()
    {
        attempt++;
        connectAfter(backoff.delayMs(attempt));
    }

    private void connectAfter(final long delayMs)
    {
        listener.onReconnecting(attempt, delayMs);
        try
        {
            timer.schedule(this::connect, delayMs, TimeUnit.MILLISECONDS);
        }
        catch (final RuntimeException ignore)
        {
            // the timer is shut down: the client is closing
        }
    }

    private boolean stopped()
    {
        return closed || null != failure;
    }

    /**
     * The current connection was welcomed: count it, and start the backoff afresh.
     */
    void welcomed()
    {
        connections++;
        attempt = 0;
    }

    /**
     * @return the connection commands can be sent on now, or null while there is none.
     */
    Connection welcomedConnection()
    {
        return null != current && current.isWelcomed() ? current : null;
    }

    /**
     * @return connections welcomed so far, the first included.
     */
    long connections()
    {
        return connections;
    }

    /**
     * Close the connection (code 1000) and stop reconnecting. Idempotent.
     */
    void close()
    {
        final Connection connection;
        synchronized (lock)
        {
            if (closed)
            {
                return;
            }
            closed = true;
            connection = current;
            current = null;
            if (null != connection)
            {
                connection.stop();
            }
        }
        timer.shutdownNow();
        if (null != connection && connection.closeNormally())
        {
            synchronized (lock)
            {
                listener.onDisconnected(WebSocket.NORMAL_CLOSURE, "closed by client");
            }
        }
    }
}
