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
 * from a per-connection heap buffer ({@link WsInbound}); payloads go to the {@link WsClientListener} without a copy.
 * Pings are answered, close frames recorded and echoed. Outbound (commands, pongs, close) is written at once, with
 * OP_WRITE only while something is left over ({@link WsOutbound}).
 * <p>
 * Steady state allocates nothing per received frame: one read per readiness into the buffer, parse, move the tail of
 * an incomplete frame to the front; the buffer grows (doubling) only when a single frame does not fit.
 */
final class NioWsConnection implements WsFrameParser.Listener
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
    private final WsInbound inbound;
    private SocketChannel channel;
    private SelectionKey key;
    private WsOutbound outbound;
    private String handshakeKey;
    int state = CONNECTING;
    long deadlineNanos;

    NioWsConnection(
        final WsClientListener listener, final InetSocketAddress remote, final InetSocketAddress local,
        final String path, final int readBufferBytes, final int maxFrameBytes)
    {
        this.listener = listener;
        this.remote = remote;
        this.local = local;
        this.path = path;
        this.inbound = new WsInbound(WsFrameParser.forClient(maxFrameBytes), readBufferBytes, maxFrameBytes);
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
        outbound = new WsOutbound(channel, Integer.MAX_VALUE);
        key = channel.register(selector, SelectionKey.OP_CONNECT, this);
        outbound.register(key);
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
            outbound.flush();
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
        outbound.send(WsHandshake.request(remote.getHostString() + ":" + remote.getPort(), path, handshakeKey));
    }

    private void onReadable() throws IOException
    {
        final int n = inbound.read(channel);
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
        int start = 0;
        if (state == HANDSHAKE)
        {
            final int headEnd = WsHandshake.headEnd(inbound.bytes(), inbound.end());
            if (headEnd < 0)
            {
                if (inbound.isFull())
                {
                    fail(new IOException("handshake answer head longer than " + inbound.end() + " bytes"));
                }
                return;
            }
            final String head = new String(inbound.bytes(), 0, headEnd, StandardCharsets.ISO_8859_1);
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
        if (!inbound.parseFrames(start, this))
        {
            protocolError(inbound.error());
        }
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
        final byte[] frame = new byte[length + WsFrameWriter.MAX_HEADER];
        final int n = WsFrameWriter.writeClientFrame(
            frame, 0, opcode, payload, offset, length, ThreadLocalRandom.current().nextInt());
        outbound.send(frame, ByteBuffer.wrap(frame), 0, n);
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
