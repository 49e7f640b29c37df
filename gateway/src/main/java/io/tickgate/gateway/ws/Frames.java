package io.tickgate.gateway.ws;

import org.agrona.MutableDirectBuffer;

/**
 * RFC 6455 constants and the server's frame header: unmasked, FIN set, the length in the fewest bytes.
 */
public final class Frames
{
    public static final int OP_CONTINUATION = 0x0;
    public static final int OP_TEXT = 0x1;
    public static final int OP_BINARY = 0x2;
    public static final int OP_CLOSE = 0x8;
    public static final int OP_PING = 0x9;
    public static final int OP_PONG = 0xA;
    public static final int MAX_CONTROL_PAYLOAD = 125;
    public static final int MAX_HEADER = 10;

    public static final int CLOSE_NORMAL = 1000;
    public static final int CLOSE_GOING_AWAY = 1001;
    public static final int CLOSE_PROTOCOL_ERROR = 1002;
    public static final int CLOSE_NO_STATUS = 1005;
    public static final int CLOSE_INVALID_DATA = 1007;
    public static final int CLOSE_POLICY_VIOLATION = 1008;
    public static final int CLOSE_TOO_BIG = 1009;
    public static final int CLOSE_TRY_AGAIN_LATER = 1013;

    private Frames()
    {
    }

    /**
     * @return the header length for a server frame carrying {@code payloadLength} bytes.
     */
    public static int headerLength(final int payloadLength)
    {
        return payloadLength < 126 ? 2 : payloadLength < 65_536 ? 4 : 10;
    }

    /**
     * Write a final, unmasked frame header.
     *
     * @return the header length.
     */
    public static int putHeader(
        final MutableDirectBuffer buffer, final int index, final int opcode, final int payloadLength)
    {
        buffer.putByte(index, (byte)(0x80 | opcode));
        if (payloadLength < 126)
        {
            buffer.putByte(index + 1, (byte)payloadLength);
            return 2;
        }
        if (payloadLength < 65_536)
        {
            buffer.putByte(index + 1, (byte)126);
            buffer.putByte(index + 2, (byte)(payloadLength >>> 8));
            buffer.putByte(index + 3, (byte)payloadLength);
            return 4;
        }
        buffer.putByte(index + 1, (byte)127);
        for (int i = 0; i < 8; i++)
        {
            buffer.putByte(index + 2 + i, (byte)((long)payloadLength >>> (56 - 8 * i)));
        }
        return 10;
    }

    /**
     * Encode a close frame's payload: the code, then the reason cut to fit a control frame.
     *
     * @return the payload length.
     */
    public static int putClosePayload(
        final MutableDirectBuffer buffer, final int index, final int code, final String reason)
    {
        buffer.putByte(index, (byte)(code >>> 8));
        buffer.putByte(index + 1, (byte)code);
        final byte[] bytes = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int length = Math.min(bytes.length, MAX_CONTROL_PAYLOAD - 2);
        // never cut a multi-byte character in two: the peer would see invalid UTF-8 (1007)
        while (length < bytes.length && length > 0 && (bytes[length] & 0xC0) == 0x80)
        {
            length--;
        }
        buffer.putBytes(index + 2, bytes, 0, length);
        return 2 + length;
    }
}
