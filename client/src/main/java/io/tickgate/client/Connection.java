package io.tickgate.client;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket to the gateway: feeds its frames to the decoders (assembling a binary message the JDK delivers in
 * parts), sends commands one at a time, and watches that something arrives at least every few heartbeats. How it ends
 * is reported once to the {@link Connector}; after that, it ignores whatever the JDK still delivers.
 * <b>Note:</b> every callback takes the client's lock; the other methods are called with it held.
 */
final class Connection implements WebSocket.Listener
{
    private final Connector connector;
    private final Object lock;
    private final ScheduledExecutorService timer;
    private final Dispatcher dispatcher;
    private final long defaultHeartbeatMs;
    private final JsonFrameDecoder json;
    private final BinaryFrameDecoder binary;
    private final ArrayDeque<String> outbox = new ArrayDeque<>();
    private final MessageAssembler partial = new MessageAssembler();
    private WebSocket webSocket;
    private boolean welcomed;
    private boolean dead;
    private boolean sending;
    private long lastReceiveNanos = System.nanoTime();
    private ScheduledFuture<?> watch;

    Connection(
        final Connector connector,
        final Object lock,
        final ScheduledExecutorService timer,
        final SymbolRegistry registry,
        final Dispatcher dispatcher,
        final long defaultHeartbeatMs)
    {
        this.connector = connector;
        this.lock = lock;
        this.timer = timer;
        this.dispatcher = dispatcher;
        this.defaultHeartbeatMs = defaultHeartbeatMs;
        this.json = new JsonFrameDecoder(registry, dispatcher);
        this.binary = new BinaryFrameDecoder(registry, dispatcher);
    }

    public void onOpen(final WebSocket webSocket)
    {
        synchronized (lock)
        {
            this.webSocket = webSocket;
            lastReceiveNanos = System.nanoTime();
            if (dead)
            {
                webSocket.abort();
                return;
            }
            startWatch(defaultHeartbeatMs);
        }
        webSocket.request(1);
    }

    public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
    {
        synchronized (lock)
        {
            if (dead)
            {
                return null;
            }
            lastReceiveNanos = System.nanoTime();
            dispatcher.decoding(this);
            if (!json.onText(data, last))
            {
                connector.lost(this, TickgateClient.CLOSE_PROTOCOL_ERROR, "malformed JSON frame: " + json.failure());
                return null;
            }
        }
        webSocket.request(1);
        return null;
    }

    public CompletionStage<?> onBinary(final WebSocket webSocket, final ByteBuffer data, final boolean last)
    {
        synchronized (lock)
        {
            if (dead)
            {
                return null;
            }
            lastReceiveNanos = System.nanoTime();
            dispatcher.decoding(this);
            final boolean ok;
            if (last && partial.isEmpty())
            {
                ok = binary.onFrame(data, data.position(), data.remaining());
            }
            else if (!partial.append(data))
            {
                connector.lost(this, TickgateClient.CLOSE_PROTOCOL_ERROR,
                    "binary message over " + MessageAssembler.MAX_MESSAGE_BYTES + " bytes");
                return null;
            }
            else
            {
                ok = !last || binary.onFrame(partial.buffer(), 0, partial.take());
            }
            if (!ok)
            {
                connector.lost(this, TickgateClient.CLOSE_PROTOCOL_ERROR, "malformed binary frame");
                return null;
            }
        }
        webSocket.request(1);
        return null;
    }

    public CompletionStage<?> onPing(final WebSocket webSocket, final ByteBuffer message)
    {
        synchronized (lock)
        {
            lastReceiveNanos = System.nanoTime();
        }
        webSocket.request(1);
        return null;
    }

    public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
    {
        synchronized (lock)
        {
            connector.lost(this, statusCode, reason);
        }
        return null;
    }

    public void onError(final WebSocket webSocket, final Throwable error)
    {
        synchronized (lock)
        {
            connector.lost(this, TickgateClient.CLOSE_ABNORMAL, String.valueOf(error));
        }
    }

    /**
     * Queue a command; WebSocket allows one send in flight, so they go one after another.
     *
     * @param command the command's JSON.
     */
    void send(final String command)
    {
        outbox.add(command);
        pump();
    }

    /**
     * The gateway's welcome arrived: commands may be sent, and the heartbeat watch follows the gateway's interval.
     *
     * @param heartbeatMs the gateway's heartbeat interval.
     */
    void welcomed(final long heartbeatMs)
    {
        welcomed = true;
        connector.welcomed();
        startWatch(heartbeatMs);
    }

    /**
     * The gateway drains: leave it for the next URL after {@code reconnectAfterMs}.
     */
    void draining(final long reconnectAfterMs)
    {
        connector.moveLater(this, reconnectAfterMs);
    }

    boolean isWelcomed()
    {
        return welcomed;
    }

    boolean isDead()
    {
        return dead;
    }

    /**
     * Mark it dead and stop its watch; the socket is left as it is.
     *
     * @return false when it was dead already.
     */
    boolean stop()
    {
        if (dead)
        {
            return false;
        }
        dead = true;
        stopWatch();
        return true;
    }

    /**
     * Drop the socket at once, without a close handshake.
     */
    void abort()
    {
        if (null != webSocket)
        {
            webSocket.abort();
        }
    }

    /**
     * Close the socket with 1000, and drop it after the gateway's answer or a second, whichever comes first.
     *
     * @return false when the socket was never opened.
     */
    boolean closeNormally()
    {
        final WebSocket webSocket;
        synchronized (lock)
        {
            webSocket = this.webSocket;
        }
        if (null == webSocket)
        {
            return false;
        }
        webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "client closed")
            .orTimeout(1, TimeUnit.SECONDS)
            .whenComplete((ws, ex) -> webSocket.abort());
        return true;
    }

    private void pump()
    {
        if (sending || dead || null == webSocket || outbox.isEmpty())
        {
            return;
        }
        sending = true;
        webSocket.sendText(outbox.poll(), true).whenComplete((ws, ex) ->
        {
            synchronized (lock)
            {
                sending = false;
                if (null != ex)
                {
                    connector.lost(this, TickgateClient.CLOSE_ABNORMAL, "send failed: " + ex);
                }
                else
                {
                    pump();
                }
            }
        });
    }

    private void startWatch(final long heartbeatMs)
    {
        stopWatch();
        final long timeoutNs = TimeUnit.MILLISECONDS.toNanos(heartbeatMs * TickgateClient.HEARTBEAT_TIMEOUT_MULTIPLE);
        final long periodMs = Math.max(5, Math.min(1_000, heartbeatMs / 2));
        try
        {
            watch = timer.scheduleWithFixedDelay(() ->
            {
                synchronized (lock)
                {
                    final long silentNs = System.nanoTime() - lastReceiveNanos;
                    if (!dead && silentNs > timeoutNs)
                    {
                        connector.lost(this, TickgateClient.CLOSE_ABNORMAL, "heartbeat timeout: nothing received for " +
                            TimeUnit.NANOSECONDS.toMillis(silentNs) + " ms (heartbeatMs " + heartbeatMs + ")");
                    }
                }
            }, periodMs, periodMs, TimeUnit.MILLISECONDS);
        }
        catch (final RuntimeException ignore)
        {
            // the timer is shut down: the client is closing
        }
    }

    private void stopWatch()
    {
        if (null != watch)
        {
            watch.cancel(false);
            watch = null;
        }
    }
}
