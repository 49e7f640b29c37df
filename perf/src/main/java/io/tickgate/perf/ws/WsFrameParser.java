package io.tickgate.perf.ws;

/**
 * RFC 6455 frame parser for either side: parses the peer's frames in place from a byte range, without copying or
 * allocating for unfragmented frames. Handles FIN, opcodes text/binary/continuation/close/ping/pong, 7/16/64-bit
 * payload lengths, and control frames interleaved in a fragmented message. A client's parser ({@link #forClient})
 * refuses masked frames; a server's ({@link #forServer}) requires them and unmasks each payload in place. No frame
 * may set RSV bits (no extensions are negotiated). Fragments are joined in one reused, growable array.
 * <p>
 * Usage: append received bytes to a buffer, call {@link #parse}; it delivers every COMPLETE frame and returns the
 * index of the first byte of the incomplete one; keep those bytes, and when nothing was consumed make sure the
 * buffer can hold {@link #needed()} bytes. <b>Note:</b> not threadsafe; one per connection.
 */
public final class WsFrameParser
{
    public static final int OP_CONTINUATION = 0;
    public static final int OP_TEXT = 1;
    public static final int OP_BINARY = 2;
    public static final int OP_CLOSE = 8;
    public static final int OP_PING = 9;
    public static final int OP_PONG = 10;
    /** Close code reported when a close frame carries no status code (RFC 6455 7.4.1). */
    public static final int NO_STATUS = 1005;
    public static final int ERROR = -1;

    /** Receives whole frames (data frames joined when fragmented); ranges are valid during the call only. */
    public interface Listener
    {
        void onText(byte[] bytes, int offset, int length);

        void onBinary(byte[] bytes, int offset, int length);

        void onPing(byte[] bytes, int offset, int length);

        void onPong(byte[] bytes, int offset, int length);

        /** @param code the status code, or {@link #NO_STATUS}; the range is the UTF-8 reason. */
        void onClose(int code, byte[] bytes, int offset, int length);
    }

    private final int maxMessageBytes;
    private final boolean masked;
    private byte[] fragments = new byte[0];
    private int fragmentsLength;
    private int fragmentOpcode = -1;
    private long needed;
    private String error;

    private WsFrameParser(final int maxMessageBytes, final boolean masked)
    {
        this.maxMessageBytes = maxMessageBytes;
        this.masked = masked;
    }

    /** A client's parser of server frames (never masked). @param maxMessageBytes largest frame or message. */
    public static WsFrameParser forClient(final int maxMessageBytes)
    {
        return new WsFrameParser(maxMessageBytes, false);
    }

    /** A server's parser of client frames (always masked). @param maxMessageBytes largest frame or message. */
    public static WsFrameParser forServer(final int maxMessageBytes)
    {
        return new WsFrameParser(maxMessageBytes, true);
    }

    /**
     * @return the index just after the last complete frame delivered (== {@code end} when all was consumed), or
     * {@link #ERROR} on a protocol violation ({@link #error()} says which).
     */
    public int parse(final byte[] b, final int start, final int end, final Listener listener)
    {
        int pos = start;
        needed = 0;
        while (true)
        {
            final int available = end - pos;
            if (available < 2)
            {
                needed = 2;
                return pos;
            }
            final int b0 = b[pos] & 0xFF;
            final int b1 = b[pos + 1] & 0xFF;
            if ((b0 & 0x70) != 0)
            {
                return fail("RSV bits set without an extension");
            }
            if (((b1 & 0x80) != 0) != masked)
            {
                return fail(masked ? "client frame is not masked" : "server frame is masked");
            }
            final boolean fin = (b0 & 0x80) != 0;
            final int opcode = b0 & 0x0F;
            final int len7 = b1 & 0x7F;
            final int header = (len7 < 126 ? 2 : len7 == 126 ? 4 : 10) + (masked ? 4 : 0);
            if (available < header)
            {
                needed = header;
                return pos;
            }
            long length = len7;
            if (len7 == 126)
            {
                length = ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
            }
            else if (len7 == 127)
            {
                length = 0;
                for (int k = 2; k < 10; k++)
                {
                    length = (length << 8) | (b[pos + k] & 0xFF);
                }
                if (length < 0)
                {
                    return fail("64-bit length with the top bit set");
                }
            }
            if (length > maxMessageBytes)
            {
                return fail("frame of " + length + " bytes is over the limit " + maxMessageBytes);
            }
            if (available < header + length)
            {
                needed = header + length;
                return pos;
            }
            final int p = pos + header;
            final int n = (int)length;
            if (masked)
            {
                unmask(b, p, n);
            }
            if (opcode >= OP_CLOSE)
            {
                if (!fin || n > 125)
                {
                    return fail("fragmented or over-long control frame");
                }
                switch (opcode)
                {
                    case OP_CLOSE:
                        if (n == 1)
                        {
                            return fail("close frame with a 1-byte payload");
                        }
                        if (n == 0)
                        {
                            listener.onClose(NO_STATUS, b, p, 0);
                        }
                        else
                        {
                            listener.onClose(((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF), b, p + 2, n - 2);
                        }
                        break;
                    case OP_PING:
                        listener.onPing(b, p, n);
                        break;
                    case OP_PONG:
                        listener.onPong(b, p, n);
                        break;
                    default:
                        return fail("reserved control opcode " + opcode);
                }
            }
            else if (opcode == OP_CONTINUATION)
            {
                if (fragmentOpcode < 0)
                {
                    return fail("continuation frame without a started message");
                }
                if ((long)fragmentsLength + n > maxMessageBytes)
                {
                    return fail("fragmented message over the limit " + maxMessageBytes);
                }
                append(b, p, n);
                if (fin)
                {
                    final int op = fragmentOpcode;
                    fragmentOpcode = -1;
                    deliver(op, fragments, 0, fragmentsLength, listener);
                    fragmentsLength = 0;
                }
            }
            else if (opcode == OP_TEXT || opcode == OP_BINARY)
            {
                if (fragmentOpcode >= 0)
                {
                    return fail("new data frame inside a fragmented message");
                }
                if (fin)
                {
                    deliver(opcode, b, p, n, listener);
                }
                else
                {
                    fragmentOpcode = opcode;
                    fragmentsLength = 0;
                    append(b, p, n);
                }
            }
            else
            {
                return fail("reserved data opcode " + opcode);
            }
            pos = p + n;
        }
    }

    /** @return after {@link #parse}: bytes the incomplete frame at the returned index needs to be complete (0..). */
    public long needed()
    {
        return needed;
    }

    public String error()
    {
        return error;
    }

    private static void deliver(
        final int opcode, final byte[] b, final int offset, final int length, final Listener listener)
    {
        if (opcode == OP_TEXT)
        {
            listener.onText(b, offset, length);
        }
        else
        {
            listener.onBinary(b, offset, length);
        }
    }

    private void append(final byte[] b, final int offset, final int length)
    {
        if (fragmentsLength + length > fragments.length)
        {
            fragments = java.util.Arrays.copyOf(fragments, Math.max(fragmentsLength + length, fragments.length * 2));
        }
        System.arraycopy(b, offset, fragments, fragmentsLength, length);
        fragmentsLength += length;
    }

    private int fail(final String why)
    {
        error = why;
        return ERROR;
    }

    /** XORs the payload with the 4-byte masking key just before it. */
    private static void unmask(final byte[] b, final int payload, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            b[payload + i] ^= b[payload - 4 + (i & 3)];
        }
    }
}
