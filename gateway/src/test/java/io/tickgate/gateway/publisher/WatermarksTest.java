package io.tickgate.gateway.publisher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WatermarksTest
{
    @Test
    void allFromTheSessionBuffer()
    {
        final Watermarks marks = new Watermarks(256 * 1024);
        assertEquals(256 * 1024, marks.cutOffBytes);
        assertEquals(192 * 1024, marks.conflateAboveBytes);
        assertEquals(128 * 1024, marks.sendBelowBytes);
        assertEquals(64 * 1024, marks.caughtUpBelowBytes);
    }

    /**
     * Conflation's hysteresis needs the order: a session switched to conflated above ¾ is not switched back before
     * its queue is below ¼, and conflated updates (below ½) cannot by themselves push it past the switch.
     */
    @ParameterizedTest
    @ValueSource(ints = {16 * 1024, 16 * 1024 + 3, 100_001, 8 * 1024 * 1024 - 1024})
    void orderedForEverySessionBufferTheContextAllows(final int sessionBuffer)
    {
        final Watermarks marks = new Watermarks(sessionBuffer);
        assertTrue(0 < marks.caughtUpBelowBytes);
        assertTrue(marks.caughtUpBelowBytes < marks.sendBelowBytes);
        assertTrue(marks.sendBelowBytes < marks.conflateAboveBytes);
        assertTrue(marks.conflateAboveBytes < marks.cutOffBytes);
    }
}
