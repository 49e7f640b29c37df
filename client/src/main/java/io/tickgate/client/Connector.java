package io.tickgate.client;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one {@link Connection} to the gateway until closed: opens it, and whenever it is lost (closed, failed, or
 * silent) reports that and opens the next after a backoff delay. Its timer thread runs those delays and the
 * connections' heartbeat watches. <b>Note:</b> {@link #lost}, {@link #welcomed} and the accessors are called under the
 * client's lock; {@link #connect()} and {@link #close()} take it themselves.
 */
final class Connector
{
    private final TickgateClient.Context ctx;
    private final Object lock;
    private final SymbolRegistry registry;
    private final Dispatcher dispatcher;
    private final ClientListener listener;
    private final Backoff backoff;
    private final ScheduledExecutorService timer;
    private Connection current;
    private boolean closed;
    private int attempt;
    private long connections;

    Connector(
        final TickgateClient.Context ctx, final Object lock, final SymbolRegistry registry, final Dispatcher dispatcher)
    {
        this.ctx = ctx;
        this.lock = lock;
        this.registry = registry;
        this.dispatcher = dispatcher;
        this.listener = ctx.clientListener();
        this.backoff = new Backoff(ctx.reconnectBaseMs(), ctx.reconnectMaxMs());
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable ->
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
            if (closed || null != current)
            {
                return;
            }
            connection = new Connection(this, lock, timer, registry, dispatcher, ctx.defaultHeartbeatMs());
            current = connection;
        }
        ctx.httpClient().newWebSocketBuilder()
            .connectTimeout(Duration.ofMillis(ctx.connectTimeoutMs()))
            .buildAsync(ctx.uri(), connection)
            .whenComplete((webSocket, ex) ->
            {
                synchronized (lock)
                {
                    if (null != ex)
                    {
                        final Throwable cause = null != ex.getCause() ? ex.getCause() : ex;
                        lost(connection, TickgateClient.CLOSE_ABNORMAL, "connect failed: " + cause);
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
        if (!connection.stop())
        {
            return;
        }
        connection.abort();
        if (connection != current)
        {
            return;
        }
        current = null;
        dispatcher.onDisconnected();
        listener.onDisconnected(code, reason);
        if (!closed)
        {
            attempt++;
            final long delayMs = backoff.delayMs(attempt);
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
