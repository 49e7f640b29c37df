package io.tickgate.gateway.publisher;

import io.tickgate.codec.BinaryQuote;
import io.tickgate.codec.MessageHeaderDecoder;
import io.tickgate.codec.MessageHeaderEncoder;
import io.tickgate.codec.SymbolDefinitionDecoder;
import io.tickgate.codec.TickDecoder;
import io.tickgate.testing.Json;
import io.tickgate.gateway.ws.Frames;
import io.tickgate.gateway.ws.ServerFrames;
import org.agrona.concurrent.UnsafeBuffer;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client's end of a connection with no network: the publisher writes to it as to a non-blocking socket, and it
 * takes at most {@link #takePerWrite(int)} bytes per write (unlimited by default; 0 is a client that does not read).
 * What it takes is parsed strictly ({@link ServerFrames}) into frames, and the frames into messages, in order:
 * <ul>
 * <li>each JSON object of a text frame (every text frame is a JSON array of them) as its map;</li>
 * <li>each record of a binary frame (docs/binary-format.md) as a map: {@code type} {@code symbol} (a definition:
 * {@code symbolId}, {@code symbol}) or {@code tick}/{@code snapshot} ({@code symbolId}, {@code symbol},
 * {@code seq}, {@code ts}, {@code last} as the fixed-point mantissa);</li>
 * <li>control frames as {@code ws:ping} and {@code ws:pong} (with {@code payload}) and {@code ws:close} (with
 * {@code code} and {@code reason}).</li>
 * </ul>
 * Every message also holds {@code @at}: the hand clock's time when the socket took the last byte of its frame.
 */
final class FakeSocket implements ClientSocket, WritableByteChannel
{
    static final int UNLIMITED = Integer.MAX_VALUE;

    private final String name;
    private final LongSupplier clock;
    private final List<ServerFrames.Frame> frames = new ArrayList<>();
    private final List<Map<String, Object>> messages = new ArrayList<>();
    private final Map<Integer, String> binarySymbols = new HashMap<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final SymbolDefinitionDecoder definition = new SymbolDefinitionDecoder();
    private final TickDecoder quote = new TickDecoder();
    private Runnable onPing = () -> {};
    private int takePerWrite = UNLIMITED;
    private byte[] taken = new byte[4096];
    private int takenLength;
    private int parsedLength;
    private boolean closed;
    private RuntimeException writeFailure;
    private RuntimeException addressFailure;

    FakeSocket(final String name, final LongSupplier clock)
    {
        this.name = name;
        this.clock = clock;
    }

    /**
     * @param bytes most bytes each write takes: 0 for a client that does not read, {@link #UNLIMITED} for one that
     *              keeps up.
     */
    FakeSocket takePerWrite(final int bytes)
    {
        takePerWrite = bytes;
        return this;
    }

    /**
     * @param action run when a ping frame arrives, e.g. the client answering it.
     */
    FakeSocket onPing(final Runnable action)
    {
        onPing = action;
        return this;
    }

    /**
     * @param failure thrown from now on by every write, as a bug in the connection layer would.
     */
    FakeSocket failWrites(final RuntimeException failure)
    {
        writeFailure = failure;
        return this;
    }

    /**
     * @param failure thrown from now on whenever the publisher asks for the client's address (to log it).
     */
    FakeSocket failAddress(final RuntimeException failure)
    {
        addressFailure = failure;
        return this;
    }

    boolean isClosed()
    {
        return closed;
    }

    /**
     * @return bytes the socket took in all.
     */
    int bytesTaken()
    {
        return takenLength;
    }

    /**
     * @return the whole frames taken so far.
     */
    List<ServerFrames.Frame> frames()
    {
        return List.copyOf(frames);
    }

    /**
     * @return the messages of the whole frames taken so far, in order.
     */
    List<Map<String, Object>> messages()
    {
        return List.copyOf(messages);
    }

    // ---------------------------------------------------------------- ClientSocket

    public WritableByteChannel channel()
    {
        return this;
    }

    public SocketAddress remoteAddress()
    {
        throwIf(addressFailure);
        return InetSocketAddress.createUnresolved(name, 1);
    }

    public void close()
    {
        closed = true;
    }

    // ---------------------------------------------------------------- WritableByteChannel

    public boolean isOpen()
    {
        return !closed;
    }

    public int write(final ByteBuffer src) throws ClosedChannelException
    {
        if (closed)
        {
            throw new ClosedChannelException();
        }
        throwIf(writeFailure);
        final int length = Math.min(src.remaining(), takePerWrite);
        if (takenLength + length > taken.length)
        {
            taken = Arrays.copyOf(taken, Math.max(taken.length * 2, takenLength + length));
        }
        src.get(taken, takenLength, length);
        takenLength += length;
        parseWholeFrames();
        return length;
    }

    private static void throwIf(final RuntimeException failure)
    {
        if (null != failure)
        {
            throw failure;
        }
    }

    // ---------------------------------------------------------------- parsing

    private void parseWholeFrames()
    {
        for (int length; (length = wholeFrameLength(parsedLength)) > 0; parsedLength += length)
        {
            final ServerFrames.Frame frame =
                ServerFrames.parseOne(Arrays.copyOfRange(taken, parsedLength, parsedLength + length), 0);
            frames.add(frame);
            onFrame(frame);
        }
    }

    /**
     * @return the length of the frame at {@code offset} when all of it was taken, else 0.
     */
    private int wholeFrameLength(final int offset)
    {
        final int available = takenLength - offset;
        if (available < 2)
        {
            return 0;
        }
        final int length7 = taken[offset + 1] & 0x7F;
        final int headerLength = length7 < 126 ? 2 : length7 == 126 ? 4 : 10;
        if (available < headerLength)
        {
            return 0;
        }
        long length = length7;
        if (length7 >= 126)
        {
            length = 0;
            for (int i = 2; i < headerLength; i++)
            {
                length = (length << 8) | (taken[offset + i] & 0xFF);
            }
        }
        return available >= headerLength + length ? headerLength + (int)length : 0;
    }

    private void onFrame(final ServerFrames.Frame frame)
    {
        final byte[] payload = frame.payload();
        switch (frame.opcode())
        {
            case Frames.OP_TEXT ->
            {
                final Object array = Json.parse(new String(payload, StandardCharsets.UTF_8));
                assertInstanceOf(List.class, array, "a text frame is a JSON array of messages");
                for (final Object message : (List<?>)array)
                {
                    assertInstanceOf(Map.class, message, "each message is a JSON object");
                    @SuppressWarnings("unchecked")
                    final Map<String, Object> map = (Map<String, Object>)message;
                    add(map);
                }
            }
            case Frames.OP_BINARY -> decodeRecords(payload);
            case Frames.OP_CLOSE ->
            {
                final Map<String, Object> close = message("ws:close");
                close.put("code", payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005);
                close.put("reason", payload.length > 2 ?
                    new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "");
                add(close);
            }
            case Frames.OP_PING ->
            {
                add(control("ws:ping", payload));
                onPing.run();
            }
            case Frames.OP_PONG -> add(control("ws:pong", payload));
            default -> throw new AssertionError("opcode " + frame.opcode());
        }
    }

    private void decodeRecords(final byte[] payload)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(payload);
        int offset = 0;
        while (offset < payload.length)
        {
            header.wrap(buffer, offset);
            final int body = offset + MessageHeaderEncoder.ENCODED_LENGTH;
            if (BinaryQuote.SYMBOL_TEMPLATE_ID == header.templateId())
            {
                definition.wrap(buffer, body);
                final String symbol =
                    buffer.getStringWithoutLengthAscii(definition.nameOffset(), definition.nameLength());
                binarySymbols.put(definition.symbolId(), symbol);
                final Map<String, Object> map = message("symbol");
                map.put("symbolId", definition.symbolId());
                map.put("symbol", symbol);
                add(map);
            }
            else
            {
                assertTrue(BinaryQuote.QUOTE_TEMPLATE_ID == header.templateId(), "template " + header.templateId());
                quote.wrap(buffer, body);
                final byte kind = BinaryQuote.kind(buffer, body);
                final Map<String, Object> map = message(BinaryQuote.KIND_SNAPSHOT == kind ? "snapshot" :
                    BinaryQuote.KIND_TICK == kind ? "tick" : "kind" + kind);
                map.put("symbolId", quote.symbolId());
                map.put("symbol", binarySymbols.get(quote.symbolId()));
                map.put("seq", quote.seq());
                map.put("ts", quote.eventTimeMicros());
                map.put("last", quote.last());
                add(map);
            }
            offset = body + header.blockLength();
        }
    }

    private static Map<String, Object> control(final String type, final byte[] payload)
    {
        final Map<String, Object> map = message(type);
        map.put("payload", new String(payload, StandardCharsets.UTF_8));
        return map;
    }

    private static Map<String, Object> message(final String type)
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", type);
        return map;
    }

    private void add(final Map<String, Object> message)
    {
        message.put("@at", clock.getAsLong());
        messages.add(message);
    }
}
