package io.tickgate.gateway.ws;

import org.agrona.concurrent.UnsafeBuffer;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.channels.StreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Turns away a connection right after its handshake, on its IO thread: a close frame with the code and reason,
 * the write side shut, then the socket closed when the client answers (EOF) or after the grace period, whichever
 * comes first. It holds nothing but the socket while it waits, so a flood of refused clients leaves no descriptor
 * behind once they are gone.
 */
public final class Refusal implements ChannelListener<StreamSourceChannel>
{
    private static final ThreadLocal<ByteBuffer> DISCARD = ThreadLocal.withInitial(() -> ByteBuffer.allocate(512));

    private final StreamConnection connection;

    private Refusal(final StreamConnection connection)
    {
        this.connection = connection;
    }

    /**
     * @param graceMs longest wait for the client's answer before the socket is closed anyway.
     */
    public static void refuse(
        final StreamConnection connection, final int code, final String reason, final long graceMs)
    {
        final ByteBuffer frame = ByteBuffer.allocate(2 + Frames.MAX_CONTROL_PAYLOAD);
        final UnsafeBuffer view = new UnsafeBuffer(frame);
        final int payloadLength = Frames.putClosePayload(view, 2, code, reason);
        Frames.putHeader(view, 0, Frames.OP_CLOSE, payloadLength);
        frame.limit(2 + payloadLength);
        try
        {
            // a new socket's send buffer is empty: a close frame of at most 127 bytes goes out in one write
            connection.getSinkChannel().write(frame);
            connection.getSinkChannel().shutdownWrites();
            connection.getSinkChannel().flush();
        }
        catch (final IOException ex)
        {
            IoUtils.safeClose(connection);
            return;
        }
        connection.getIoThread().executeAfter(() -> IoUtils.safeClose(connection), graceMs, TimeUnit.MILLISECONDS);
        final StreamSourceChannel source = connection.getSourceChannel();
        source.getReadSetter().set(new Refusal(connection));
        source.resumeReads();
    }

    public void handleEvent(final StreamSourceChannel source)
    {
        final ByteBuffer discard = DISCARD.get();
        try
        {
            int read;
            do
            {
                discard.clear();
                read = source.read(discard);
            }
            while (read > 0);
            if (read < 0)
            {
                IoUtils.safeClose(connection);
            }
        }
        catch (final IOException ex)
        {
            IoUtils.safeClose(connection);
        }
    }
}
