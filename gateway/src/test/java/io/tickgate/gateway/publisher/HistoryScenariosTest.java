package io.tickgate.gateway.publisher;

import io.tickgate.gateway.JournalDays;
import io.tickgate.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The publisher starts at the newest day's header; a replay asked before the older days are indexed waits, with the
 * commands its session sent after it, and is then served from the first day.
 */
@Timeout(30)
class HistoryScenariosTest
{
    private static final int PER_DAY = 40;

    @TempDir
    Path dir;

    @Test
    void shouldHoldAReplayUntilTheHistoryIsIndexed()
    {
        final JournalDays days = new JournalDays(dir, 0);
        for (int day = 1; day <= 3; day++)
        {
            days.toDay(day);
            days.ticks("AAPL", PER_DAY);
        }
        days.close();

        try (PublisherHarness harness = new PublisherHarness(dir, days.clock, UnaryOperator.identity()))
        {
            harness.catchUp();
            assertEquals(1 + 1 + 1 + PER_DAY, harness.publisher.startupRecords(), "only the newest day was read");
            assertFalse(harness.publisher.isHistoryIndexed(), "the history thread was not started yet");

            final PublisherHarness.Client client = harness.connect();
            client.send("{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":1},\"id\":1}");
            client.send("{\"op\":\"ping\",\"id\":2}");
            harness.run(50);
            assertTrue(client.ofType("replayEnd", "error", "pong", "tick").isEmpty(),
                () -> "nothing answered while waiting: " + client.messages());

            harness.publisher.onStart();
            Await.until(() -> harness.cycle() >= 0 && !client.ofType("pong").isEmpty(), () -> "the held commands");
            assertTrue(harness.publisher.isHistoryIndexed());
            harness.catchUp();
            assertEquals(LongStream.rangeClosed(1, 3 * PER_DAY).boxed().collect(Collectors.toList()),
                client.seqs("AAPL"), "every day, in order");
        }
    }
}
