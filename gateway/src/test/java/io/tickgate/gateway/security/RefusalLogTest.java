package io.tickgate.gateway.security;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Refusals are logged a few a second at most, with a hand clock: the rest are counted and the count goes out with
 * the next line.
 */
class RefusalLogTest
{
    @Test
    void logsAtMostItsRatePerSecondAndTellsHowManyItHeldBack()
    {
        final long[] nowNs = { 5_000_000_000L };
        final List<String> lines = new ArrayList<>();
        final RefusalLog log = new RefusalLog(lines::add, () -> nowNs[0], 3);
        for (int i = 0; i < 1_000; i++)
        {
            log.refused("bad_token", "/192.0.2.7:5000", "eve", "bad token signature");
        }
        assertEquals(3, lines.size());
        assertEquals("refused /192.0.2.7:5000 sub=eve (bad_token): bad token signature", lines.get(0));

        nowNs[0] += 999_999_999L;
        log.refused("bad_token", "/192.0.2.7:5000", "eve", "still within the second");
        assertEquals(3, lines.size());
        nowNs[0] += 1;
        log.refused("no_token", "/192.0.2.8:5000", "-", "no token");
        assertEquals(4, lines.size());
        assertTrue(lines.get(3).endsWith("no token [998 more refusals not logged]"), lines.get(3));
        log.refused("no_token", "/192.0.2.8:5000", "-", "no token");
        assertTrue(lines.get(4).endsWith("no token"), "the count was told once: " + lines.get(4));
    }
}
