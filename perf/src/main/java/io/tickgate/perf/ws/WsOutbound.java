package io.tickgate.perf.ws;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * One non-blocking socket's outgoing bytes: written at once when nothing waits; what the socket does not take is
 * kept, growing up to a limit, and written when the selector finds the socket writable. OP_WRITE is asked for only
 * while something waits. <b>Note:</b> not threadsafe; the connection's IO thread only.
 */
public final class WsOutbound
{
    private final SocketChannel channel;
    private final int maxQueued;
    private SelectionKey key;
    private byte[] queued = new byte[0];
    private ByteBuffer queuedBuffer = ByteBuffer.wrap(queued);

    /** @param maxQueued most bytes kept waiting ({@link Integer#MAX_VALUE}: no limit). */
    public WsOutbound(final SocketChannel channel, final int maxQueued)
    {
        this.channel = channel;
        this.maxQueued = maxQueued;
    }

    /** The channel's key, once registered with the selector. */
    public void register(final SelectionKey key)
    {
        this.key = key;
    }

    public boolean send(final byte[] bytes) throws IOException
    {
        return send(bytes, ByteBuffer.wrap(bytes), 0, bytes.length);
    }

    /**
     * Writes {@code bytes[from, to)}.
     *
     * @param view a buffer over {@code bytes}, reused by a caller that sends from the same array again and again.
     * @return false when what the socket did not take would queue more than the limit: nothing of it is kept, and
     * the caller cuts the connection off.
     */
    public boolean send(final byte[] bytes, final ByteBuffer view, final int from, final int to) throws IOException
    {
        int offset = from;
        if (queuedBuffer.position() == 0)
        {
            view.limit(to).position(from);
            channel.write(view);
            offset = view.position();
            view.clear();
        }
        final int rest = to - offset;
        if (rest > 0)
        {
            if ((long)queuedBuffer.position() + rest > maxQueued)
            {
                return false;
            }
            if (queuedBuffer.remaining() < rest)
            {
                final int position = queuedBuffer.position();
                queued = Arrays.copyOf(queued, (int)Math.min(maxQueued,
                    Math.max(queued.length * 2L, (long)position + rest)));
                queuedBuffer = ByteBuffer.wrap(queued);
                queuedBuffer.position(position);
            }
            queuedBuffer.put(bytes, offset, rest);
            interest(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
        return true;
    }

    /** When the socket is writable: writes what waits, and stops asking for OP_WRITE once all of it is out. */
    public void flush() throws IOException
    {
        queuedBuffer.flip();
        channel.write(queuedBuffer);
        queuedBuffer.compact();
        if (queuedBuffer.position() == 0)
        {
            interest(SelectionKey.OP_READ);
        }
    }

    private void interest(final int ops)
    {
        if (key.isValid() && key.interestOps() != ops)
        {
            key.interestOps(ops);
        }
    }
}
