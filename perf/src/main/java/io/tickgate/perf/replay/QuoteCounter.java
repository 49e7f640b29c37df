package io.tickgate.perf.replay;

import io.tickgate.codec.BinaryQuote;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Counts the quote records of a replay's binary frames until the gateway says {@code replayEnd} ({@link #done()}
 * completes with the count then, or exceptionally on an error message or a failure).
 */
final class QuoteCounter implements WebSocket.Listener
{
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private long quotes;
    private long bytes;
    private int carry;
    private final ByteBuffer partial = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);

    CompletableFuture<Long> done()
    {
        return done;
    }

    /** Bytes of binary frames received. */
    long bytes()
    {
        return bytes;
    }

    @Override
    public void onOpen(final WebSocket webSocket)
    {
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
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

    @Override
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

    @Override
    public void onError(final WebSocket webSocket, final Throwable error)
    {
        done.completeExceptionally(error);
    }
}
