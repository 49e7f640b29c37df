package io.tickgate.perf.nullgateway;

import io.tickgate.perf.ws.WsFrameParser;
import io.tickgate.perf.ws.WsHandshake;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A "null gateway" for the load generator's self-test: the least work that still looks like tickgate on the wire,
 * so that a run against it measures the CLIENT. One thread, one selector:
 * <ul>
 * <li>HTTP port: RFC 6455 server handshake on any path (anything without Sec-WebSocket-Key gets 404, so the load
 * generator generates and primes its own symbol names), a welcome frame, and {@code subscribe} commands answered
 * with one {@code subscribed} (symbols are registered as seen; mode and maxRate are ignored: every subscription is
 * full). Close frames are echoed, pings answered.</li>
 * <li>Ingest port: ingest-csv-v1 lines. Each tick gets the symbol's next seq and is rendered ONCE as a protocol v1
 * tick message ({@code bid..volume} copied from the CSV text), then copied into the pending batch of every
 * subscriber.</li>
 * <li>Every {@code --flush-us} µs (default 1000) each connection with pending messages gets them as ONE text frame
 * (a JSON array), written straight from the batch; what the socket does not take is kept, up to
 * {@code --max-queued} bytes (default 256 KiB, like the gateway's session buffer), beyond which the connection is
 * cut off with 1008.</li>
 * </ul>
 * Prints {@code listening http=P ingest=Q} and runs until killed (or {@code --seconds}).
 * Not a gateway: no journal, no snapshots, no conflation, no limits; loopback only.
 */
public final class NullGateway
{
    private static final int HEADER_ROOM = 10;
    private static final int MAX_BATCH = 60 * 1024;

    private final Selector selector;
    private final ServerSocketChannel http;
    private final ServerSocketChannel ingest;
    private final long flushNanos;
    private final int maxQueued;
    private final SymbolTable symbols = new SymbolTable();
    private final List<List<Ws>> subscribers = new ArrayList<>();
    private Ws[][] subscriberArrays = new Ws[0][];
    private long[] seqs = new long[1024];
    private Ws[] dirty = new Ws[1024];
    private int dirtyCount;
    private final byte[] tick = new byte[1024];
    private final Consumer<SelectionKey> onKey = this::onKey;
    private long ticksIn;
    private long messagesOut;
    private long framesOut;
    private long cutOffs;

    private NullGateway(final int port, final int ingestPort, final long flushMicros, final int maxQueued)
        throws IOException
    {
        this.flushNanos = flushMicros * 1000L;
        this.maxQueued = maxQueued;
        selector = Selector.open();
        http = ServerSocketChannel.open();
        http.bind(new InetSocketAddress("127.0.0.1", port), 4096);
        http.configureBlocking(false);
        http.register(selector, SelectionKey.OP_ACCEPT, "http");
        ingest = ServerSocketChannel.open();
        ingest.bind(new InetSocketAddress("127.0.0.1", ingestPort), 16);
        ingest.configureBlocking(false);
        ingest.register(selector, SelectionKey.OP_ACCEPT, "ingest");
    }

    public static void main(final String[] args) throws IOException
    {
        int port = 0;
        int ingestPort = 0;
        long flushMicros = 1000;
        int maxQueued = 256 * 1024;
        long seconds = 3600;
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            final int v = Integer.parseInt(args[i + 1]);
            switch (args[i])
            {
                case "--port": port = v; break;
                case "--ingest-port": ingestPort = v; break;
                case "--flush-us": flushMicros = v; break;
                case "--max-queued": maxQueued = v; break;
                case "--seconds": seconds = v; break;
                default: throw new IllegalArgumentException("unknown option " + args[i] +
                    "; usage: NullGateway [--port P] [--ingest-port Q] [--flush-us 1000] [--max-queued 262144] " +
                    "[--seconds 3600]");
            }
        }
        final NullGateway g = new NullGateway(port, ingestPort, flushMicros, maxQueued);
        System.out.printf("listening http=%d ingest=%d%n", g.http.socket().getLocalPort(),
            g.ingest.socket().getLocalPort());
        System.out.flush();
        g.run(System.nanoTime() + seconds * 1_000_000_000L);
    }

    private void run(final long endNanos) throws IOException
    {
        long nextFlush = System.nanoTime() + flushNanos;
        long nextStats = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < endNanos)
        {
            long now = System.nanoTime();
            if (dirtyCount > 0)
            {
                final long wait = nextFlush - now;
                if (wait <= 0)
                {
                    selector.selectNow(onKey);
                }
                else
                {
                    selector.select(onKey, Math.max(1, wait / 1_000_000L));
                }
            }
            else
            {
                selector.select(onKey, 100);
            }
            now = System.nanoTime();
            if (now - nextFlush >= 0)
            {
                flushAll();
                nextFlush = now + flushNanos;
            }
            if (now - nextStats >= 0)
            {
                nextStats = now + 10_000_000_000L;
                System.out.printf("null-gateway: ticks in %,d, messages out %,d, frames out %,d, cut-offs %d%n",
                    ticksIn, messagesOut, framesOut, cutOffs);
            }
        }
    }

    private void onKey(final SelectionKey key)
    {
        final Object a = key.attachment();
        try
        {
            if (!key.isValid())
            {
                return;
            }
            if ("http".equals(a))
            {
                SocketChannel ch;
                while (null != (ch = http.accept()))
                {
                    ch.configureBlocking(false);
                    ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                    final Ws ws = new Ws(ch);
                    ws.key = ch.register(selector, SelectionKey.OP_READ, ws);
                }
            }
            else if ("ingest".equals(a))
            {
                final SocketChannel ch = ingest.accept();
                if (null != ch)
                {
                    ch.configureBlocking(false);
                    ch.register(selector, SelectionKey.OP_READ, new Ingest(ch));
                }
            }
            else if (a instanceof Ingest)
            {
                ((Ingest)a).onReadable(key);
            }
            else
            {
                final Ws ws = (Ws)a;
                if (key.isWritable())
                {
                    ws.flushQueued();
                }
                if (key.isValid() && key.isReadable())
                {
                    ws.onReadable();
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            if (a instanceof Ws)
            {
                ((Ws)a).close();
            }
            else
            {
                key.cancel();
                try
                {
                    key.channel().close();
                }
                catch (final IOException ignore)
                {
                    // closing
                }
            }
        }
    }

    private void flushAll()
    {
        for (int i = 0; i < dirtyCount; i++)
        {
            final Ws ws = dirty[i];
            dirty[i] = null;
            ws.dirty = false;
            ws.flushBatch();
        }
        dirtyCount = 0;
    }

    /** One CSV line: symbol,ts,bid,bidSize,ask,askSize,last,lastSize,volume. */
    private void onLine(final byte[] b, final int start, final int end)
    {
        final int c1 = indexOf(b, start, end, (byte)',');
        if (c1 <= start)
        {
            return;
        }
        final int c2 = indexOf(b, c1 + 1, end, (byte)',');
        if (c2 < 0)
        {
            return;
        }
        int symbol = symbols.find(b, start, c1 - start);
        if (symbol < 0)
        {
            symbol = define(new String(b, start, c1 - start, StandardCharsets.US_ASCII));
        }
        ticksIn++;
        final long seq = ++seqs[symbol];
        final Ws[] subs = subscriberArrays[symbol];
        if (subs.length == 0)
        {
            return;
        }
        int p = put(tick, 0, "{\"type\":\"tick\",\"symbol\":\"");
        System.arraycopy(b, start, tick, p, c1 - start);
        p += c1 - start;
        p = put(tick, p, "\",\"seq\":");
        p = putLong(tick, p, seq);
        p = put(tick, p, ",\"ts\":");
        System.arraycopy(b, c1 + 1, tick, p, c2 - c1 - 1);
        p += c2 - c1 - 1;
        int from = c2 + 1;
        for (final byte[] name : FIELDS)
        {
            final int comma = indexOf(b, from, end, (byte)',');
            final int stop = comma < 0 ? end : comma;
            if (stop > from && p + name.length + (stop - from) + 2 < tick.length)
            {
                System.arraycopy(name, 0, tick, p, name.length);
                p += name.length;
                System.arraycopy(b, from, tick, p, stop - from);
                p += stop - from;
            }
            if (comma < 0)
            {
                break;
            }
            from = comma + 1;
        }
        tick[p++] = '}';
        for (final Ws ws : subs)
        {
            ws.append(tick, p);
        }
        messagesOut += subs.length;
    }

    private static final byte[][] FIELDS = {
        bytes(",\"bid\":"), bytes(",\"bidSize\":"), bytes(",\"ask\":"), bytes(",\"askSize\":"),
        bytes(",\"last\":"), bytes(",\"lastSize\":"), bytes(",\"volume\":") };

    private int define(final String name)
    {
        final int id = symbols.add(name);
        subscribers.add(new ArrayList<>());
        subscriberArrays = Arrays.copyOf(subscriberArrays, id + 1);
        subscriberArrays[id] = new Ws[0];
        if (id >= seqs.length)
        {
            seqs = Arrays.copyOf(seqs, seqs.length * 2);
        }
        return id;
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static int put(final byte[] dst, final int at, final String ascii)
    {
        for (int i = 0; i < ascii.length(); i++)
        {
            dst[at + i] = (byte)ascii.charAt(i);
        }
        return at + ascii.length();
    }

    private static int putLong(final byte[] dst, final int at, final long value)
    {
        long v = value;
        if (v == 0)
        {
            dst[at] = '0';
            return at + 1;
        }
        int digits = 0;
        for (long t = v; t > 0; t /= 10)
        {
            digits++;
        }
        for (int i = at + digits - 1; i >= at; i--)
        {
            dst[i] = (byte)('0' + v % 10);
            v /= 10;
        }
        return at + digits;
    }

    private static int indexOf(final byte[] b, final int from, final int end, final byte c)
    {
        for (int i = from; i < end; i++)
        {
            if (b[i] == c)
            {
                return i;
            }
        }
        return -1;
    }

    /** The TCP CSV feed. */
    private final class Ingest
    {
        private final SocketChannel channel;
        private final byte[] in = new byte[256 * 1024];
        private final ByteBuffer buffer = ByteBuffer.wrap(in);

        Ingest(final SocketChannel channel)
        {
            this.channel = channel;
        }

        void onReadable(final SelectionKey key) throws IOException
        {
            final int n = channel.read(buffer);
            if (n < 0)
            {
                key.cancel();
                channel.close();
                return;
            }
            final int end = buffer.position();
            int lineStart = 0;
            for (int i = 0; i < end; i++)
            {
                if (in[i] == '\n')
                {
                    onLine(in, lineStart, i);
                    lineStart = i + 1;
                }
            }
            System.arraycopy(in, lineStart, in, 0, end - lineStart);
            buffer.position(end - lineStart);
            if (!buffer.hasRemaining())
            {
                buffer.clear();
            }
        }
    }

    /** One WebSocket connection. */
    private final class Ws
    {
        private final SocketChannel channel;
        SelectionKey key;
        private boolean open;
        private boolean closed;
        boolean dirty;
        private byte[] in = new byte[8 * 1024];
        private ByteBuffer inBuffer = ByteBuffer.wrap(in);
        private byte[] batch = new byte[4 * 1024];
        private ByteBuffer batchBuffer = ByteBuffer.wrap(batch);
        private int batchLength = HEADER_ROOM;
        private byte[] queued = new byte[0];
        private ByteBuffer queuedBuffer = ByteBuffer.wrap(queued);
        private final List<Integer> subscribed = new ArrayList<>();

        Ws(final SocketChannel channel)
        {
            this.channel = channel;
        }

        void append(final byte[] message, final int length)
        {
            if (closed)
            {
                return;
            }
            if (batchLength + length + 2 > batch.length)
            {
                if (batch.length >= MAX_BATCH + HEADER_ROOM + 2048)
                {
                    flushBatch();
                }
                if (batchLength + length + 2 > batch.length)
                {
                    batch = Arrays.copyOf(batch, Math.max(batch.length * 2, batchLength + length + 2));
                    batchBuffer = ByteBuffer.wrap(batch);
                }
            }
            batch[batchLength] = (byte)(batchLength == HEADER_ROOM ? '[' : ',');
            batchLength++;
            System.arraycopy(message, 0, batch, batchLength, length);
            batchLength += length;
            if (!dirty)
            {
                dirty = true;
                if (dirtyCount == NullGateway.this.dirty.length)
                {
                    NullGateway.this.dirty = Arrays.copyOf(NullGateway.this.dirty, dirtyCount * 2);
                }
                NullGateway.this.dirty[dirtyCount++] = this;
            }
        }

        /** Writes the pending batch as one text frame. */
        void flushBatch()
        {
            if (batchLength == HEADER_ROOM || closed)
            {
                batchLength = HEADER_ROOM;
                return;
            }
            batch[batchLength++] = ']';
            final int payload = batchLength - HEADER_ROOM;
            final int start;
            if (payload < 126)
            {
                start = HEADER_ROOM - 2;
                batch[start + 1] = (byte)payload;
            }
            else if (payload < 65_536)
            {
                start = HEADER_ROOM - 4;
                batch[start + 1] = 126;
                batch[start + 2] = (byte)(payload >>> 8);
                batch[start + 3] = (byte)payload;
            }
            else
            {
                start = 0;
                batch[1] = 127;
                for (int k = 0; k < 8; k++)
                {
                    batch[2 + k] = (byte)((long)payload >>> (56 - 8 * k));
                }
            }
            batch[start] = (byte)0x81;
            framesOut++;
            send(batch, batchBuffer, start, batchLength);
            batchLength = HEADER_ROOM;
        }

        private void send(final byte[] bytes, final ByteBuffer view, final int from, final int to)
        {
            try
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
                    if (queuedBuffer.position() + rest > maxQueued)
                    {
                        cutOffs++;
                        closed = true;
                        close();
                        return;
                    }
                    if (queuedBuffer.remaining() < rest)
                    {
                        final byte[] bigger = Arrays.copyOf(queued,
                            Math.min(maxQueued, Math.max(queued.length * 2, queuedBuffer.position() + rest)));
                        final int position = queuedBuffer.position();
                        queued = bigger;
                        queuedBuffer = ByteBuffer.wrap(queued);
                        queuedBuffer.position(position);
                    }
                    queuedBuffer.put(bytes, offset, rest);
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                }
            }
            catch (final IOException ex)
            {
                close();
            }
        }

        void flushQueued() throws IOException
        {
            queuedBuffer.flip();
            channel.write(queuedBuffer);
            queuedBuffer.compact();
            if (queuedBuffer.position() == 0)
            {
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        void onReadable() throws IOException
        {
            if (!inBuffer.hasRemaining())
            {
                in = Arrays.copyOf(in, in.length * 2);
                final int position = inBuffer.position();
                inBuffer = ByteBuffer.wrap(in);
                inBuffer.position(position);
            }
            if (channel.read(inBuffer) < 0)
            {
                close();
                return;
            }
            final int end = inBuffer.position();
            int pos = 0;
            if (!open)
            {
                final int headEnd = WsHandshake.headEnd(in, end);
                if (headEnd < 0)
                {
                    return;
                }
                final String head = new String(in, 0, headEnd, StandardCharsets.ISO_8859_1);
                final String key = WsHandshake.header(head, "sec-websocket-key");
                if (null == key)
                {
                    final byte[] notFound = bytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n" +
                        "Connection: close\r\n\r\n");
                    channel.write(ByteBuffer.wrap(notFound));
                    close();
                    return;
                }
                final byte[] answer = bytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n" +
                    "Connection: Upgrade\r\nSec-WebSocket-Accept: " + WsHandshake.acceptKey(key) + "\r\n\r\n");
                sendRaw(answer);
                open = true;
                sendText("[{\"type\":\"welcome\",\"server\":\"null-gateway\",\"protocol\":1,\"heartbeatMs\":0}]");
                pos = headEnd;
            }
            while (end - pos >= 6)
            {
                final int b0 = in[pos] & 0xFF;
                final int len7 = in[pos + 1] & 0x7F;
                int header = 2;
                long length = len7;
                if (len7 == 126)
                {
                    header = 4;
                    length = ((in[pos + 2] & 0xFF) << 8) | (in[pos + 3] & 0xFF);
                }
                else if (len7 == 127)
                {
                    header = 10;
                    if (end - pos < header)
                    {
                        break;
                    }
                    length = 0;
                    for (int k = 2; k < 10; k++)
                    {
                        length = (length << 8) | (in[pos + k] & 0xFF);
                    }
                }
                header += 4;
                if (length > (1 << 20))
                {
                    close();
                    return;
                }
                if (end - pos < header + length)
                {
                    if (header + length > in.length)
                    {
                        in = Arrays.copyOf(in, (int)(header + length));
                        final int position = inBuffer.position();
                        inBuffer = ByteBuffer.wrap(in);
                        inBuffer.position(position);
                    }
                    break;
                }
                final int p = pos + header;
                for (int i = 0; i < length; i++)
                {
                    in[p + i] ^= in[p - 4 + (i & 3)];
                }
                final int opcode = b0 & 0x0F;
                if (opcode == WsFrameParser.OP_TEXT)
                {
                    onCommand(new String(in, p, (int)length, StandardCharsets.UTF_8));
                }
                else if (opcode == WsFrameParser.OP_CLOSE)
                {
                    sendFrame(0x88, in, p, (int)Math.min(length, 2));
                    close();
                    return;
                }
                else if (opcode == WsFrameParser.OP_PING)
                {
                    sendFrame(0x8A, in, p, (int)length);
                }
                pos = p + (int)length;
            }
            System.arraycopy(in, pos, in, 0, end - pos);
            inBuffer.position(end - pos);
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
                int symbol = symbols.find(bytes(name), 0, name.length());
                if (symbol < 0)
                {
                    symbol = define(name);
                }
                if (!subscribed.contains(symbol))
                {
                    subscribed.add(symbol);
                    subscribers.get(symbol).add(this);
                    subscriberArrays[symbol] = subscribers.get(symbol).toArray(new Ws[0]);
                }
                answer.append(first ? "\"" : ",\"").append(name).append('"');
                first = false;
            }
            sendText(answer.append("]}]").toString());
        }

        private String rawValue(final String json, final String key)
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

        private void sendText(final String text)
        {
            final byte[] b = text.getBytes(StandardCharsets.UTF_8);
            sendFrame(0x81, b, 0, b.length);
        }

        /** A control or command-answer frame, sent after any pending batch so messages stay in order. */
        private void sendFrame(final int b0, final byte[] payload, final int offset, final int length)
        {
            if (dirty)
            {
                flushBatch();
            }
            final byte[] frame = new byte[length + 4];
            frame[0] = (byte)b0;
            int p;
            if (length < 126)
            {
                frame[1] = (byte)length;
                p = 2;
            }
            else
            {
                frame[1] = 126;
                frame[2] = (byte)(length >>> 8);
                frame[3] = (byte)length;
                p = 4;
            }
            System.arraycopy(payload, offset, frame, p, length);
            sendRaw(Arrays.copyOf(frame, p + length));
        }

        private void sendRaw(final byte[] bytes)
        {
            send(bytes, ByteBuffer.wrap(bytes), 0, bytes.length);
        }

        void close()
        {
            closed = true;
            for (final Integer symbol : subscribed)
            {
                subscribers.get(symbol).remove(this);
                subscriberArrays[symbol] = subscribers.get(symbol).toArray(new Ws[0]);
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

    /** Symbol bytes to a dense id, without allocating on lookup. */
    static final class SymbolTable
    {
        private byte[][] names = new byte[1024][];
        private int[] slots = new int[4096];
        private int count;

        int find(final byte[] b, final int offset, final int length)
        {
            final int mask = slots.length - 1;
            int slot = hash(b, offset, length) & mask;
            while (true)
            {
                final int entry = slots[slot];
                if (entry == 0)
                {
                    return -1;
                }
                final byte[] name = names[entry - 1];
                if (Arrays.equals(name, 0, name.length, b, offset, offset + length))
                {
                    return entry - 1;
                }
                slot = (slot + 1) & mask;
            }
        }

        int add(final String name)
        {
            final byte[] b = name.getBytes(StandardCharsets.US_ASCII);
            if (count * 2 >= slots.length)
            {
                slots = new int[slots.length * 2];
                for (int i = 0; i < count; i++)
                {
                    insert(names[i], i);
                }
            }
            if (count == names.length)
            {
                names = Arrays.copyOf(names, count * 2);
            }
            names[count] = b;
            insert(b, count);
            return count++;
        }

        private void insert(final byte[] b, final int id)
        {
            final int mask = slots.length - 1;
            int slot = hash(b, 0, b.length) & mask;
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            slots[slot] = id + 1;
        }

        private static int hash(final byte[] b, final int offset, final int length)
        {
            int h = 0;
            for (int i = offset; i < offset + length; i++)
            {
                h = 31 * h + b[i];
            }
            return h ^ (h >>> 16);
        }
    }
}
