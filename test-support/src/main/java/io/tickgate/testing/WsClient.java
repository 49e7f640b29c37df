package io.tickgate.testing;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real WebSocket client (java.net.http) for tests. It checks that every text frame is a JSON array of objects and
 * keeps every message in arrival order. With {@code autoRead} off it reads nothing until told, so the server sees a
 * slow consumer with a full TCP window.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable
{
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** One client per trust context: each HttpClient has a thread of its own. */
    private static final Map<SSLContext, HttpClient> TLS_CLIENTS = new ConcurrentHashMap<>();

    public final List<Map<String, Object>> messages = new CopyOnWriteArrayList<>();
    /**
     * When each of {@link #messages} arrived (same index), in ms since the epoch; may lag it by one entry. Not
     * copy-on-write like the messages (a second copy per message would double their cost): read it by index.
     */
    public final List<Long> receivedMillis = Collections.synchronizedList(new ArrayList<>());
    public final List<String> frameErrors = new CopyOnWriteArrayList<>();
    public final CompletableFuture<int[]> closed = new CompletableFuture<>();
    public volatile String closeReason;
    private final StringBuilder partial = new StringBuilder();
    private final BinaryFrames.Accumulator partialBinary = new BinaryFrames.Accumulator();
    private final BinaryFrames binary = new BinaryFrames();
    private volatile long binaryFrames;
    private final boolean autoRead;
    private volatile long textFrames;
    private volatile long lastSeq;
    private WebSocket socket;

    private WsClient(final boolean autoRead)
    {
        this.autoRead = autoRead;
    }

    public static WsClient connect(final int port)
    {
        return connect(port, "", true);
    }

    public static WsClient connect(final int port, final String query, final boolean autoRead)
    {
        return connect(port, query, autoRead, null);
    }

    public static WsClient connect(final int port, final String query, final boolean autoRead, final String subprotocol)
    {
        return open(HTTP, URI.create("ws://127.0.0.1:" + port + "/stream" + query), autoRead, subprotocol);
    }

    /**
     * Connect with TLS ({@code wss://127.0.0.1:PORT/stream}), trusting what {@code trust} trusts; the server's
     * certificate must name 127.0.0.1.
     */
    public static WsClient connectTls(final SSLContext trust, final int port, final String query)
    {
        return open(TLS_CLIENTS.computeIfAbsent(trust, context -> HttpClient.newBuilder().sslContext(context).build()),
            URI.create("wss://127.0.0.1:" + port + "/stream" + query), true, null);
    }

    private static WsClient open(final HttpClient http, final URI uri, final boolean autoRead, final String subprotocol)
    {
        final WsClient client = new WsClient(autoRead);
        final WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (null != subprotocol)
        {
            builder.subprotocols(subprotocol);
        }
        client.socket = builder.buildAsync(uri, client).join();
        return client;
    }

    public String subprotocol()
    {
        return socket.getSubprotocol();
    }

    public void send(final String json)
    {
        socket.sendText(json, true).join();
    }

    public void sendBinary(final byte[] bytes)
    {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    public void request(final long frames)
    {
        socket.request(frames);
    }

    public long textFrames()
    {
        return textFrames;
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
            final String text = partial.toString();
            partial.setLength(0);
            textFrames++;
            try
            {
                final Object parsed = Json.parse(text);
                if (!(parsed instanceof List) || ((List<?>)parsed).isEmpty())
                {
                    frameErrors.add("not a non-empty JSON array: " + text);
                }
                else
                {
                    for (final Object message : (List<?>)parsed)
                    {
                        if (message instanceof Map)
                        {
                            @SuppressWarnings("unchecked") final Map<String, Object> map = (Map<String, Object>)message;
                            messages.add(map);
                            receivedMillis.add(System.currentTimeMillis());
                            if (map.get("seq") instanceof Long)
                            {
                                lastSeq = (Long)map.get("seq");
                            }
                        }
                        else
                        {
                            frameErrors.add("array element is not an object: " + text);
                        }
                    }
                }
            }
            catch (final RuntimeException ex)
            {
                frameErrors.add("not JSON: " + text);
            }
        }
        if (autoRead)
        {
            webSocket.request(1);
        }
        return null;
    }

    public CompletionStage<?> onBinary(final WebSocket webSocket, final ByteBuffer data, final boolean last)
    {
        partialBinary.write(data);
        if (last)
        {
            binaryFrames++;
            try
            {
                for (final Map<String, Object> quote : binary.decode(partialBinary.take()))
                {
                    messages.add(quote);
                    receivedMillis.add(System.currentTimeMillis());
                    if (quote.get("seq") instanceof Long)
                    {
                        lastSeq = (Long)quote.get("seq");
                    }
                }
            }
            catch (final RuntimeException ex)
            {
                frameErrors.add("bad binary frame: " + ex);
            }
        }
        if (autoRead)
        {
            webSocket.request(1);
        }
        return null;
    }

    public long binaryFrames()
    {
        return binaryFrames;
    }

    public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
    {
        closeReason = reason;
        closed.complete(new int[]{ statusCode });
        return null;
    }

    public void onError(final WebSocket webSocket, final Throwable error)
    {
        closed.complete(new int[]{ -1 });
    }

    /**
     * Wait for a message matching the predicate, from the start of the stream.
     */
    public Map<String, Object> await(final Predicate<Map<String, Object>> predicate, final String what)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline)
        {
            for (final Map<String, Object> message : messages)
            {
                if (predicate.test(message))
                {
                    return message;
                }
            }
            LockSupport.parkNanos(100_000);
        }
        return fail("timed out waiting for " + what + "; closed=" + closed.getNow(null) + " " + closeReason +
            "; got " + tail());
    }

    /**
     * Wait until the last quote received has at least this seq (single-symbol streams).
     */
    public void awaitSeq(final long seq)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (lastSeq < seq)
        {
            if (System.nanoTime() > deadline || closed.isDone())
            {
                fail("timed out waiting for seq " + seq + " at " + lastSeq + "; closed=" + closed.getNow(null) +
                    " " + closeReason);
            }
            LockSupport.parkNanos(20_000);
        }
    }

    public Map<String, Object> awaitType(final String type)
    {
        return await(m -> type.equals(m.get("type")), type);
    }

    public List<Map<String, Object>> ofType(final String type)
    {
        final List<Map<String, Object>> result = new ArrayList<>();
        for (final Map<String, Object> message : messages)
        {
            if (type.equals(message.get("type")))
            {
                result.add(message);
            }
        }
        return result;
    }

    public void assertFramesWellFormed()
    {
        assertTrue(frameErrors.isEmpty(), () -> "malformed frames: " + frameErrors);
    }

    public String tail()
    {
        final int size = messages.size();
        return messages.subList(Math.max(0, size - 5), size).toString();
    }

    public void close()
    {
        if (!socket.isOutputClosed())
        {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }
}
