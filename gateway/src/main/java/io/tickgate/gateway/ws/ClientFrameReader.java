package io.tickgate.gateway.ws;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Server-side parser of RFC 6455 frames sent by a client: checks every rule of §5 a server must enforce, joins
 * fragmented messages and reports each message, control frame or protocol violation to a {@link Handler}.
 * <p>
 * The header is parsed a byte at a time into fields, so a frame may be split anywhere, even inside the header or
 * the mask, without buffering. Payloads are never held raw: a binary payload is only counted (commands are text),
 * a control payload is unmasked into a lazily allocated 125-byte scratch, and a text message that is whole and
 * unfragmented inside one read is unmasked through that scratch straight into its decoder. Only a text message
 * split over reads or fragments is held, unmasked, in a buffer allocated as its bytes arrive and dropped when it
 * is delivered, so an idle reader costs only its own fields.
 * <p>
 * Longer than 400 lines: it is one state machine (header bytes, mask, payload, fragments, UTF-8, close codes) whose
 * states share their fields; split up, each part would need the others' state.
 * <p>
 * <b>Note:</b> not threadsafe; owned by the connection's IO thread.
 */
public final class ClientFrameReader
{
    /**
     * Receives what {@link #onBytes(ByteBuffer, Handler)} parsed, on the thread that called it.
     */
    public interface Handler
    {
        /**
         * A complete text message (all fragments joined), valid UTF-8, at most maxMessageBytes long.
         *
         * @param text the message.
         */
        void onText(String text);

        /**
         * A complete binary message arrived (its bytes are not kept: commands are text only).
         *
         * @param length of the whole message, all fragments together.
         */
        void onBinary(int length);

        /**
         * A ping; payload is valid only during the call (the caller echoes it in a pong).
         *
         * @param payload holding the unmasked application data.
         * @param offset  of the data in payload.
         * @param length  of the data, at most 125.
         */
        void onPing(DirectBuffer payload, int offset, int length);

        /**
         * A pong, payload ignored.
         */
        void onPong();

        /**
         * A close frame: code 1005 when it had no body; reason decoded as UTF-8. After it, nothing more is parsed.
         *
         * @param code   the status code, or 1005 when the frame had none.
         * @param reason the reason, empty when none.
         */
        void onClose(int code, String reason);

        /**
         * The peer broke the protocol: close with this code (1002 protocol error, 1007 invalid UTF-8, 1009 message
         * too big) and reason; after it, nothing more is parsed.
         *
         * @param closeCode to close the connection with.
         * @param reason    to close the connection with, for people.
         */
        void onProtocolError(int closeCode, String reason);
    }

    private static final int CLOSE_NO_STATUS = 1005;
    private static final int CLOSE_PROTOCOL_ERROR = 1002;
    private static final int CLOSE_INVALID_PAYLOAD = 1007;
    private static final int CLOSE_MESSAGE_TOO_BIG = 1009;

    private static final int OP_CONTINUATION = 0x0;
    private static final int OP_TEXT = 0x1;
    private static final int OP_BINARY = 0x2;
    private static final int OP_CLOSE = 0x8;
    private static final int OP_PING = 0x9;
    private static final int OP_PONG = 0xA;

    private static final int FIN = 0x80;
    private static final int RSV = 0x70;
    private static final int MASKED = 0x80;
    private static final int MAX_CONTROL_PAYLOAD = 125;

    // a UTF-8 validator state: continuation bytes still due, and the range the next one must fall in
    private static final int UTF8_ACCEPT = 0;
    private static final int UTF8_REJECT = -1;

    private final int maxMessageBytes;

    // the frame being parsed: header fields filled a byte at a time, then payload progress
    private boolean inPayload;
    private int headerLength;
    private int headerSize = 2;
    private int extendedLengthBytes;
    private int frameFin;
    private int frameOpcode;
    private long declaredLength;
    private int maskKey;
    private int payloadLength;
    private int payloadRead;

    // the message being joined: its opcode (0 when none), declared bytes so far, and the text held for it
    private int messageOpcode;
    private int messageLength;
    private int utf8State;
    private byte[] held;
    private int heldLength;

    private byte[] scratch;
    private UnsafeBuffer scratchBuffer;
    private boolean ended;

    /**
     * A reader for one connection.
     *
     * @param maxMessageBytes the largest message, all fragments together, before the connection fails with 1009.
     */
    public ClientFrameReader(final int maxMessageBytes)
    {
        if (maxMessageBytes < 0)
        {
            throw new IllegalArgumentException("maxMessageBytes < 0: " + maxMessageBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Parse what arrived: src from position to limit; consumes all of it (a partial frame's bytes are kept inside
     * the reader until the rest arrives). Returns false once a close or protocol error ended the stream.
     *
     * @param src     the bytes read from the socket; its position is moved to its limit, its content is not changed.
     * @param handler told of each message, control frame or violation, during the call.
     * @return true while the stream goes on, false once a close or a protocol error ended it.
     */
    public boolean onBytes(final ByteBuffer src, final Handler handler)
    {
        int position = src.position();
        final int limit = src.limit();
        src.position(limit);

        while (!ended)
        {
            if (!inPayload)
            {
                if (position == limit)
                {
                    break;
                }
                position = readHeader(src, position, limit, handler);
            }
            else
            {
                // zero bytes still complete an empty frame, or the last frame of this read
                final int length = Math.min(limit - position, payloadLength - payloadRead);
                readPayload(src, position, length, handler);
                position += length;
                if (inPayload)
                {
                    break;
                }
            }
        }

        return !ended;
    }

    /**
     * Bytes held for a partial frame or a fragmented message (0 when idle): what this connection costs.
     *
     * @return the header bytes of a partial header, plus control payload and text message bytes held.
     */
    public int heldBytes()
    {
        if (ended)
        {
            return 0;
        }
        final int header = inPayload ? 0 : headerLength;
        final int control = inPayload && isControl(frameOpcode) ? payloadRead : 0;
        return header + control + heldLength;
    }

    private int readHeader(final ByteBuffer src, final int start, final int limit, final Handler handler)
    {
        int position = start;
        while (position < limit && headerLength < headerSize)
        {
            final int b = src.get(position++) & 0xFF;
            final int index = headerLength++;
            if (0 == index)
            {
                frameFin = b & FIN;
                frameOpcode = b & 0x0F;
                if (!checkFirstByte(b, handler))
                {
                    return limit;
                }
            }
            else if (1 == index)
            {
                if (!checkSecondByte(b, handler))
                {
                    return limit;
                }
            }
            else if (index < 2 + extendedLengthBytes)
            {
                declaredLength = (declaredLength << 8) | b;
                if (index == 1 + extendedLengthBytes && !checkLength(handler))
                {
                    return limit;
                }
            }
            else
            {
                maskKey = (maskKey << 8) | b;
            }
        }

        if (headerLength == headerSize)
        {
            inPayload = true;
            payloadLength = (int)declaredLength;
            payloadRead = 0;
        }

        return position;
    }

    private boolean checkFirstByte(final int b, final Handler handler)
    {
        if (0 != (b & RSV))
        {
            return fail(handler, CLOSE_PROTOCOL_ERROR, "RSV bits set without an extension");
        }
        switch (frameOpcode)
        {
            case OP_CONTINUATION:
                if (0 == messageOpcode)
                {
                    return fail(handler, CLOSE_PROTOCOL_ERROR, "continuation frame without a message started");
                }
                return true;

            case OP_TEXT:
            case OP_BINARY:
                if (0 != messageOpcode)
                {
                    return fail(handler, CLOSE_PROTOCOL_ERROR, "new message before the fragmented one ended");
                }
                return true;

            case OP_CLOSE:
            case OP_PING:
            case OP_PONG:
                if (0 == frameFin)
                {
                    return fail(handler, CLOSE_PROTOCOL_ERROR, "fragmented control frame");
                }
                return true;

            default:
                return fail(handler, CLOSE_PROTOCOL_ERROR, "unknown opcode " + frameOpcode);
        }
    }

    private boolean checkSecondByte(final int b, final Handler handler)
    {
        if (0 == (b & MASKED))
        {
            return fail(handler, CLOSE_PROTOCOL_ERROR, "client frame not masked");
        }
        final int length7 = b & 0x7F;
        if (isControl(frameOpcode) && length7 > MAX_CONTROL_PAYLOAD)
        {
            return fail(handler, CLOSE_PROTOCOL_ERROR, "control frame payload over 125 bytes");
        }
        extendedLengthBytes = 126 == length7 ? 2 : 127 == length7 ? 8 : 0;
        headerSize = 2 + extendedLengthBytes + 4;
        declaredLength = 0 == extendedLengthBytes ? length7 : 0;

        return 0 != extendedLengthBytes || checkLength(handler);
    }

    private boolean checkLength(final Handler handler)
    {
        if (declaredLength < 0)
        {
            return fail(handler, CLOSE_PROTOCOL_ERROR, "64-bit payload length with the top bit set");
        }
        if (!isControl(frameOpcode))
        {
            // decided on the header alone: an oversized payload is never read, let alone buffered
            if (messageLength + declaredLength > maxMessageBytes)
            {
                return fail(handler, CLOSE_MESSAGE_TOO_BIG, "message over " + maxMessageBytes + " bytes");
            }
            messageLength += (int)declaredLength;
            if (OP_CONTINUATION != frameOpcode)
            {
                messageOpcode = frameOpcode;
            }
        }

        return true;
    }

    private void readPayload(final ByteBuffer src, final int position, final int length, final Handler handler)
    {
        final int maskIndex = payloadRead;
        payloadRead += length;
        final boolean frameDone = payloadRead == payloadLength;

        if (isControl(frameOpcode))
        {
            unmask(src, position, scratch(), maskIndex, length, maskIndex);
            if (frameDone)
            {
                endFrame();
                onControl(handler);
            }
        }
        else if (OP_TEXT == messageOpcode)
        {
            if (OP_TEXT == frameOpcode && 0 != frameFin && 0 == maskIndex && frameDone)
            {
                // the common case, a whole unfragmented message in this read: decode it without holding it
                final String text = decodeMasked(src, position, length);
                endFrame();
                endMessage();
                if (null == text)
                {
                    fail(handler, CLOSE_INVALID_PAYLOAD, "text message not valid UTF-8");
                }
                else
                {
                    handler.onText(text);
                }
            }
            else
            {
                holdText(src, position, length, maskIndex, handler);
                if (frameDone && !ended)
                {
                    endFrame();
                    if (0 != frameFin)
                    {
                        deliverHeldText(handler);
                    }
                }
            }
        }
        else if (frameDone)
        {
            // binary: counted, never kept
            endFrame();
            if (0 != frameFin)
            {
                final int total = messageLength;
                endMessage();
                handler.onBinary(total);
            }
        }
    }

    private void onControl(final Handler handler)
    {
        final int length = payloadLength;
        switch (frameOpcode)
        {
            case OP_PING:
                handler.onPing(scratchBuffer, 0, length);
                break;

            case OP_PONG:
                handler.onPong();
                break;

            default:
                onCloseFrame(length, handler);
                break;
        }
    }

    private void onCloseFrame(final int length, final Handler handler)
    {
        if (0 == length)
        {
            end();
            handler.onClose(CLOSE_NO_STATUS, "");
            return;
        }
        if (1 == length)
        {
            fail(handler, CLOSE_PROTOCOL_ERROR, "close frame with a 1-byte body");
            return;
        }
        final int code = ((scratch[0] & 0xFF) << 8) | (scratch[1] & 0xFF);
        if (!isValidCloseCode(code))
        {
            fail(handler, CLOSE_PROTOCOL_ERROR, "invalid close code " + code);
            return;
        }
        final String reason = decode(ByteBuffer.wrap(scratch, 2, length - 2));
        if (null == reason)
        {
            fail(handler, CLOSE_INVALID_PAYLOAD, "close reason not valid UTF-8");
            return;
        }
        end();
        handler.onClose(code, reason);
    }

    private void holdText(
        final ByteBuffer src, final int position, final int length, final int maskIndex, final Handler handler)
    {
        if (0 == length)
        {
            return;
        }
        final int start = heldLength;
        ensureHeld(start + length);
        unmask(src, position, held, start, length, maskIndex);
        heldLength = start + length;

        // fail fast: a bad byte is reported when it arrives, not when the last fragment does
        int state = utf8State;
        for (int i = start, end = start + length; i < end; i++)
        {
            state = nextUtf8State(state, held[i] & 0xFF);
            if (UTF8_REJECT == state)
            {
                fail(handler, CLOSE_INVALID_PAYLOAD, "text message not valid UTF-8");
                return;
            }
        }
        utf8State = state;
    }

    private void deliverHeldText(final Handler handler)
    {
        // an incomplete sequence at the end is also rejected by the decoder
        final String text = UTF8_ACCEPT != utf8State ? null :
            null == held ? "" : decode(ByteBuffer.wrap(held, 0, heldLength));
        endMessage();
        if (null == text)
        {
            fail(handler, CLOSE_INVALID_PAYLOAD, "text message not valid UTF-8");
        }
        else
        {
            handler.onText(text);
        }
    }

    private void ensureHeld(final int required)
    {
        final byte[] buffer = held;
        if (null == buffer || buffer.length < required)
        {
            // grow with the bytes that arrived, not the length a header claims: a trickle cannot reserve the limit
            final long doubled = null == buffer ? 0 : 2L * buffer.length;
            final int capacity = (int)Math.min(maxMessageBytes, Math.max(required, doubled));
            held = null == buffer ? new byte[capacity] : Arrays.copyOf(buffer, capacity);
        }
    }

    private String decodeMasked(final ByteBuffer src, final int position, final int length)
    {
        if (0 == length)
        {
            return "";
        }

        // unmask a scratch-full at a time; a sequence cut at the scratch's end stays in it for the next round
        final byte[] chunk = scratch();
        final ByteBuffer in = ByteBuffer.wrap(chunk);
        // never more chars than bytes (a 4-byte sequence makes 2), so the decoder cannot overflow
        final CharBuffer out = CharBuffer.allocate(length);
        final CharsetDecoder decoder = newDecoder();
        in.limit(0);
        int done = 0;
        while (done < length)
        {
            in.compact();
            final int count = Math.min(in.remaining(), length - done);
            unmask(src, position + done, chunk, in.position(), count, done);
            in.position(in.position() + count).flip();
            done += count;
            if (decoder.decode(in, out, done == length).isError())
            {
                return null;
            }
        }

        return decoder.flush(out).isError() ? null : out.flip().toString();
    }

    private void unmask(
        final ByteBuffer src,
        final int position,
        final byte[] dst,
        final int dstOffset,
        final int length,
        final int maskIndex)
    {
        src.get(position, dst, dstOffset, length);
        final int key = maskKey;
        for (int i = 0; i < length; i++)
        {
            final int shift = (3 - ((maskIndex + i) & 3)) << 3;
            dst[dstOffset + i] ^= (byte)(key >>> shift);
        }
    }

    private byte[] scratch()
    {
        if (null == scratch)
        {
            scratch = new byte[MAX_CONTROL_PAYLOAD];
            scratchBuffer = new UnsafeBuffer(scratch);
        }
        return scratch;
    }

    private void endFrame()
    {
        inPayload = false;
        headerLength = 0;
        headerSize = 2;
        extendedLengthBytes = 0;
        declaredLength = 0;
        maskKey = 0;
    }

    private void endMessage()
    {
        messageOpcode = 0;
        messageLength = 0;
        utf8State = UTF8_ACCEPT;
        held = null;
        heldLength = 0;
    }

    private void end()
    {
        ended = true;
        endMessage();
        scratch = null;
        scratchBuffer = null;
    }

    private boolean fail(final Handler handler, final int closeCode, final String reason)
    {
        end();
        handler.onProtocolError(closeCode, reason);
        return false;
    }

    private static boolean isControl(final int opcode)
    {
        return 0 != (opcode & 0x8);
    }

    private static boolean isValidCloseCode(final int code)
    {
        // 1004-1006 and 1015 must not be sent, 1016-2999 are unassigned, 3000-4999 are for libraries and apps
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    private static CharsetDecoder newDecoder()
    {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static String decode(final ByteBuffer bytes)
    {
        final CharsetDecoder decoder = newDecoder();
        final CharBuffer out = CharBuffer.allocate(bytes.remaining());
        if (decoder.decode(bytes, out, true).isError() || decoder.flush(out).isError())
        {
            return null;
        }
        return out.flip().toString();
    }

    /**
     * One step of a strict UTF-8 validator (Unicode Table 3-7: no overlong forms, no surrogates, nothing over
     * U+10FFFF), so fragments can be checked as they arrive with a sequence cut anywhere. The state packs the
     * continuation bytes still due with the range the next one must fall in.
     */
    private static int nextUtf8State(final int state, final int b)
    {
        if (UTF8_ACCEPT == state)
        {
            if (b < 0x80)
            {
                return UTF8_ACCEPT;
            }
            if (b >= 0xC2 && b <= 0xDF)
            {
                return utf8Due(1, 0x80, 0xBF);
            }
            if (b == 0xE0)
            {
                return utf8Due(2, 0xA0, 0xBF);
            }
            if (b == 0xED)
            {
                return utf8Due(2, 0x80, 0x9F);
            }
            if (b >= 0xE1 && b <= 0xEF)
            {
                return utf8Due(2, 0x80, 0xBF);
            }
            if (b == 0xF0)
            {
                return utf8Due(3, 0x90, 0xBF);
            }
            if (b >= 0xF1 && b <= 0xF3)
            {
                return utf8Due(3, 0x80, 0xBF);
            }
            if (b == 0xF4)
            {
                return utf8Due(3, 0x80, 0x8F);
            }
            return UTF8_REJECT;
        }

        final int due = state & 0xFF;
        final int low = (state >>> 8) & 0xFF;
        final int high = (state >>> 16) & 0xFF;
        if (b < low || b > high)
        {
            return UTF8_REJECT;
        }
        return 1 == due ? UTF8_ACCEPT : utf8Due(due - 1, 0x80, 0xBF);
    }

    private static int utf8Due(final int due, final int low, final int high)
    {
        return due | (low << 8) | (high << 16);
    }
}
