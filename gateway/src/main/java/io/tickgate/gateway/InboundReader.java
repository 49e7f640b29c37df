package io.tickgate.gateway;

import io.tickgate.gateway.publisher.Inbox;
import io.tickgate.gateway.publisher.Session;
import io.tickgate.gateway.ws.ClientFrameReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.xnio.ChannelListener;
import org.xnio.channels.StreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The read side of one connection, on its IO thread: client frames parsed by {@link ClientFrameReader}, commands
 * checked (size, rate) and handed to the publisher, pings and closes passed on as {@link Session} signals. Reads go
 * through one buffer per IO thread, so an idle connection holds no read buffer; end of stream or a read error
 * closes the socket at once.
 */
final class InboundReader implements ChannelListener<StreamSourceChannel>, ClientFrameReader.Handler
{
    private static final int MAX_READS_PER_EVENT = 16;
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final ThreadLocal<ByteBuffer> READ_BUFFER =
        ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(READ_BUFFER_BYTES));

    private final Session session;
    private final XnioSocket socket;
    private final CommandIntake intake;
    private final NanoClock clock;
    private final ClientFrameReader frames;
    private HttpDetach httpDetach;
    private double commandTokens;
    private long commandTokensNs;
    private int refusedInARow;
    private boolean closing;

    InboundReader(
        final Session session,
        final XnioSocket socket,
        final CommandIntake intake,
        final NanoClock clock,
        final int maxMessageBytes,
        final HttpDetach httpDetach)
    {
        this.httpDetach = httpDetach;
        this.session = session;
        this.socket = socket;
        this.intake = intake;
        this.clock = clock;
        this.frames = new ClientFrameReader(maxMessageBytes);
    }

    public void handleEvent(final StreamSourceChannel source)
    {
        final ByteBuffer buffer = READ_BUFFER.get();
        try
        {
            for (int i = 0; i < MAX_READS_PER_EVENT; i++)
            {
                buffer.clear();
                final int read = source.read(buffer);
                if (read < 0)
                {
                    socket.close();
                    return;
                }
                if (0 == read)
                {
                    if (null != httpDetach)
                    {
                        httpDetach.run();
                        httpDetach = null;
                    }
                    return;
                }
                session.inbox().onInbound(clock.nanoTime());
                buffer.flip();
                // after a close or a protocol error the rest is discarded, but reads go on to see the end of stream
                frames.onBytes(buffer, this);
            }
        }
        catch (final IOException ex)
        {
            socket.close();
        }
    }

    public void onText(final String text)
    {
        if (!closing)
        {
            intake.onCommandText(this, session, text);
        }
    }

    public void onBinary(final int length)
    {
        if (!closing)
        {
            intake.onBinaryFrame(this, session);
        }
    }

    public void onPing(final DirectBuffer payload, final int offset, final int length)
    {
        session.inbox().onPing(payload, offset, length);
    }

    public void onPong()
    {
        // liveness is any inbound byte, already noted
    }

    public void onClose(final int code, final String reason)
    {
        session.inbox().signal(Inbox.PEER_CLOSE);
    }

    public void onProtocolError(final int closeCode, final String reason)
    {
        intake.onProtocolError(session, closeCode, reason);
    }

    /**
     * Token bucket for client commands, refilled at {@code perSecond}; IO thread only.
     *
     * @return true when the command may proceed.
     */
    boolean tryTakeCommandToken(final long nowNs, final int perSecond, final int burst)
    {
        if (0 == commandTokensNs)
        {
            commandTokens = burst;
        }
        else
        {
            commandTokens = Math.min(burst, commandTokens + (nowNs - commandTokensNs) * perSecond / 1e9);
        }
        commandTokensNs = nowNs;
        if (commandTokens >= 1)
        {
            commandTokens -= 1;
            refusedInARow = 0;
            return true;
        }
        refusedInARow++;
        return false;
    }

    int refusedInARow()
    {
        return refusedInARow;
    }

    /**
     * The connection is being closed for its commands: data frames still arriving are dropped unread, so an
     * abuser that keeps sending is cut off, counted and logged once, not once per frame.
     */
    void ignoreFurtherFrames()
    {
        closing = true;
    }

    /**
     * What the reader hands commands to.
     */
    interface CommandIntake
    {
        void onCommandText(InboundReader reader, Session session, String text);

        void onBinaryFrame(InboundReader reader, Session session);

        void onProtocolError(Session session, int closeCode, String reason);
    }
}
