package io.tickgate.perf.nullgateway;

import io.tickgate.perf.ws.WsFrameParser;
import io.tickgate.perf.ws.WsFrameWriter;
import io.tickgate.perf.ws.WsHandshake;
import io.tickgate.perf.ws.WsInbound;
import io.tickgate.perf.ws.WsOutbound;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One WebSocket connection of the null gateway: the server half of the handshake on any path (a request without
 * Sec-WebSocket-Key gets a 404, so the load generator generates and primes its own symbol names), a welcome, each
 * {@code subscribe} answered with one {@code subscribed} (mode and maxRate are ignored: every subscription is full),
 * pings answered, a close echoed. Ticks wait in a {@link FrameBatch} until the next flush sends them as one frame;
 * what the socket does not take is kept up to {@code --max-queued} bytes, beyond which the connection is cut off.
 * <b>Note:</b> not threadsafe; the null gateway's one thread.
 */
final class WsSession implements WsFrameParser.Listener
{
    private static final int MAX_COMMAND_BYTES = 1 << 20;
    private static final byte[] NOT_FOUND =
        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String WELCOME =
        "[{\"type\":\"welcome\",\"server\":\"null-gateway\",\"protocol\":1,\"heartbeatMs\":0}]";

    private final SocketChannel channel;
    private final WsInbound inbound;
    private final WsOutbound outbound;
    private final FrameBatch batch = new FrameBatch();
    private final Subscriptions subscriptions;
    private final DirtySessions dirtySessions;
    private final Counters counters;
    private final List<Integer> subscribed = new ArrayList<>();
    private SelectionKey key;
    private boolean open;
    private boolean closed;
    private boolean dirty;

    WsSession(
        final SocketChannel channel, final int maxQueued, final Subscriptions subscriptions,
        final DirtySessions dirtySessions, final Counters counters)
    {
        this.channel = channel;
        this.inbound = new WsInbound(WsFrameParser.forServer(MAX_COMMAND_BYTES), 8 * 1024, MAX_COMMAND_BYTES);
        this.outbound = new WsOutbound(channel, maxQueued);
        this.subscriptions = subscriptions;
        this.dirtySessions = dirtySessions;
        this.counters = counters;
    }

    /** The channel's key, once registered with the selector. */
    void register(final SelectionKey key)
    {
        this.key = key;
        outbound.register(key);
    }

    /** A tick for this subscriber: into the batch, which is sent at once rather than grown past ~60 KiB. */
    void append(final byte[] message, final int length)
    {
        if (closed)
        {
            return;
        }
        if (!batch.fits(length) && batch.isLarge())
        {
            flushBatch();
        }
        batch.append(message, length);
        if (!dirty)
        {
            dirty = true;
            dirtySessions.add(this);
        }
    }

    /** The flush timer's turn: the batch goes out as one frame. */
    void flushPending()
    {
        dirty = false;
        flushBatch();
    }

    void onWritable() throws IOException
    {
        outbound.flush();
    }

    void onReadable() throws IOException
    {
        if (inbound.read(channel) < 0)
        {
            close();
            return;
        }
        int start = 0;
        if (!open)
        {
            final int headEnd = WsHandshake.headEnd(inbound.bytes(), inbound.end());
            if (headEnd < 0)
            {
                return;
            }
            final String head = new String(inbound.bytes(), 0, headEnd, StandardCharsets.ISO_8859_1);
            final String wsKey = WsHandshake.header(head, "sec-websocket-key");
            if (null == wsKey)
            {
                channel.write(ByteBuffer.wrap(NOT_FOUND));
                close();
                return;
            }
            sendRaw(WsHandshake.response(wsKey));
            open = true;
            sendText(WELCOME);
            start = headEnd;
        }
        if (!inbound.parseFrames(start, this))
        {
            close();
        }
    }

    @Override
    public void onText(final byte[] bytes, final int offset, final int length)
    {
        if (!closed)
        {
            onCommand(new String(bytes, offset, length, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void onBinary(final byte[] bytes, final int offset, final int length)
    {
        // protocol v1 commands are text
    }

    @Override
    public void onPing(final byte[] bytes, final int offset, final int length)
    {
        if (!closed)
        {
            sendFrame(WsFrameParser.OP_PONG, bytes, offset, length);
        }
    }

    @Override
    public void onPong(final byte[] bytes, final int offset, final int length)
    {
        // nobody pings clients here
    }

    @Override
    public void onClose(final int code, final byte[] bytes, final int offset, final int length)
    {
        if (closed)
        {
            return;
        }
        final byte[] echo =
            WsFrameParser.NO_STATUS == code ? new byte[0] : new byte[]{ (byte)(code >>> 8), (byte)code };
        sendFrame(WsFrameParser.OP_CLOSE, echo, 0, echo.length);
        close();
    }

    private void onCommand(final String command)
    {
        final String id = rawValue(command, "\"id\":");
        final StringBuilder answer = new StringBuilder("[{\"type\":\"subscribed\"");
        if (null != id)
        {
            answer.append(",\"id\":").append(id);
        }
        answer.append(",\"symbols\":[");
        final int listStart = command.indexOf("\"symbols\":[");
        final int listEnd = listStart < 0 ? -1 : command.indexOf(']', listStart);
        if (!command.contains("\"op\":\"subscribe\"") || listEnd < 0)
        {
            sendText("[{\"type\":\"error\",\"code\":\"BAD_REQUEST\",\"message\":\"null gateway: subscribe only\"}]");
            return;
        }
        boolean first = true;
        for (final String part : command.substring(listStart + 11, listEnd).split(","))
        {
            final String name = part.trim().replace("\"", "");
            if (name.isEmpty())
            {
                continue;
            }
            final int symbol = subscriptions.symbol(name, 0, name.length());
            if (!subscribed.contains(symbol))
            {
                subscribed.add(symbol);
                subscriptions.subscribe(symbol, this);
            }
            answer.append(first ? "\"" : ",\"").append(name).append('"');
            first = false;
        }
        sendText(answer.append("]}]").toString());
    }

    /** The text after {@code key} up to the next ',' or '}', trimmed; null when the key is not there. */
    private static String rawValue(final String json, final String key)
    {
        final int at = json.indexOf(key);
        if (at < 0)
        {
            return null;
        }
        int end = at + key.length();
        while (end < json.length() && json.charAt(end) != ',' && json.charAt(end) != '}')
        {
            end++;
        }
        return json.substring(at + key.length(), end).trim();
    }

    private void flushBatch()
    {
        if (batch.isEmpty() || closed)
        {
            batch.clear();
            return;
        }
        final int start = batch.seal();
        counters.framesOut++;
        send(batch.bytes(), batch.view(), start, batch.end());
        batch.clear();
    }

    private void sendText(final String text)
    {
        final byte[] b = text.getBytes(StandardCharsets.UTF_8);
        sendFrame(WsFrameParser.OP_TEXT, b, 0, b.length);
    }

    /** A control or command-answer frame, sent after any pending batch so messages stay in order. */
    private void sendFrame(final int opcode, final byte[] payload, final int offset, final int length)
    {
        if (dirty)
        {
            flushBatch();
        }
        final byte[] frame = new byte[length + WsFrameWriter.MAX_HEADER];
        final int n = WsFrameWriter.writeServerFrame(frame, 0, opcode, payload, offset, length);
        send(frame, ByteBuffer.wrap(frame), 0, n);
    }

    private void sendRaw(final byte[] bytes)
    {
        send(bytes, ByteBuffer.wrap(bytes), 0, bytes.length);
    }

    private void send(final byte[] bytes, final ByteBuffer view, final int from, final int to)
    {
        try
        {
            if (!outbound.send(bytes, view, from, to))
            {
                counters.cutOffs++;
                close();
            }
        }
        catch (final IOException ex)
        {
            close();
        }
    }

    void close()
    {
        closed = true;
        for (final Integer symbol : subscribed)
        {
            subscriptions.unsubscribe(symbol, this);
        }
        subscribed.clear();
        if (null != key)
        {
            key.cancel();
        }
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // closing
        }
    }
}
