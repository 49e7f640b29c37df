package io.tickgate.codec;

import org.agrona.DirectBuffer;

import static io.tickgate.codec.MessageHeaderEncoder.BLOCK_LENGTH_OFFSET;
import static io.tickgate.codec.MessageHeaderEncoder.SCHEMA_ID_OFFSET;
import static io.tickgate.codec.MessageHeaderEncoder.TEMPLATE_ID_OFFSET;
import static io.tickgate.codec.MessageHeaderEncoder.VERSION_OFFSET;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Reads the 8-byte record header in place; see {@link MessageHeaderEncoder} for the layout.
 * <b>Note:</b> not threadsafe; one instance per thread.
 */
public final class MessageHeaderDecoder
{
    private DirectBuffer buffer;
    private int offset;

    public MessageHeaderDecoder wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public int blockLength()
    {
        return buffer.getShort(offset + BLOCK_LENGTH_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }

    public int templateId()
    {
        return buffer.getShort(offset + TEMPLATE_ID_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }

    public int schemaId()
    {
        return buffer.getShort(offset + SCHEMA_ID_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }

    public int version()
    {
        return buffer.getShort(offset + VERSION_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }

    /**
     * @return true when the header names this schema at a version this code can read.
     */
    public boolean isReadable()
    {
        return MessageHeaderEncoder.SCHEMA_ID == schemaId() && version() >= 1;
    }
}
