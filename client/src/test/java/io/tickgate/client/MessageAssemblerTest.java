package io.tickgate.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class MessageAssemblerTest
{
    private final MessageAssembler assembler = new MessageAssembler();

    @Test
    void shouldJoinPartsFromTheirPositionsAndGrowPastTheFirstCapacity()
    {
        final ByteBuffer first = ByteBuffer.allocateDirect(MessageAssembler.INITIAL_CAPACITY);
        first.put(0, (byte)7).position(1);
        final byte[] second = new byte[MessageAssembler.INITIAL_CAPACITY];
        second[second.length - 1] = 9;

        assertTrue(assembler.isEmpty());
        assertTrue(assembler.append(first));
        assertEquals(1, first.position(), "the part's position is left as it was");
        assertTrue(assembler.append(ByteBuffer.wrap(second)));
        assertFalse(assembler.isEmpty());

        final ByteBuffer whole = assembler.buffer();
        assertEquals(0, whole.get(0), "from the part's position, not its start");
        assertEquals(9, whole.get(2 * MessageAssembler.INITIAL_CAPACITY - 2));
        assertEquals(2 * MessageAssembler.INITIAL_CAPACITY - 1, assembler.take());
        assertTrue(assembler.isEmpty());
    }

    @Test
    void shouldRefuseAMessageOverTheLimitAndStartAfresh()
    {
        final ByteBuffer half = ByteBuffer.allocate(MessageAssembler.MAX_MESSAGE_BYTES / 2);
        assertTrue(assembler.append(half.duplicate()));
        assertTrue(assembler.append(half.duplicate()));
        assertFalse(assembler.append(ByteBuffer.allocate(1)), "one byte over");
        assertTrue(assembler.isEmpty());

        assertTrue(assembler.append(ByteBuffer.wrap(new byte[]{ 1, 2, 3 })));
        assertEquals(3, assembler.take());
        assertEquals(2, assembler.buffer().get(1));
    }
}
