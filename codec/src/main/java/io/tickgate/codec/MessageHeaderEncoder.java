package io.tickgate.codec;

import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Writes the 8-byte header that starts every tickgate record.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         blockLength           |          templateId           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           schemaId            |            version            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * All fields are unsigned 16-bit little-endian. <b>Note:</b> not threadsafe; one instance per thread.
 */
public final class MessageHeaderEncoder
{
    public static final int ENCODED_LENGTH = 8;
    public static final int BLOCK_LENGTH_OFFSET = 0;
    public static final int TEMPLATE_ID_OFFSET = 2;
    public static final int SCHEMA_ID_OFFSET = 4;
    public static final int VERSION_OFFSET = 6;
    /** "tg" in ASCII: identifies tickgate records. */
    public static final int SCHEMA_ID = 0x6774;
    public static final int SCHEMA_VERSION = 1;

    private MutableDirectBuffer buffer;
    private int offset;

    public MessageHeaderEncoder wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Write a complete header for the current schema.
     *
     * @param blockLength length of the body that follows the header.
     * @param templateId  which record the body is.
     * @return this for fluent use.
     */
    public MessageHeaderEncoder write(final int blockLength, final int templateId)
    {
        write(buffer, offset, blockLength, templateId);
        return this;
    }

    /**
     * Write a complete header without a flyweight instance.
     *
     * @param buffer      to write into.
     * @param offset      where the header starts.
     * @param blockLength length of the body that follows the header.
     * @param templateId  which record the body is.
     */
    public static void write(
        final MutableDirectBuffer buffer, final int offset, final int blockLength, final int templateId)
    {
        buffer.putShort(offset + BLOCK_LENGTH_OFFSET, (short)blockLength, LITTLE_ENDIAN);
        buffer.putShort(offset + TEMPLATE_ID_OFFSET, (short)templateId, LITTLE_ENDIAN);
        buffer.putShort(offset + SCHEMA_ID_OFFSET, (short)SCHEMA_ID, LITTLE_ENDIAN);
        buffer.putShort(offset + VERSION_OFFSET, (short)SCHEMA_VERSION, LITTLE_ENDIAN);
    }
}
