package io.tickgate.gateway.hostile;

import io.tickgate.testing.Await;
import io.tickgate.testing.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The client every hostile case is measured against: a real WebSocket client (the JDK's, which answers pings by
 * itself) subscribed to one symbol in full mode that reads everything at once. It keeps no messages, only what
 * it checks — each tick's seq is the previous one's plus one, from the snapshot on — and the worst latency
 * (the tick's wall-clock {@code ts}, stamped by the feed in this JVM, to its arrival) since it was last asked.
 */
final class PoliteClient implements WebSocket.Listener, AutoCloseable
{
    private final HttpClient http = HttpClient.newHttpClient();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;
    private volatile long lastSeq;
    private volatile long ticks;
    private volatile long maxLatencyMicros;
    private volatile String problem;

    PoliteClient(final int port, final String symbol)
    {
        socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
            .buildAsync(URI.create("ws://127.0.0.1:" + port + "/stream"), this).join();
        socket.sendText("{\"op\":\"subscribe\",\"symbols\":[\"" + symbol + "\"],\"mode\":\"full\"}", true).join();
        Await.until(() -> lastSeq > 0 || null != problem, () -> "the polite client's snapshot");
    }

    /**
     * Wait, with a deadline, until the client has this seq, and check it saw every one on the way.
     *
     * @throws AssertionError on a gap, a close, or the deadline.
     */
    void awaitSeq(final long seq)
    {
        Await.until(() -> lastSeq >= seq || null != problem,
            () -> "the polite client at seq " + seq + ", it has " + lastSeq);
        if (null != problem)
        {
            throw new AssertionError("the polite client: " + problem);
        }
    }

    long ticks()
    {
        return ticks;
    }

    /**
     * @return the worst latency since the last call, in microseconds; starts a new window.
     */
    long takeMaxLatencyMicros()
    {
        final long max = maxLatencyMicros;
        maxLatencyMicros = 0;
        return max;
    }

    public void onOpen(final WebSocket webSocket)
    {
        webSocket.request(1);
    }

    public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
    {
        partial.append(data);
        if (last)
        {
            final long nowMicros = System.currentTimeMillis() * 1000;
            for (final Object message : (List<?>)Json.parse(partial.toString()))
            {
                onMessage((Map<?, ?>)message, nowMicros);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
    {
        problem = "closed by the gateway: " + statusCode + " " + reason;
        return null;
    }

    public void onError(final WebSocket webSocket, final Throwable error)
    {
        problem = "error " + error;
    }

    public void close()
    {
        socket.abort();
    }

    private void onMessage(final Map<?, ?> message, final long nowMicros)
    {
        final Object type = message.get("type");
        if ("snapshot".equals(type))
        {
            lastSeq = (Long)message.get("seq");
        }
        else if ("tick".equals(type))
        {
            final long seq = (Long)message.get("seq");
            if (seq != lastSeq + 1 && null == problem)
            {
                problem = "gap: seq " + seq + " after " + lastSeq;
            }
            lastSeq = seq;
            ticks++;
            maxLatencyMicros = Math.max(maxLatencyMicros, nowMicros - (Long)message.get("ts"));
        }
        else if ("error".equals(type))
        {
            problem = "error " + message;
        }
    }
}
