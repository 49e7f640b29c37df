package io.tickgate.client;

import org.agrona.DirectBuffer;

import java.util.Arrays;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Walks the records of one binary frame ({@code tickgate.bin.v1}, docs/binary-format.md) and decodes them in place.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      blockLength (u16)        |       templateId (u16)        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |       schemaId (u16)          |        version (u16)          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Template 10 defines a symbol id (body: id i32, nameLength i32, name 16 bytes), template 11 is a quote (see
 * {@link Quote}). Other templates and schemas are skipped by their blockLength, and bytes past the known part of a
 * body are ignored, so later versions that append fields still decode. Symbol ids are kept per connection: make a
 * new decoder for each. <b>Note:</b> not threadsafe; allocates only when a symbol is first defined.
 */
final class BinaryFrameDecoder
{
    static final int HEADER_LENGTH = 8;
    static final int SCHEMA_ID = 0x6774;
    static final int SYMBOL_DEFINITION_TEMPLATE_ID = 10;
    static final int QUOTE_TEMPLATE_ID = 11;
    static final int SYMBOL_DEFINITION_BLOCK_LENGTH = 24;
    static final int NAME_LENGTH_OFFSET = 4;
    static final int NAME_OFFSET = 8;
    static final int MAX_NAME_LENGTH = 16;

    private final SymbolRegistry registry;
    private final QuoteSink sink;
    private final Quote quote = new Quote();
    private SymbolState[] byId = new SymbolState[64];
    private long malformed;
    private long skipped;

    BinaryFrameDecoder(final SymbolRegistry registry, final QuoteSink sink)
    {
        this.registry = registry;
        this.sink = sink;
    }

    /**
     * Decode every record of one whole frame.
     *
     * @param buffer holding the frame.
     * @param offset of its first byte.
     * @param length of the frame.
     * @return false when the frame is malformed (a truncated record, a quote for an undefined id); records before
     * the fault were delivered.
     */
    boolean onFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        int position = offset;
        while (position < end)
        {
            if (end - position < HEADER_LENGTH)
            {
                malformed++;
                return false;
            }
            final int blockLength = buffer.getShort(position, LITTLE_ENDIAN) & 0xFFFF;
            final int templateId = buffer.getShort(position + 2, LITTLE_ENDIAN) & 0xFFFF;
            final int schemaId = buffer.getShort(position + 4, LITTLE_ENDIAN) & 0xFFFF;
            final int body = position + HEADER_LENGTH;
            if (body + blockLength > end)
            {
                malformed++;
                return false;
            }
            if (SCHEMA_ID != schemaId)
            {
                skipped++;
            }
            else if (QUOTE_TEMPLATE_ID == templateId)
            {
                if (!onQuote(buffer, body, blockLength))
                {
                    return false;
                }
            }
            else if (SYMBOL_DEFINITION_TEMPLATE_ID == templateId)
            {
                if (!onSymbolDefinition(buffer, body, blockLength))
                {
                    return false;
                }
            }
            else
            {
                skipped++;
            }
            position = body + blockLength;
        }
        return true;
    }

    /**
     * @return records that could not be decoded.
     */
    long malformed()
    {
        return malformed;
    }

    /**
     * @return records of unknown templates or schemas skipped.
     */
    long skipped()
    {
        return skipped;
    }

    private boolean onQuote(final DirectBuffer buffer, final int body, final int blockLength)
    {
        if (blockLength < Quote.BLOCK_LENGTH)
        {
            malformed++;
            return false;
        }
        final int symbolId = buffer.getInt(body + Quote.SYMBOL_ID_OFFSET, LITTLE_ENDIAN);
        final SymbolState state = symbolId >= 0 && symbolId < byId.length ? byId[symbolId] : null;
        if (null == state)
        {
            malformed++;
            return false;
        }
        sink.onQuote(state, quote.wrapBinary(buffer, body, symbolId, state.name));
        return true;
    }

    private boolean onSymbolDefinition(final DirectBuffer buffer, final int body, final int blockLength)
    {
        if (blockLength < SYMBOL_DEFINITION_BLOCK_LENGTH)
        {
            malformed++;
            return false;
        }
        final int symbolId = buffer.getInt(body, LITTLE_ENDIAN);
        final int nameLength = buffer.getInt(body + NAME_LENGTH_OFFSET, LITTLE_ENDIAN);
        if (symbolId < 0 || nameLength < 1 || nameLength > MAX_NAME_LENGTH)
        {
            malformed++;
            return false;
        }
        if (symbolId >= byId.length)
        {
            byId = Arrays.copyOf(byId, Math.max(symbolId + 1, byId.length * 2));
        }
        byId[symbolId] = registry.lookup(buffer, body + NAME_OFFSET, nameLength);
        return true;
    }
}
