package io.tickgate.gateway;

import io.tickgate.testing.Await;
import io.tickgate.testing.Metrics;
import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real gateway over a journal written across several days: it reads only the newest day before serving, its
 * snapshots come from the newest header's carried values, replays still reach every day once the older days are
 * indexed, and days deleted by retention while it runs are forgotten.
 */
@Timeout(60)
class StartupFromNewestDayTest
{
    private static final int PER_DAY = 50;
    /** The newest day's records: the header's marker, 2 definitions, 2 carried ticks, then its own ticks. */
    private static final long NEWEST_DAY_RECORDS = 1 + 2 + 2 + PER_DAY;

    @TempDir
    Path dir;

    @Test
    void shouldStartFromTheNewestDayAndStillReplayEveryDay()
    {
        try (JournalDays days = new JournalDays(dir, 0))
        {
            for (int day = 1; day <= 4; day++)
            {
                days.toDay(day);
                if (1 == day)
                {
                    days.ticks("OLD", 3);
                }
                days.ticks("AAPL", PER_DAY);
            }
            try (Gateway gateway = Gateway.launch(new GatewayContext().port(0).journalDir(dir));
                WsClient live = WsClient.connect(gateway.port());
                WsClient history = WsClient.connect(gateway.port()))
            {
                assertEquals(NEWEST_DAY_RECORDS, metric(gateway, "tickgate_startup_records"),
                    "the publisher read the newest day only before serving");

                live.send("{\"op\":\"subscribe\",\"symbols\":[\"OLD\",\"AAPL\"]}");
                final Map<String, Object> old = live.await(m -> "snapshot".equals(m.get("type")) &&
                    "OLD".equals(m.get("symbol")), "OLD's snapshot");
                assertEquals(3L, ((Number)old.get("seq")).longValue(), "carried from day 1: " + old);
                assertEquals(103.0, ((Number)old.get("last")).doubleValue(), "its value: " + old);
                final Map<String, Object> aapl = live.await(m -> "snapshot".equals(m.get("type")) &&
                    "AAPL".equals(m.get("symbol")), "AAPL's snapshot");
                assertEquals(4L * PER_DAY, ((Number)aapl.get("seq")).longValue(), aapl.toString());

                // asked at once: it waits for the older days' index if it is not done yet, then reads every day
                history.send("{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":1,\"OLD\":1},\"id\":\"all\"}");
                history.awaitType("replayEnd");
                assertEquals(range(1, 4 * PER_DAY), seqs(history, "AAPL"), "every day, in order");
                assertEquals(range(1, 3), seqs(history, "OLD"), "the symbol that ticked on day 1 only");
                Await.until(() -> 1 == metric(gateway, "tickgate_history_indexed"), () -> "history indexed");
                assertTrue(metric(gateway, "tickgate_history_records") >= 3 * PER_DAY, gateway::metricsText);

                days.tick("AAPL");
                live.await(m -> "tick".equals(m.get("type")) && ((Number)m.get("seq")).longValue() == 4 * PER_DAY + 1,
                    "the next live tick");
            }
        }
    }

    @Test
    void shouldFollowRetentionWhileRunning()
    {
        try (JournalDays days = new JournalDays(dir, 3))
        {
            for (int day = 1; day <= 3; day++)
            {
                days.toDay(day);
                days.ticks("AAPL", PER_DAY);
            }
            try (Gateway gateway = Gateway.launch(new GatewayContext().port(0).journalDir(dir));
                WsClient live = WsClient.connect(gateway.port());
                WsClient history = WsClient.connect(gateway.port()))
            {
                Await.until(() -> 1 == metric(gateway, "tickgate_history_indexed"), () -> "history indexed");
                final long firstIndex = metric(gateway, "tickgate_journal_first_index");
                live.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"]}");
                live.awaitType("snapshot");

                days.toDay(4);
                days.tick("AAPL"); // a new day: retention keeps 3, so day 1 goes
                Await.until(() -> metric(gateway, "tickgate_journal_first_index") > firstIndex,
                    () -> "the gateway saw day 1 go: " + gateway.metricsText());
                live.await(m -> "tick".equals(m.get("type")) && ((Number)m.get("seq")).longValue() == 3 * PER_DAY + 1,
                    "live streaming goes on");

                history.send("{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":1},\"id\":1}");
                final Map<String, Object> bySeq = history.awaitType("error");
                assertEquals("BAD_REQUEST", bySeq.get("code"), bySeq.toString());
                assertTrue(bySeq.get("message").toString().contains("the journal holds AAPL from seq"),
                    bySeq::toString);

                history.send("{\"op\":\"replay\",\"symbols\":[\"AAPL\"],\"from\":" +
                    JournalDays.dayStartMicros(2) + ",\"id\":3}");
                history.awaitType("replayEnd");
                assertEquals(range(PER_DAY + 1, 3 * PER_DAY + 1), seqs(history, "AAPL"), "days 2 to 4");
            }
        }
    }

    private static long metric(final Gateway gateway, final String name)
    {
        return Metrics.value(gateway.metricsText(), name);
    }

    private static List<Long> range(final long first, final long last)
    {
        return LongStream.rangeClosed(first, last).boxed().collect(Collectors.toList());
    }

    private static List<Long> seqs(final WsClient client, final String symbol)
    {
        return client.ofType("tick").stream().filter(m -> symbol.equals(m.get("symbol")))
            .map(m -> ((Number)m.get("seq")).longValue()).collect(Collectors.toList());
    }
}
