package io.tickgate.perf.nullgateway;

import io.tickgate.perf.ws.WsFrameParser;
import io.tickgate.perf.ws.WsFrameWriter;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A connection's pending messages, to go out as ONE text frame holding a JSON array. Room for the longest unmasked
 * header is kept in front, so the frame is written straight from the batch with its header just before the '['.
 */
final class FrameBatch
{
    private static final int HEADER_ROOM = 10;
    private static final int MAX_BATCH = 60 * 1024;

    private byte[] bytes = new byte[4 * 1024];
    private ByteBuffer view = ByteBuffer.wrap(bytes);
    private int end = HEADER_ROOM;

    boolean isEmpty()
    {
        return HEADER_ROOM == end;
    }

    /** Would a message of this length fit, with its separator and the closing ']'? */
    boolean fits(final int length)
    {
        return end + length + 2 <= bytes.length;
    }

    /** Past about 60 KiB a batch is sent rather than grown. */
    boolean isLarge()
    {
        return bytes.length >= MAX_BATCH + HEADER_ROOM + 2048;
    }

    /** Appends one message (a JSON object), growing the batch when it does not fit. */
    void append(final byte[] message, final int length)
    {
        if (!fits(length))
        {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, end + length + 2));
            view = ByteBuffer.wrap(bytes);
        }
        bytes[end] = (byte)(HEADER_ROOM == end ? '[' : ',');
        end++;
        System.arraycopy(message, 0, bytes, end, length);
        end += length;
    }

    /** Closes the array and writes the frame's header in front of it. @return where the frame starts. */
    int seal()
    {
        bytes[end++] = ']';
        final int payload = end - HEADER_ROOM;
        final int start = HEADER_ROOM - WsFrameWriter.headerLength(payload, false);
        WsFrameWriter.writeHeader(bytes, start, WsFrameParser.OP_TEXT, payload);
        return start;
    }

    byte[] bytes()
    {
        return bytes;
    }

    /** A buffer over {@link #bytes()}, reused for every write. */
    ByteBuffer view()
    {
        return view;
    }

    /** Where the frame (or the pending messages) end in {@link #bytes()}. */
    int end()
    {
        return end;
    }

    void clear()
    {
        end = HEADER_ROOM;
    }
}
