package io.tickgate.codec;

import io.tickgate.protocol.WireFormat;
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
 * All fields are unsigned 16-bit little-endian; the layout is {@link WireFormat}'s.
 * <b>Note:</b> not threadsafe; one instance per thread.
 */
public final class MessageHeaderEncoder
{
    public static final int ENCODED_LENGTH = WireFormat.HEADER_LENGTH;
    public static final int BLOCK_LENGTH_OFFSET = WireFormat.BLOCK_LENGTH_OFFSET;
    public static final int TEMPLATE_ID_OFFSET = WireFormat.TEMPLATE_ID_OFFSET;
    public static final int SCHEMA_ID_OFFSET = WireFormat.SCHEMA_ID_OFFSET;
    public static final int VERSION_OFFSET = WireFormat.VERSION_OFFSET;
    /** "tg" in ASCII: identifies tickgate records. */
    public static final int SCHEMA_ID = WireFormat.SCHEMA_ID;
    public static final int SCHEMA_VERSION = WireFormat.SCHEMA_VERSION;

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
