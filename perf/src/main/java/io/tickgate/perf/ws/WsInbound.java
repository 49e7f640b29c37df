package io.tickgate.perf.ws;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One connection's receive buffer: each read appends to it, whole frames are parsed in place by its
 * {@link WsFrameParser}, and the tail of an incomplete frame moves to the front. It grows (doubling) only when it is
 * full or one frame does not fit, so steady state allocates nothing. <b>Note:</b> not threadsafe; the connection's
 * IO thread only.
 */
public final class WsInbound
{
    private final WsFrameParser parser;
    private final int maxFrameBytes;
    private byte[] bytes;
    private ByteBuffer buffer;

    /** @param maxFrameBytes the parser's limit: the buffer never grows past one such frame and its header. */
    public WsInbound(final WsFrameParser parser, final int initialBytes, final int maxFrameBytes)
    {
        this.parser = parser;
        this.maxFrameBytes = maxFrameBytes;
        this.bytes = new byte[initialBytes];
        this.buffer = ByteBuffer.wrap(bytes);
    }

    /** One read from the channel, doubling the buffer first when it is full. @return what the read returned. */
    public int read(final SocketChannel channel) throws IOException
    {
        if (!buffer.hasRemaining())
        {
            grow(bytes.length * 2);
        }
        return channel.read(buffer);
    }

    /** The buffered bytes are {@code bytes()[0, end())}, e.g. for the handshake's HTTP head. */
    public byte[] bytes()
    {
        return bytes;
    }

    public int end()
    {
        return buffer.position();
    }

    public boolean isFull()
    {
        return !buffer.hasRemaining();
    }

    /**
     * Delivers every whole frame from {@code start} on and keeps the rest for the next read.
     *
     * @return false on a protocol violation ({@link #error()} says which).
     */
    public boolean parseFrames(final int start, final WsFrameParser.Listener listener)
    {
        final int end = buffer.position();
        final int consumed = parser.parse(bytes, start, end, listener);
        if (consumed == WsFrameParser.ERROR)
        {
            return false;
        }
        final int left = end - consumed;
        if (left > 0 && consumed > 0)
        {
            System.arraycopy(bytes, consumed, bytes, 0, left);
        }
        buffer.position(left);
        if (left > 0 && parser.needed() > bytes.length)
        {
            grow((int)Math.min(maxFrameBytes + (long)WsFrameWriter.MAX_HEADER,
                Math.max(parser.needed(), bytes.length * 2L)));
        }
        return true;
    }

    public String error()
    {
        return parser.error();
    }

    private void grow(final int capacity)
    {
        if (capacity <= bytes.length)
        {
            return;
        }
        final byte[] bigger = new byte[capacity];
        final int position = buffer.position();
        System.arraycopy(bytes, 0, bigger, 0, position);
        bytes = bigger;
        buffer = ByteBuffer.wrap(bytes);
        buffer.position(position);
    }
}
