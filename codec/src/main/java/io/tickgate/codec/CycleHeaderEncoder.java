package io.tickgate.codec;

import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Writes the record that opens a journal cycle's header. The writer journals it as the first record of each roll
 * cycle (day file), then, for every symbol in id order, its {@link SymbolDefinitionEncoder definition} and, when the
 * symbol has ticks, its last tick as a carried value ({@link TickEncoder#CARRIED_TEMPLATE_ID}). A header is complete
 * once {@code symbolCount} definitions follow it, and a cycle that starts with a complete header can be read on its
 * own: every symbol, its id, its last seq and value.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   header (8 bytes, template 3)                |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                symbolCount (definitions that follow)          |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      reserved (zero)                          |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Stateless.
 */
public final class CycleHeaderEncoder
{
    public static final int TEMPLATE_ID = 3;
    public static final int BLOCK_LENGTH = 8;
    public static final int ENCODED_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + BLOCK_LENGTH;
    public static final int SYMBOL_COUNT_OFFSET = 0;
    public static final int RESERVED_OFFSET = 4;

    private CycleHeaderEncoder()
    {
    }

    /**
     * Write a whole cycle header record.
     *
     * @param buffer      to write into.
     * @param offset      where the header starts.
     * @param symbolCount how many symbol definitions follow.
     * @return bytes written, always {@link #ENCODED_LENGTH}.
     */
    public static int encode(final MutableDirectBuffer buffer, final int offset, final int symbolCount)
    {
        MessageHeaderEncoder.write(buffer, offset, BLOCK_LENGTH, TEMPLATE_ID);
        final int body = offset + MessageHeaderEncoder.ENCODED_LENGTH;
        buffer.putInt(body + SYMBOL_COUNT_OFFSET, symbolCount, LITTLE_ENDIAN);
        buffer.putInt(body + RESERVED_OFFSET, 0, LITTLE_ENDIAN);
        return ENCODED_LENGTH;
    }
}
