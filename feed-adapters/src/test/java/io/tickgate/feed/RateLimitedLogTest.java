package io.tickgate.feed;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimitedLogTest
{
    private long nowNs = 42;
    private final RateLimitedLog log = new RateLimitedLog(2, () -> nowNs);

    @Test
    void shouldLogAtMostNPerSecondAndCountTheRest()
    {
        assertTrue(log.tryAcquire());
        assertTrue(log.tryAcquire());
        assertFalse(log.tryAcquire());
        assertFalse(log.tryAcquire());
        assertEquals(2, log.suppressed());

        nowNs += 999_999_999;
        assertFalse(log.tryAcquire());
        nowNs += 1;
        assertTrue(log.tryAcquire());
        assertTrue(log.tryAcquire());
        assertFalse(log.tryAcquire());
        assertEquals(4, log.suppressed());
    }

    @Test
    void shouldCountSuppressedRejections()
    {
        final byte[] line = "bad\u0001line".getBytes(StandardCharsets.US_ASCII);
        for (int i = 1; i <= 10; i++)
        {
            log.rejected("test", i, IngestError.FIELD_COUNT, new UnsafeBuffer(line), 0, line.length);
        }
        log.rejected("test", 11, IngestError.LINE_TOO_LONG, null, 0, 0);
        assertEquals(9, log.suppressed());
    }
}
