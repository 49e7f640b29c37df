package io.tickgate.perf.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SeqTrackerTest
{
    @Test
    void shouldAcceptConsecutiveSeqsAfterSnapshotInFullMode()
    {
        final SeqTracker t = new SeqTracker(2, true);
        assertEquals(SeqTracker.FIRST, t.onSnapshot(0, 10));
        assertEquals(SeqTracker.OK, t.onTick(0, 11));
        assertEquals(SeqTracker.OK, t.onTick(0, 12));
        assertEquals(SeqTracker.FIRST, t.onTick(1, 1));
        assertEquals(SeqTracker.OK, t.onTick(1, 2));
        assertEquals(0, t.gapEvents());
        assertEquals(0, t.missing());
    }

    @Test
    void shouldCountGapsPerSymbolInFullMode()
    {
        final SeqTracker t = new SeqTracker(2, true);
        t.onSnapshot(0, 10);
        t.onSnapshot(1, 100);
        assertEquals(SeqTracker.GAP, t.onTick(0, 13));
        assertEquals(SeqTracker.OK, t.onTick(1, 101));
        assertEquals(SeqTracker.OK, t.onTick(0, 14));
        assertEquals(SeqTracker.GAP, t.onTick(1, 103));
        assertEquals(2, t.gapEvents());
        assertEquals(3, t.missing());
        assertEquals(14, t.last(0));
    }

    @Test
    void shouldDetectFirstTickAfterSnapshotThatSkips()
    {
        final SeqTracker t = new SeqTracker(1, true);
        t.onSnapshot(0, 5);
        assertEquals(SeqTracker.GAP, t.onTick(0, 7));
        assertEquals(1, t.missing());
    }

    @Test
    void shouldCountDuplicatesAndBackwardsInBothModes()
    {
        for (final boolean full : new boolean[]{ true, false })
        {
            final SeqTracker t = new SeqTracker(1, full);
            t.onTick(0, 5);
            assertEquals(SeqTracker.DUPLICATE, t.onTick(0, 5));
            assertEquals(SeqTracker.BACKWARDS, t.onTick(0, 3));
            assertEquals(SeqTracker.BACKWARDS, t.onSnapshot(0, 4));
            assertEquals(1, t.duplicates());
            assertEquals(2, t.backwards());
            assertEquals(5, t.last(0));
        }
    }

    @Test
    void shouldAllowSkipsInConflatedMode()
    {
        final SeqTracker t = new SeqTracker(1, false);
        t.onSnapshot(0, 1);
        assertEquals(SeqTracker.OK, t.onTick(0, 50));
        assertEquals(SeqTracker.OK, t.onTick(0, 51));
        assertEquals(SeqTracker.OK, t.onTick(0, 900));
        assertEquals(0, t.gapEvents());
        assertEquals(0, t.missing());
    }
}
