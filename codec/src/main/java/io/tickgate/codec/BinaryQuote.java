package io.tickgate.codec;

import io.tickgate.protocol.WireFormat;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The wire records of the binary stream ({@code tickgate.bin.v1}, see docs/binary-format.md): a quote is the
 * journal's tick record under template {@link #QUOTE_TEMPLATE_ID}, with its reserved word carrying the quote's
 * {@link #KIND_OFFSET kind}; a symbol definition is the journal's under template {@link #SYMBOL_TEMPLATE_ID}. So a
 * quote is written by copying 96 bytes, and read with {@link TickDecoder} plus {@link #kind(DirectBuffer, int)}.
 */
public final class BinaryQuote
{
    public static final int SYMBOL_TEMPLATE_ID = WireFormat.SYMBOL_TEMPLATE_ID;
    public static final int QUOTE_TEMPLATE_ID = WireFormat.QUOTE_TEMPLATE_ID;
    public static final int QUOTE_LENGTH = TickEncoder.ENCODED_LENGTH;
    public static final int SYMBOL_LENGTH = SymbolDefinitionEncoder.ENCODED_LENGTH;
    /** Offset of the kind byte in a quote's body. */
    public static final int KIND_OFFSET = WireFormat.QUOTE_KIND_OFFSET;
    /** Offset of the flags byte in a quote's body. */
    public static final int FLAGS_OFFSET = WireFormat.QUOTE_FLAGS_OFFSET;
    public static final byte KIND_TICK = WireFormat.KIND_TICK;
    public static final byte KIND_SNAPSHOT = WireFormat.KIND_SNAPSHOT;

    private BinaryQuote()
    {
    }

    /**
     * Write a quote record from a journal tick.
     *
     * @param kind   {@link #KIND_TICK} or {@link #KIND_SNAPSHOT}.
     * @param tick   decoder over the journal tick's body.
     * @param out    buffer with {@link #QUOTE_LENGTH} bytes of room at offset.
     * @param offset where the record starts.
     * @return {@link #QUOTE_LENGTH}.
     */
    public static int writeQuote(
        final byte kind, final TickDecoder tick, final MutableDirectBuffer out, final int offset)
    {
        final int body = offset + MessageHeaderEncoder.ENCODED_LENGTH;
        MessageHeaderEncoder.write(out, offset, TickEncoder.BLOCK_LENGTH, QUOTE_TEMPLATE_ID);
        out.putBytes(body, tick.buffer(), tick.offset(), TickEncoder.BLOCK_LENGTH);
        out.putInt(body + KIND_OFFSET, 0);
        out.putByte(body + KIND_OFFSET, kind);
        return QUOTE_LENGTH;
    }

    /**
     * Write a symbol definition record.
     *
     * @return {@link #SYMBOL_LENGTH}.
     */
    public static int writeSymbol(
        final int symbolId, final SymbolTable symbols, final MutableDirectBuffer out, final int offset)
    {
        return SymbolDefinitionEncoder.encode(out, offset, SYMBOL_TEMPLATE_ID, symbolId, symbols.nameBytes(),
            symbols.nameOffset(symbolId), symbols.nameLength(symbolId));
    }

    /**
     * @param buffer holding a quote.
     * @param body   offset of the quote's body.
     * @return its kind.
     */
    public static byte kind(final DirectBuffer buffer, final int body)
    {
        return buffer.getByte(body + KIND_OFFSET);
    }
}
