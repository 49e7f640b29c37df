package io.tickgate.gateway.publisher;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionSubscriptionsTest
{
    private final SessionSubscriptions subs = new SessionSubscriptions();

    @Test
    void anIdleSessionHasNothing()
    {
        assertEquals(0, subs.size());
        assertFalse(subs.isSubscribed(0));
        assertEquals(-1, subs.unsubscribe(0));
        assertArrayEquals(new int[0], subs.symbolIds());
        assertFalse(subs.isWildcard());
    }

    @Test
    void subscribingAgainKeepsTheSlotAndChangesTheMode()
    {
        final int slot = subs.subscribe(7, false, 500, false);
        assertEquals(slot, subs.subscribe(7, true, 0, true));
        assertEquals(1, subs.size());
        assertEquals(7, subs.symbolId(slot));
        assertTrue(subs.isFullMode(slot));
        assertTrue(subs.conflatesWhenSlow(slot));
        subs.sent(slot, 1_000);
        assertTrue(subs.maySend(slot, 1_000), "no rate limit any more");
    }

    @Test
    void aFreedSlotIsReusedWithItsStateReset()
    {
        final int a = subs.subscribe(1, false, 1_000, false);
        final int b = subs.subscribe(2, false, 1_000, false);
        subs.sent(a, 5_000);
        subs.markSnapshotPending(a);

        assertEquals(a, subs.unsubscribe(1));
        assertEquals(-1, subs.unsubscribe(1), "only once");
        assertFalse(subs.isSubscribed(1));
        assertEquals(0, subs.dirtySlots().size(), "a dirty slot leaves the dirty list with its symbol");

        final int c = subs.subscribe(3, true, 0, false);
        assertEquals(a, c, "the freed slot");
        assertEquals(3, subs.symbolId(c));
        assertFalse(subs.isDirty(c));
        assertFalse(subs.isSnapshotPending(c));
        assertTrue(subs.maySend(c, 0), "the old symbol's rate limit is gone");
        assertEquals(2, subs.size());
        final int[] ids = subs.symbolIds();
        Arrays.sort(ids);
        assertArrayEquals(new int[]{2, 3}, ids);
        assertEquals(2, subs.symbolId(b));
    }

    @Test
    void dirtyAndSnapshotFlags()
    {
        final int a = subs.subscribe(1, false, 0, false);
        final int b = subs.subscribe(2, false, 0, false);
        subs.markDirty(a);
        subs.markSnapshotPending(b);
        assertTrue(subs.isDirty(a));
        assertFalse(subs.isSnapshotPending(a));
        assertTrue(subs.isDirty(b), "a pending snapshot is dirty: later ticks fold into it");
        assertTrue(subs.isSnapshotPending(b));
        assertEquals(2, subs.dirtySlots().size());
        assertTrue(subs.dirtySlots().containsInt(a) && subs.dirtySlots().containsInt(b));

        subs.clearDirty(b);
        assertFalse(subs.isDirty(b));
        assertFalse(subs.isSnapshotPending(b));

        subs.unsubscribe(1);
        assertFalse(subs.dirtySlots().containsInt(a));
    }

    @Test
    void maxRateSpacesUpdatesByTheMinimumInterval()
    {
        final int slot = subs.subscribe(1, false, 500_000_000L, false);
        assertTrue(subs.maySend(slot, 0), "the first update goes at once");
        subs.sent(slot, 1_000_000_000L);
        assertEquals(1_500_000_000L, subs.nextAllowedNs(slot));
        assertFalse(subs.maySend(slot, 1_499_999_999L));
        assertTrue(subs.maySend(slot, 1_500_000_000L));
    }

    @Test
    void theWildcardKeepsTheModeForSymbolsToCome()
    {
        subs.wildcard(true, true, 0, true);
        assertTrue(subs.isWildcard());
        assertTrue(subs.wildcardFullMode());
        assertTrue(subs.wildcardConflateWhenSlow());
        subs.wildcard(true, false, 250, false);
        assertFalse(subs.wildcardFullMode());
        assertEquals(250, subs.wildcardMinIntervalNs());
        subs.wildcard(false, false, 0, false);
        assertFalse(subs.isWildcard());
        assertEquals(0, subs.size(), "the wildcard is not a symbol");
    }

    @Test
    void slotsGrowAndKeepTheirState()
    {
        for (int id = 0; id < 40; id++)
        {
            final int slot = subs.subscribe(id, 0 == id % 2, id, false);
            if (0 == id % 3)
            {
                subs.markDirty(slot);
            }
        }
        assertEquals(40, subs.size());
        for (int id = 0; id < 40; id++)
        {
            final int slot = subs.subscribe(id, 0 == id % 2, id, false);
            assertEquals(id, subs.symbolId(slot));
            assertEquals(0 == id % 2, subs.isFullMode(slot));
            assertEquals(0 == id % 3, subs.isDirty(slot));
            subs.sent(slot, 100);
            assertEquals(100 + id, subs.nextAllowedNs(slot));
        }
        assertEquals(14, subs.dirtySlots().size());
    }
}
