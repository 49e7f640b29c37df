package io.tickgate.feed;

import io.tickgate.codec.Symbols;
import io.tickgate.codec.TickFields;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarketSimulatorTest
{
    private static final long T0 = 1_764_100_000_000_000_000L;

    @TempDir
    Path tempDir;

    @Test
    void shouldBeDeterministicForSameSeed()
    {
        final MarketSimulator a = new MarketSimulator(100, 7, 1000, 100, null);
        final MarketSimulator b = new MarketSimulator(100, 7, 1000, 100, null);
        final MarketSimulator c = new MarketSimulator(100, 8, 1000, 100, null);
        final TickFields fa = new TickFields();
        final TickFields fb = new TickFields();
        final TickFields fc = new TickFields();
        boolean differs = false;
        for (int i = 0; i < 10_000; i++)
        {
            final int ia = a.nextTick(fa);
            assertEquals(ia, b.nextTick(fb));
            assertEquals(a.symbol(ia), b.symbol(ia));
            assertEquals(List.of(fa.bid, fa.ask, fa.last, fa.bidSize, fa.askSize, fa.lastSize, fa.volume),
                List.of(fb.bid, fb.ask, fb.last, fb.bidSize, fb.askSize, fb.lastSize, fb.volume));
            final int ic = c.nextTick(fc);
            differs |= ia != ic || fa.last != fc.last || fa.volume != fc.volume;
        }
        assertTrue(differs);
    }

    @Test
    void shouldUseRealisticUniqueTickers()
    {
        final MarketSimulator simulator = new MarketSimulator(2500, 3, 1000, 100, null);
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < simulator.symbolCount(); i++)
        {
            final String name = simulator.symbol(i);
            assertTrue(seen.add(name), "repeated " + name);
            assertTrue(Symbols.isValid(name), name);
            assertFalse(name.matches(".*\\d.*"), name);
        }
        assertEquals(2500, seen.size());
        assertTrue(seen.containsAll(List.of("AAPL", "MSFT", "NVDA", "JPM", "BRK.B")));
        assertEquals("AAPL", simulator.symbol(0));
        assertTrue(new MarketSimulator(2500, 4, 1, 1, null).symbol(2499).matches("[A-Z]{3,4}"));
    }

    @Test
    void shouldQuoteSensibleMarkets()
    {
        final MarketSimulator simulator = new MarketSimulator(50, 11, 1000, 100, null);
        final TickFields f = new TickFields();
        final long[] lastVolume = new long[50];
        for (int i = 0; i < 200_000; i++)
        {
            final int index = simulator.nextTick(f);
            assertTrue(f.bid > 0 && f.bid < f.ask, () -> "bid " + f.bid + " ask " + f.ask);
            assertTrue(f.bid <= f.last && f.last <= f.ask);
            assertEquals(0, f.bid % MarketSimulator.TICK_SIZE);
            assertEquals(0, f.ask % MarketSimulator.TICK_SIZE);
            assertTrue(f.ask - f.bid <= Math.max(MarketSimulator.TICK_SIZE, f.last * 5 / 10_000 + 1));
            assertEquals(0, f.bidSize % 100);
            assertEquals(0, f.lastSize % 100);
            assertTrue(f.bidSize > 0 && f.askSize > 0 && f.lastSize > 0);
            assertTrue(f.volume > lastVolume[index]);
            lastVolume[index] = f.volume;
        }
    }

    @Test
    void shouldEmitEveryDueTickWithoutDrift()
    {
        try (Journal journal = Journal.open(tempDir); JournalWriter writer = journal.writer(1024))
        {
            final MarketSimulator simulator = new MarketSimulator(20, 5, 3, 1_000, writer);
            assertEquals(1, simulator.doWork(T0)); // tick 0 is due at the start
            assertEquals(0, simulator.doWork(T0 + 333_333_333)); // tick 1 is due at 333,333,333.33
            assertEquals(1, simulator.doWork(T0 + 333_333_334));
            assertEquals(2, simulator.doWork(T0 + 1_000_000_000)); // ticks 2 and 3
            assertEquals(0, simulator.doWork(T0 + 1_000_000_000));
            while (simulator.doWork(T0 + 3_600_000_000_000L) > 0)
            {
                // catch up an hour, at most 1,000 ticks per call
            }
            assertEquals(3L * 3600 + 1, simulator.emitted());

            final List<JournalContents.Tick> ticks = JournalContents.read(journal);
            assertEquals(simulator.emitted(), ticks.size());
            assertEquals(T0 / 1000, ticks.get(0).eventTimeMicros());
            assertEquals((T0 + 333_333_333) / 1000, ticks.get(1).eventTimeMicros());
            assertEquals((T0 + 1_000_000_000) / 1000, ticks.get(3).eventTimeMicros());
            assertEquals((T0 + 3_600_000_000_000L) / 1000, ticks.get(ticks.size() - 1).eventTimeMicros());
            assertEquals(T0 + 3_600_000_000_000L, ticks.get(ticks.size() - 1).ingestTimeNanos());
            JournalContents.assertSeqsContiguous(ticks);
        }
    }

    @Test
    void shouldOpenWithAQuoteForEveryTickerBeforeTheScheduleStarts()
    {
        try (Journal journal = Journal.open(tempDir); JournalWriter writer = journal.writer(1024))
        {
            final MarketSimulator simulator = new MarketSimulator(30, 5, 3, 1_000, writer);
            simulator.open(T0);
            assertEquals(30, simulator.emitted());
            assertEquals(30, writer.symbols().count(), "every ticker defined");
            final List<JournalContents.Tick> opening = JournalContents.read(journal);
            assertEquals(30, opening.size());
            for (int i = 0; i < 30; i++)
            {
                assertEquals(simulator.symbol(i), opening.get(i).symbol(), "in ticker order");
                assertEquals(T0 / 1000, opening.get(i).eventTimeMicros());
                assertTrue(opening.get(i).bid() < opening.get(i).ask(), "a real quote");
            }

            assertEquals(1, simulator.doWork(T0 + 5_000_000_000L), "the schedule starts at its first call");
            assertEquals(0, simulator.doWork(T0 + 5_000_000_000L + 333_333_333));
            assertEquals(1, simulator.doWork(T0 + 5_000_000_000L + 333_333_334));
            assertEquals(32, simulator.emitted());
        }
    }

    @Test
    void shouldCapTicksPerCall()
    {
        try (Journal journal = Journal.open(tempDir); JournalWriter writer = journal.writer(1024))
        {
            final MarketSimulator simulator = new MarketSimulator(10, 5, 1_000_000, 256, writer);
            simulator.doWork(T0);
            final long now = T0 + 10_000_000; // 10 ms: ticks 1..10,000 are due
            int calls = 0;
            while (simulator.doWork(now) > 0)
            {
                calls++;
            }
            assertEquals(10_001, simulator.emitted());
            assertEquals(40, calls); // ceil(10,000 / 256)
            assertEquals(10_001, JournalContents.read(journal).size());
        }
    }

    @Test
    void shouldCountTicksTheJournalRefuses()
    {
        try (Journal journal = Journal.open(tempDir); JournalWriter writer = journal.writer(4))
        {
            final MarketSimulator simulator = new MarketSimulator(50, 5, 1000, 10_000, writer);
            simulator.doWork(T0);
            simulator.doWork(T0 + 1_000_000_000);
            assertEquals(1001, simulator.emitted());
            assertNotEquals(0, simulator.refused());
            assertEquals(simulator.emitted() - simulator.refused(), JournalContents.read(journal).size());
        }
    }
}
