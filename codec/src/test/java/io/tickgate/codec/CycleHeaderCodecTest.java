package io.tickgate.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CycleHeaderCodecTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[32]);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    @Test
    void shouldRoundTripSymbolCountWithinItsBytes()
    {
        buffer.setMemory(0, buffer.capacity(), (byte)'#');

        final int written = CycleHeaderEncoder.encode(buffer, 3, 65_536);

        assertEquals(CycleHeaderEncoder.ENCODED_LENGTH, written);
        assertEquals(16, written);
        header.wrap(buffer, 3);
        assertTrue(header.isReadable());
        assertEquals(CycleHeaderEncoder.TEMPLATE_ID, header.templateId());
        assertEquals(CycleHeaderEncoder.BLOCK_LENGTH, header.blockLength());
        assertEquals(65_536, new CycleHeaderDecoder().wrap(buffer, 3 + MessageHeaderEncoder.ENCODED_LENGTH)
            .symbolCount());
        assertEquals((byte)'#', buffer.getByte(2));
        assertEquals((byte)'#', buffer.getByte(3 + written));
    }
}
