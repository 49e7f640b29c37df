package io.tickgate.perf.ws;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client WebSocket over a non-blocking {@link SocketChannel}, owned by exactly one IO thread of
 * {@link NioClientEngine}: connect (from a chosen source address), RFC 6455 handshake, then frames parsed in place
 * from a per-connection heap buffer ({@link WsFrameParser}); payloads go to the {@link WsClientListener} without a
 * copy. Pings are answered, close frames recorded and echoed. Outbound (commands, pongs, close) goes
 * through a small buffer flushed at once, with OP_WRITE only while something is left over.
 * <p>
 * Steady state allocates nothing per frame: one read per readiness into the buffer, parse, move the tail of an
 * incomplete frame to the front; the buffer grows (doubling) only when a single frame does not fit.
 */
public final class NioWsConnection implements WsFrameParser.Listener
{
    static final int CONNECTING = 0;
    static final int HANDSHAKE = 1;
    static final int OPEN = 2;
    static final int CLOSING = 3;
    static final int CLOSED = 4;

    private final WsClientListener listener;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final String path;
    private final WsFrameParser parser;
    private final int maxFrameBytes;
    private SocketChannel channel;
    private SelectionKey key;
    private byte[] in;
    private ByteBuffer inBuffer;
    private byte[] out = new byte[1024];
    private ByteBuffer outBuffer = ByteBuffer.wrap(out);
    private String handshakeKey;
    int state = CONNECTING;
    long deadlineNanos;

    NioWsConnection(
        final WsClientListener listener, final InetSocketAddress remote, final InetSocketAddress local, final String path,
        final int readBufferBytes, final int maxFrameBytes)
    {
        this.listener = listener;
        this.remote = remote;
        this.local = local;
        this.path = path;
        this.maxFrameBytes = maxFrameBytes;
        this.parser = new WsFrameParser(maxFrameBytes);
        this.in = new byte[readBufferBytes];
        this.inBuffer = ByteBuffer.wrap(in);
    }

    void connect(final Selector selector, final long deadline) throws IOException
    {
        deadlineNanos = deadline;
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        if (null != local)
        {
            channel.bind(local);
        }
        key = channel.register(selector, SelectionKey.OP_CONNECT, this);
        if (channel.connect(remote))
        {
            onConnectable();
        }
    }

    /** Called by the IO thread for a selected key. */
    void onReady(final int readyOps) throws IOException
    {
        if ((readyOps & SelectionKey.OP_CONNECT) != 0)
        {
            onConnectable();
            return;
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0)
        {
            flush();
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && state != CLOSED)
        {
            onReadable();
        }
    }

    private void onConnectable() throws IOException
    {
        if (!channel.finishConnect())
        {
            return;
        }
        state = HANDSHAKE;
        handshakeKey = WsHandshake.newKey();
        key.interestOps(SelectionKey.OP_READ);
        enqueueRaw(WsHandshake.request(remote.getHostString() + ":" + remote.getPort(), path, handshakeKey));
    }

    private void onReadable() throws IOException
    {
        if (!inBuffer.hasRemaining())
        {
            grow(in.length * 2);
        }
        final int n = channel.read(inBuffer);
        if (n < 0)
        {
            if (state != CLOSED)
            {
                fail(new EOFException("connection closed without a close frame (1006)"));
            }
            return;
        }
        if (n == 0)
        {
            return;
        }
        int end = inBuffer.position();
        int start = 0;
        if (state == HANDSHAKE)
        {
            final int headEnd = WsHandshake.headEnd(in, end);
            if (headEnd < 0)
            {
                if (end == in.length)
                {
                    fail(new IOException("handshake answer head longer than " + in.length + " bytes"));
                }
                return;
            }
            final String head = new String(in, 0, headEnd, StandardCharsets.ISO_8859_1);
            final String problem = WsHandshake.checkResponse(head, handshakeKey);
            if (null != problem)
            {
                fail(new IOException("handshake: " + problem));
                return;
            }
            state = OPEN;
            listener.onOpen();
            start = headEnd;
        }
        final int consumed = parser.parse(in, start, end, this);
        if (consumed == WsFrameParser.ERROR)
        {
            protocolError(parser.error());
            return;
        }
        if (state == CLOSED)
        {
            return;
        }
        final int left = end - consumed;
        if (left > 0 && consumed > 0)
        {
            System.arraycopy(in, consumed, in, 0, left);
        }
        inBuffer.position(left);
        if (left > 0 && parser.needed() > in.length)
        {
            grow((int)Math.min(maxFrameBytes + 14L, Math.max(parser.needed(), in.length * 2L)));
        }
    }

    private void grow(final int capacity)
    {
        if (capacity <= in.length)
        {
            return;
        }
        final byte[] bigger = new byte[capacity];
        System.arraycopy(in, 0, bigger, 0, inBuffer.position());
        final int position = inBuffer.position();
        in = bigger;
        inBuffer = ByteBuffer.wrap(in);
        inBuffer.position(position);
    }

    /** Sends one masked text frame (a command). IO thread only. */
    void sendText(final byte[] utf8) throws IOException
    {
        if (state != OPEN)
        {
            return;
        }
        sendFrame(WsFrameParser.OP_TEXT, utf8, 0, utf8.length);
    }

    /** Starts the closing handshake. IO thread only. */
    void sendClose(final int code, final String reason) throws IOException
    {
        if (state != OPEN)
        {
            return;
        }
        final byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        final byte[] payload = new byte[2 + r.length];
        payload[0] = (byte)(code >>> 8);
        payload[1] = (byte)code;
        System.arraycopy(r, 0, payload, 2, r.length);
        sendFrame(WsFrameParser.OP_CLOSE, payload, 0, payload.length);
        state = CLOSING;
    }

    private void sendFrame(final int opcode, final byte[] payload, final int offset, final int length)
        throws IOException
    {
        ensureOut(length + 14);
        final int written = WsFrameParser.writeClientFrame(
            out, outBuffer.position(), opcode, payload, offset, length, ThreadLocalRandom.current().nextInt());
        outBuffer.position(outBuffer.position() + written);
        flush();
    }

    private void enqueueRaw(final byte[] bytes) throws IOException
    {
        ensureOut(bytes.length);
        outBuffer.put(bytes);
        flush();
    }

    private void ensureOut(final int more)
    {
        if (outBuffer.remaining() < more)
        {
            final byte[] bigger = new byte[Math.max(out.length * 2, outBuffer.position() + more)];
            System.arraycopy(out, 0, bigger, 0, outBuffer.position());
            final int position = outBuffer.position();
            out = bigger;
            outBuffer = ByteBuffer.wrap(out);
            outBuffer.position(position);
        }
    }

    private void flush() throws IOException
    {
        outBuffer.flip();
        channel.write(outBuffer);
        outBuffer.compact();
        if (!key.isValid())
        {
            return;
        }
        final int ops = outBuffer.position() > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
        if (key.interestOps() != ops)
        {
            key.interestOps(ops);
        }
    }

    @Override
    public void onText(final byte[] bytes, final int offset, final int length)
    {
        listener.onTextFrame(bytes, offset, length);
    }

    @Override
    public void onBinary(final byte[] bytes, final int offset, final int length)
    {
        listener.onBinaryFrame(bytes, offset, length);
    }

    @Override
    public void onPing(final byte[] bytes, final int offset, final int length)
    {
        try
        {
            if (state == OPEN)
            {
                sendFrame(WsFrameParser.OP_PONG, bytes, offset, length);
            }
        }
        catch (final IOException ex)
        {
            fail(ex);
        }
    }

    @Override
    public void onPong(final byte[] bytes, final int offset, final int length)
    {
        // unsolicited pongs are allowed and ignored
    }

    @Override
    public void onClose(final int code, final byte[] bytes, final int offset, final int length)
    {
        listener.onClosed(code, new String(bytes, offset, length, StandardCharsets.UTF_8));
        try
        {
            if (state == OPEN)
            {
                final byte[] echo = new byte[2];
                echo[0] = (byte)(code == WsFrameParser.NO_STATUS ? 1000 >>> 8 : code >>> 8);
                echo[1] = (byte)(code == WsFrameParser.NO_STATUS ? 1000 & 0xFF : code);
                sendFrame(WsFrameParser.OP_CLOSE, echo, 0, 2);
            }
        }
        catch (final IOException ignore)
        {
            // closing anyway
        }
        close();
    }

    private void protocolError(final String why)
    {
        listener.onFailed(new IOException("protocol error: " + why));
        try
        {
            if (state == OPEN)
            {
                sendFrame(WsFrameParser.OP_CLOSE, new byte[]{ 0x03, (byte)0xEA }, 0, 2);
            }
        }
        catch (final IOException ignore)
        {
            // closing anyway
        }
        close();
    }

    void fail(final Throwable error)
    {
        listener.onFailed(error);
        close();
    }

    void close()
    {
        state = CLOSED;
        if (null != key)
        {
            key.cancel();
        }
        if (null != channel)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // nothing to do
            }
        }
    }
}
