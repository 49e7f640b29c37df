package io.tickgate.codec;

import org.agrona.DirectBuffer;

import static io.tickgate.codec.SymbolDefinitionEncoder.NAME_LENGTH_OFFSET;
import static io.tickgate.codec.SymbolDefinitionEncoder.NAME_OFFSET;
import static io.tickgate.codec.SymbolDefinitionEncoder.SYMBOL_ID_OFFSET;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Reads a symbol definition in place; see {@link SymbolDefinitionEncoder}. Wrap at the start of the body.
 * <b>Note:</b> not threadsafe; one instance per thread.
 */
public final class SymbolDefinitionDecoder
{
    private DirectBuffer buffer;
    private int body;

    public SymbolDefinitionDecoder wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.body = offset;
        return this;
    }

    public int symbolId()
    {
        return buffer.getInt(body + SYMBOL_ID_OFFSET, LITTLE_ENDIAN);
    }

    public int nameLength()
    {
        return buffer.getInt(body + NAME_LENGTH_OFFSET, LITTLE_ENDIAN);
    }

    public int nameOffset()
    {
        return body + NAME_OFFSET;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }
}
