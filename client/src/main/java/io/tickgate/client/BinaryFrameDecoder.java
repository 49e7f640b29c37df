package io.tickgate.client;

import io.tickgate.protocol.SymbolRule;
import io.tickgate.protocol.WireFormat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Walks the records of one binary frame ({@code tickgate.bin.v1}, docs/binary-format.md, laid out by
 * {@link WireFormat}) and decodes them in place, with plain {@link ByteBuffer} reads: as fast as Agrona's or faster
 * (ClientFrameDecodeBenchmark), and the client needs no library for it.
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
     * @param buffer holding the frame; set to little-endian, as the format is.
     * @param offset of its first byte (an absolute index).
     * @param length of the frame.
     * @return false when the frame is malformed (a truncated record, a quote for an undefined id); records before
     * the fault were delivered.
     */
    boolean onFrame(final ByteBuffer buffer, final int offset, final int length)
    {
        buffer.order(ByteOrder.LITTLE_ENDIAN);
        final int end = offset + length;
        int position = offset;
        while (position < end)
        {
            if (end - position < WireFormat.HEADER_LENGTH)
            {
                malformed++;
                return false;
            }
            final int blockLength = Short.toUnsignedInt(buffer.getShort(position + WireFormat.BLOCK_LENGTH_OFFSET));
            final int templateId = Short.toUnsignedInt(buffer.getShort(position + WireFormat.TEMPLATE_ID_OFFSET));
            final int schemaId = Short.toUnsignedInt(buffer.getShort(position + WireFormat.SCHEMA_ID_OFFSET));
            final int body = position + WireFormat.HEADER_LENGTH;
            if (body + blockLength > end)
            {
                malformed++;
                return false;
            }
            if (WireFormat.SCHEMA_ID != schemaId)
            {
                skipped++;
            }
            else if (WireFormat.QUOTE_TEMPLATE_ID == templateId)
            {
                if (!onQuote(buffer, body, blockLength))
                {
                    return false;
                }
            }
            else if (WireFormat.SYMBOL_TEMPLATE_ID == templateId)
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

    private boolean onQuote(final ByteBuffer buffer, final int body, final int blockLength)
    {
        if (blockLength < WireFormat.QUOTE_BLOCK_LENGTH)
        {
            malformed++;
            return false;
        }
        final int symbolId = buffer.getInt(body + WireFormat.QUOTE_SYMBOL_ID_OFFSET);
        final SymbolState state = symbolId >= 0 && symbolId < byId.length ? byId[symbolId] : null;
        if (null == state)
        {
            malformed++;
            return false;
        }
        sink.onQuote(state, quote.wrapBinary(buffer, body, symbolId, state.name));
        return true;
    }

    private boolean onSymbolDefinition(final ByteBuffer buffer, final int body, final int blockLength)
    {
        if (blockLength < WireFormat.SYMBOL_BLOCK_LENGTH)
        {
            malformed++;
            return false;
        }
        final int symbolId = buffer.getInt(body + WireFormat.SYMBOL_ID_OFFSET);
        final int nameLength = buffer.getInt(body + WireFormat.SYMBOL_NAME_LENGTH_OFFSET);
        if (symbolId < 0 || nameLength < 1 || nameLength > SymbolRule.MAX_LENGTH)
        {
            malformed++;
            return false;
        }
        if (symbolId >= byId.length)
        {
            byId = Arrays.copyOf(byId, Math.max(symbolId + 1, byId.length * 2));
        }
        byId[symbolId] = registry.lookup(buffer, body + WireFormat.SYMBOL_NAME_OFFSET, nameLength);
        return true;
    }
}
