package io.tickgate.gateway.ws;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Test-only strict reader of server-to-client frames, written from RFC 6455 §5.2 rather than from {@link Frames}:
 * FIN set, RSV bits 0, no mask, a known opcode, the length in the fewest bytes, control frames at most 125 bytes.
 * Public for the publisher's unit tests (io.tickgate.gateway.publisher).
 */
public final class ServerFrames
{
    public record Header(int opcode, int headerLength, long payloadLength)
    {
    }

    /**
     * @param end offset just after the frame in the parsed bytes.
     */
    public record Frame(int opcode, int headerLength, byte[] payload, int end)
    {
        public boolean isControl()
        {
            return (opcode & 0x8) != 0;
        }
    }

    private ServerFrames()
    {
    }

    /**
     * @return the fewest header bytes RFC 6455 allows for an unmasked frame of {@code payloadLength}.
     */
    public static int minimalHeaderLength(final long payloadLength)
    {
        return payloadLength < 126 ? 2 : payloadLength < 65_536 ? 4 : 10;
    }

    /**
     * @return every frame in {@code bytes}, which must end on a frame boundary.
     */
    public static List<Frame> parse(final byte[] bytes)
    {
        final List<Frame> frames = new ArrayList<>();
        int offset = 0;
        while (offset < bytes.length)
        {
            final Frame frame = parseOne(bytes, offset);
            frames.add(frame);
            offset = frame.end();
        }
        return frames;
    }

    /**
     * @return the frame at {@code offset}, which must hold all of it.
     */
    public static Frame parseOne(final byte[] bytes, final int offset)
    {
        final Header header = parseHeader(bytes, offset);
        final int payloadStart = offset + header.headerLength();
        assertTrue(bytes.length - payloadStart >= header.payloadLength(), "truncated payload at " + offset);
        final int end = payloadStart + (int)header.payloadLength();
        return new Frame(header.opcode(), header.headerLength(), Arrays.copyOfRange(bytes, payloadStart, end), end);
    }

    /**
     * @return the header at {@code offset}; the payload need not follow.
     */
    public static Header parseHeader(final byte[] bytes, final int offset)
    {
        assertTrue(bytes.length - offset >= 2, "truncated header at " + offset);
        final int b0 = bytes[offset] & 0xFF;
        final int b1 = bytes[offset + 1] & 0xFF;
        assertEquals(0x80, b0 & 0x80, "FIN at " + offset);
        assertEquals(0, b0 & 0x70, "RSV at " + offset);
        final int opcode = b0 & 0x0F;
        assertTrue(opcode == Frames.OP_TEXT || opcode == Frames.OP_BINARY || opcode == Frames.OP_CLOSE ||
            opcode == Frames.OP_PING || opcode == Frames.OP_PONG, "opcode " + opcode + " at " + offset);
        assertEquals(0, b1 & 0x80, "server frames are unmasked, at " + offset);

        final int length7 = b1 & 0x7F;
        final int headerLength = length7 < 126 ? 2 : length7 == 126 ? 4 : 10;
        assertTrue(bytes.length - offset >= headerLength, "truncated extended length at " + offset);
        long length = length7;
        if (length7 >= 126)
        {
            length = 0;
            for (int i = 2; i < headerLength; i++)
            {
                length = (length << 8) | (bytes[offset + i] & 0xFF);
            }
            assertTrue(length >= 0, "64-bit length with the top bit set at " + offset);
        }
        assertEquals(minimalHeaderLength(length), headerLength, "length " + length + " not in the fewest bytes at " +
            offset);
        if ((opcode & 0x8) != 0)
        {
            assertTrue(length <= Frames.MAX_CONTROL_PAYLOAD, "control frame of " + length + " at " + offset);
        }
        return new Header(opcode, headerLength, length);
    }
}
