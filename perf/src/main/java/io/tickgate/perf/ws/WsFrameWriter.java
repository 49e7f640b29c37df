package io.tickgate.perf.ws;

/**
 * RFC 6455 frames with FIN set, for either side: a client masks its frames ({@link #writeClientFrame}), a server
 * does not ({@link #writeServerFrame}, or {@link #writeHeader} in front of a payload already in place).
 */
public final class WsFrameWriter
{
    /** The longest header: 2 bytes, an 8-byte length and a 4-byte masking key. */
    public static final int MAX_HEADER = 14;

    private WsFrameWriter()
    {
    }

    /** @return the header's length for a payload of this many bytes, with the masking key when masked. */
    public static int headerLength(final int length, final boolean masked)
    {
        return (length < 126 ? 2 : length < 65_536 ? 4 : 10) + (masked ? 4 : 0);
    }

    /** Writes an unmasked header at {@code at}. @return bytes written, {@link #headerLength} (unmasked). */
    public static int writeHeader(final byte[] dst, final int at, final int opcode, final int length)
    {
        return header(dst, at, opcode, length, 0);
    }

    /**
     * Writes one unmasked server frame.
     *
     * @param dst needs {@code length + 10} bytes of room at {@code at}.
     * @return bytes written.
     */
    public static int writeServerFrame(
        final byte[] dst, final int at, final int opcode, final byte[] payload, final int offset, final int length)
    {
        final int p = at + header(dst, at, opcode, length, 0);
        System.arraycopy(payload, offset, dst, p, length);
        return p + length - at;
    }

    /**
     * Writes one masked client frame.
     *
     * @param dst  needs {@code length + 14} bytes of room at {@code at}.
     * @param mask the masking key (4 bytes, big-endian).
     * @return bytes written.
     */
    public static int writeClientFrame(
        final byte[] dst, final int at, final int opcode, final byte[] payload, final int offset, final int length,
        final int mask)
    {
        int p = at + header(dst, at, opcode, length, 0x80);
        final int maskAt = p;
        dst[p++] = (byte)(mask >>> 24);
        dst[p++] = (byte)(mask >>> 16);
        dst[p++] = (byte)(mask >>> 8);
        dst[p++] = (byte)mask;
        for (int i = 0; i < length; i++)
        {
            dst[p++] = (byte)(payload[offset + i] ^ dst[maskAt + (i & 3)]);
        }
        return p - at;
    }

    /** FIN, opcode, the mask bit and the 7-, 16- or 64-bit length, without the masking key. */
    private static int header(final byte[] dst, final int at, final int opcode, final int length, final int maskBit)
    {
        int p = at;
        dst[p++] = (byte)(0x80 | opcode);
        if (length < 126)
        {
            dst[p++] = (byte)(maskBit | length);
        }
        else if (length < 65_536)
        {
            dst[p++] = (byte)(maskBit | 126);
            dst[p++] = (byte)(length >>> 8);
            dst[p++] = (byte)length;
        }
        else
        {
            dst[p++] = (byte)(maskBit | 127);
            for (int k = 7; k >= 0; k--)
            {
                dst[p++] = (byte)((long)length >>> (8 * k));
            }
        }
        return p - at;
    }
}
