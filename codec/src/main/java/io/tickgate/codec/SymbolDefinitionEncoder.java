package io.tickgate.codec;

import io.tickgate.protocol.WireFormat;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Writes the record that binds a symbol's text to its small-int id. The journal carries one per symbol, before the
 * symbol's first tick, so every process that reads the journal builds the same {@link SymbolTable}.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   header (8 bytes, template 2)                |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           symbolId                            |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     nameLength (1..16)                        |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |             name, ASCII, zero padded to 16 bytes              |  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The body is the wire's symbol definition ({@link WireFormat}). Stateless.
 */
public final class SymbolDefinitionEncoder
{
    public static final int TEMPLATE_ID = 2;
    public static final int BLOCK_LENGTH = WireFormat.SYMBOL_BLOCK_LENGTH;
    public static final int ENCODED_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + BLOCK_LENGTH;
    public static final int SYMBOL_ID_OFFSET = WireFormat.SYMBOL_ID_OFFSET;
    public static final int NAME_LENGTH_OFFSET = WireFormat.SYMBOL_NAME_LENGTH_OFFSET;
    public static final int NAME_OFFSET = WireFormat.SYMBOL_NAME_OFFSET;

    private SymbolDefinitionEncoder()
    {
    }

    /**
     * Write a whole symbol definition.
     *
     * @param buffer     to write into.
     * @param offset     where the header starts.
     * @param templateId {@link #TEMPLATE_ID} in the journal, {@link BinaryQuote#SYMBOL_TEMPLATE_ID} on the wire.
     * @param symbolId   the id being defined.
     * @param name       buffer holding the symbol's ASCII text.
     * @param nameOffset where the text starts.
     * @param nameLength of the text, 1 to {@link Symbols#MAX_LENGTH}.
     * @return bytes written, always {@link #ENCODED_LENGTH}.
     */
    public static int encode(
        final MutableDirectBuffer buffer,
        final int offset,
        final int templateId,
        final int symbolId,
        final DirectBuffer name,
        final int nameOffset,
        final int nameLength)
    {
        MessageHeaderEncoder.write(buffer, offset, BLOCK_LENGTH, templateId);
        final int body = offset + MessageHeaderEncoder.ENCODED_LENGTH;
        buffer.putInt(body + SYMBOL_ID_OFFSET, symbolId, LITTLE_ENDIAN);
        buffer.putInt(body + NAME_LENGTH_OFFSET, nameLength, LITTLE_ENDIAN);
        buffer.setMemory(body + NAME_OFFSET, Symbols.MAX_LENGTH, (byte)0);
        buffer.putBytes(body + NAME_OFFSET, name, nameOffset, nameLength);
        return ENCODED_LENGTH;
    }
}
