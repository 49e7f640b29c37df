package io.tickgate.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exponential backoff with full jitter.
 */
@Timeout(10)
class BackoffTest
{
    @Test
    void shouldDoubleTheBoundUpToTheMaximum()
    {
        final Backoff backoff = new Backoff(100, 5_000);
        assertEquals(100, backoff.capMs(1));
        assertEquals(200, backoff.capMs(2));
        assertEquals(3_200, backoff.capMs(6));
        assertEquals(5_000, backoff.capMs(7));
        assertEquals(5_000, backoff.capMs(1_000));
    }

    @Test
    void shouldSpreadDelaysOverTheWholeRange()
    {
        final Backoff backoff = new Backoff(100, 5_000);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 10_000; i++)
        {
            final long delay = backoff.delayMs(3);
            assertTrue(delay >= 0 && delay <= 400, () -> "delay " + delay);
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertTrue(min < 40 && max > 360, "full jitter covers [0, cap]: " + min + ".." + max);
    }
}
