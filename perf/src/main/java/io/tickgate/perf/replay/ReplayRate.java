package io.tickgate.perf.replay;

import io.tickgate.codec.BinaryQuote;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Measures how fast a gateway replays its journal to one binary client: sends a replay of every symbol from the
 * start and counts quote records until {@code replayEnd}.
 * <pre>java -cp perf/target/benchmarks.jar io.tickgate.perf.ReplayRate PORT [TIMEOUT_SECONDS]</pre>
 */
public final class ReplayRate implements WebSocket.Listener
{
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private long quotes;
    private long bytes;
    private int carry;
    private final ByteBuffer partial = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);

    public static void main(final String[] args) throws Exception
    {
        final int port = Integer.parseInt(args[0]);
        final long timeoutSeconds = args.length > 1 ? Long.parseLong(args[1]) : 300;
        final ReplayRate listener = new ReplayRate();
        final WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + port + "/stream?format=binary"), listener).join();
        final long start = System.nanoTime();
        socket.sendText("{\"op\":\"replay\",\"symbols\":[\"*\"],\"from\":0}", true).join();
        final long quotes = listener.done.get(timeoutSeconds, TimeUnit.SECONDS);
        final double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("replayed %,d ticks (%,d bytes of binary frames) in %.2f s: %,.0f ticks/s%n",
            quotes, listener.bytes, seconds, quotes / seconds);
        socket.abort();
    }

    public void onOpen(final WebSocket webSocket)
    {
        webSocket.request(Long.MAX_VALUE);
    }

    public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
    {
        text.append(data);
        if (last)
        {
            final String frame = text.toString();
            text.setLength(0);
            if (frame.contains("\"replayEnd\""))
            {
                done.complete(quotes);
            }
            else if (frame.contains("\"error\""))
            {
                done.completeExceptionally(new IllegalStateException(frame));
            }
        }
        return null;
    }

    public CompletionStage<?> onBinary(final WebSocket webSocket, final ByteBuffer data, final boolean last)
    {
        // records are whole within a frame, but java.net.http may hand a frame over in parts: walk record headers
        bytes += data.remaining();
        final ByteBuffer buffer = data.order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining())
        {
            if (carry > 0)
            {
                final int skip = Math.min(carry, buffer.remaining());
                buffer.position(buffer.position() + skip);
                carry -= skip;
                continue;
            }
            partial.put(buffer.get());
            if (partial.position() == 8)
            {
                final int blockLength = partial.getShort(0) & 0xFFFF;
                if ((partial.getShort(2) & 0xFFFF) == BinaryQuote.QUOTE_TEMPLATE_ID)
                {
                    quotes++;
                }
                carry = blockLength;
                partial.clear();
            }
        }
        return null;
    }

    public void onError(final WebSocket webSocket, final Throwable error)
    {
        done.completeExceptionally(error);
    }
}
