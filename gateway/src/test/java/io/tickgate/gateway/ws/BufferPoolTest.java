package io.tickgate.gateway.ws;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BufferPoolTest
{
    @Test
    void sizesMustBePowersOfTwoWithMinAtMostMax()
    {
        assertThrows(IllegalArgumentException.class, () -> new BufferPool(100, 1024, 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> new BufferPool(64, 1000, 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> new BufferPool(1024, 64, 1 << 20));
    }

    @Test
    void acquireTakesTheSmallestClassThatHolds()
    {
        final BufferPool pool = new BufferPool(64, 1024, 1 << 20);
        assertEquals(64, pool.acquire(0).capacity());
        assertEquals(64, pool.acquire(64).capacity());
        assertEquals(128, pool.acquire(65).capacity());
        assertEquals(1024, pool.acquire(1024).capacity());
        assertNull(pool.acquire(1025), "larger than the largest class");
        assertEquals(64 + 64 + 128 + 1024, pool.reservedBytes());
    }

    @Test
    void releasedBufferIsReusedClearedWithoutReservingMore()
    {
        final BufferPool pool = new BufferPool(64, 1024, 1 << 20);
        final ByteBuffer buffer = pool.acquire(200);
        buffer.position(10).limit(20);
        pool.release(buffer);
        assertEquals(256, pool.freeBytes());

        final ByteBuffer again = pool.acquire(129);
        assertSame(buffer, again);
        assertEquals(0, again.position());
        assertEquals(256, again.limit());
        assertEquals(0, pool.freeBytes());
        assertEquals(256, pool.reservedBytes());
    }

    @Test
    void keptBuffersAreFreedToMakeRoomAndAcquireFailsOnlyPastTheBudget()
    {
        final BufferPool pool = new BufferPool(64, 1024, 1024);
        pool.release(pool.acquire(512));
        pool.release(pool.acquire(256));
        assertEquals(768, pool.reservedBytes());

        assertNotNull(pool.acquire(1024), "kept buffers are freed for it");
        assertEquals(1024, pool.reservedBytes());
        assertEquals(0, pool.freeBytes());
        assertNull(pool.acquire(1), "nothing left to free");
        assertEquals(1024, pool.reservedBytes());
    }

    @Test
    void trimFreesTheLargestKeptBuffersFirst()
    {
        final BufferPool pool = new BufferPool(64, 1024, 1 << 20);
        final ByteBuffer small = pool.acquire(64);
        final ByteBuffer middle = pool.acquire(256);
        pool.release(pool.acquire(512));
        pool.release(middle);
        pool.release(small);

        pool.trimTo(400);
        assertEquals(320, pool.reservedBytes());
        assertEquals(320, pool.freeBytes());
        assertSame(middle, pool.acquire(256));
        assertSame(small, pool.acquire(64));

        pool.trimTo(0);
        assertEquals(320, pool.reservedBytes(), "buffers handed out are not the pool's to free");
    }

    @Test
    void reservedNeverPassesTheBudgetOverRandomUse()
    {
        final Random random = new Random(42);
        final BufferPool pool = new BufferPool(64, 4096, 10_000);
        final List<ByteBuffer> held = new ArrayList<>();
        long heldBytes = 0;
        int refused = 0;
        for (int i = 0; i < 20_000; i++)
        {
            if (random.nextInt(3) > 0 || held.isEmpty())
            {
                final int atLeast = random.nextInt(5000);
                final int size = Math.max(64, Integer.highestOneBit(Math.max(1, atLeast - 1)) << 1);
                final ByteBuffer buffer = pool.acquire(atLeast);
                if (null == buffer)
                {
                    // refused only when too large, or when freeing every kept buffer would not make room
                    assertTrue(atLeast > 4096 || heldBytes + size > 10_000, "refused " + atLeast);
                    refused++;
                }
                else
                {
                    assertEquals(size, buffer.capacity());
                    held.add(buffer);
                    heldBytes += size;
                }
            }
            else
            {
                final ByteBuffer buffer = held.remove(random.nextInt(held.size()));
                heldBytes -= buffer.capacity();
                pool.release(buffer);
            }
            if (random.nextInt(100) == 0)
            {
                pool.trimTo(random.nextInt(10_000));
            }
            assertTrue(pool.reservedBytes() <= pool.budgetBytes());
            assertEquals(heldBytes + pool.freeBytes(), pool.reservedBytes());
        }
        assertTrue(refused > 0);
    }

    @Test
    void trimIdleKeepsWhatThePeriodNeededAtItsPeakAndFreesTheRestAfterAQuietPeriod()
    {
        final BufferPool pool = new BufferPool(4096, 65_536, 1 << 20);
        final ByteBuffer[] held = new ByteBuffer[8];
        for (int i = 0; i < held.length; i++)
        {
            held[i] = pool.acquire(4096);
        }
        for (final ByteBuffer buffer : held)
        {
            pool.release(buffer);
        }
        // a busy period: 8 buffers in use at its peak, all given back since
        pool.trimIdle(0);
        assertEquals(8 * 4096, pool.reservedBytes(), "the peak's buffers are kept for the next period");
        final ByteBuffer reused = pool.acquire(4096);
        assertEquals(8 * 4096, pool.reservedBytes(), "reused, not made again");
        pool.release(reused);
        // a quiet period: one buffer at its peak
        pool.trimIdle(0);
        assertEquals(4096, pool.reservedBytes());
        pool.trimIdle(4096);
        assertEquals(4096, pool.reservedBytes(), "the margin is kept");
    }
}
