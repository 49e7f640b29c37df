package io.tickgate.codec;

import org.agrona.DirectBuffer;

import static io.tickgate.codec.CycleHeaderEncoder.SYMBOL_COUNT_OFFSET;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Reads a cycle header record in place; see {@link CycleHeaderEncoder}. Wrap at the start of the body.
 * <b>Note:</b> not threadsafe; one instance per thread.
 */
public final class CycleHeaderDecoder
{
    private DirectBuffer buffer;
    private int body;

    public CycleHeaderDecoder wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.body = offset;
        return this;
    }

    /**
     * @return how many symbol definitions the header holds.
     */
    public int symbolCount()
    {
        return buffer.getInt(body + SYMBOL_COUNT_OFFSET, LITTLE_ENDIAN);
    }
}
