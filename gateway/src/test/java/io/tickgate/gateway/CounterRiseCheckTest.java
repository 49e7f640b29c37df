package io.tickgate.gateway;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A counter of bad events degrades {@code /health} for the window after each rise, then no longer, on a hand-set
 * clock.
 */
class CounterRiseCheckTest
{
    private static final long WINDOW_NS = 60_000_000_000L;

    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicLong errors = new AtomicLong();
    private final CounterRiseCheck check =
        new CounterRiseCheck("errors", errors::get, count -> count + " errors", now::get, WINDOW_NS);

    @Test
    void aProblemForTheWindowAfterEachRise()
    {
        assertNull(check.check(), "nothing yet");
        errors.set(3);
        assertEquals(new HealthCheck.Problem("errors", false, "3 errors"), check.check());
        now.addAndGet(WINDOW_NS - 1);
        assertEquals("3 errors", check.check().detail(), "still within the window");
        now.addAndGet(1);
        assertNull(check.check(), "the window after the rise is over; the count stays in the JSON and metrics");
        errors.incrementAndGet();
        assertEquals("4 errors", check.check().detail(), "a new rise");
    }
}
