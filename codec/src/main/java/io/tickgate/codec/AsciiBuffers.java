package io.tickgate.codec;

import io.tickgate.protocol.AsciiReader;
import org.agrona.DirectBuffer;

/**
 * Lets the protocol's rules ({@link io.tickgate.protocol.Prices}, {@link io.tickgate.protocol.SymbolRule}) read text
 * held in an Agrona buffer; a byte of 0x80 or more reads as negative, so it is never taken for ASCII.
 */
final class AsciiBuffers
{
    static final AsciiReader<DirectBuffer> READER = DirectBuffer::getByte;

    private AsciiBuffers()
    {
    }
}
