package io.tickgate.perf.load;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * java.net.http's callbacks for one connection, passed on to its {@link ClientConnection}: the parts of a text
 * message are joined first; binary frames are only counted (the jdk engine does not decode them). Calls come one at a
 * time, possibly from different pool threads, with happens-before between them.
 */
final class JdkListener implements WebSocket.Listener
{
    final ClientConnection connection;
    volatile WebSocket socket;
    private final StringBuilder partial = new StringBuilder(1024);

    JdkListener(final ClientConnection connection)
    {
        this.connection = connection;
    }

    @Override
    public void onOpen(final WebSocket webSocket)
    {
        socket = webSocket;
        connection.onOpen();
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
    {
        if (!last)
        {
            partial.append(data);
            return null;
        }
        CharSequence frame = data;
        if (partial.length() > 0)
        {
            partial.append(data);
            frame = partial;
        }
        connection.onTextFrame(frame);
        partial.setLength(0);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(final WebSocket webSocket, final ByteBuffer data, final boolean last)
    {
        connection.onBinaryPart(data.remaining(), last);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
    {
        connection.onClosed(statusCode, reason);
        return null;
    }

    @Override
    public void onError(final WebSocket webSocket, final Throwable error)
    {
        connection.onFailed(error);
    }
}
