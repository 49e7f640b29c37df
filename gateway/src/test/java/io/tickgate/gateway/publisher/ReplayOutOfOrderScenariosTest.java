package io.tickgate.gateway.publisher;

import io.tickgate.journal.JournalHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.tickgate.gateway.publisher.SessionLifecycleScenariosTest.single;
import static io.tickgate.gateway.publisher.SlowConsumerScenariosTest.consecutive;
import static io.tickgate.gateway.publisher.TimeBlocks.STRIDE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays over a journal whose event times are out of order, jump a year ahead, or whose head was deleted: what a
 * replay sends is checked against a brute-force pass over the journal, and how much it read against the blocks it
 * had to read.
 */
@Timeout(60)
class ReplayOutOfOrderScenariosTest
{
    private static final long YEAR_MICROS = 365L * 86_400_000_000L;

    @TempDir
    Path dir;
    private PublisherHarness h;
    private PublisherHarness.Client client;

    @BeforeEach
    void open()
    {
        h = new PublisherHarness(dir);
    }

    @AfterEach
    void close()
    {
        h.close();
    }

    @Test
    void aFarFutureTickEarlyInTheJournalCostsALaterReplayItsOwnBlockOnly()
    {
        final int ticks = 5 * STRIDE;
        for (int i = 1; i <= ticks; i++)
        {
            if (10 == i)
            {
                h.tickAt("AAPL", h.eventMicros("AAPL", 9) + YEAR_MICROS);
            }
            else
            {
                h.tick("AAPL");
            }
        }
        connectCaughtUp();
        final long fromSeq = 4L * STRIDE + 101;
        client.send("{\"op\":\"replay\",\"symbols\":[\"AAPL\"],\"from\":" + h.eventMicros("AAPL", fromSeq) + "}");
        h.cycle();
        final ReplayJob job = client.session.replay();
        runUntilReplayEnd();

        assertEquals(Boolean.TRUE, single(client.ofType("replayEnd")).get("live"));
        final List<Long> expected = new ArrayList<>(List.of(10L));
        expected.addAll(consecutive(fromSeq, ticks));
        assertEquals(expected, client.seqs("AAPL"), "the far-future tick is in range; then from where it should");
        assertTrue(job.readInWindow() <= 2L * STRIDE, "read the far-future tick's block and the last one, not the " +
            "three between: " + job.readInWindow() + " records");
    }

    @ParameterizedTest(name = "the socket takes {0} bytes a write")
    @ValueSource(ints = {FakeSocket.UNLIMITED, 4096})
    void aBoundedReplayOverAnOutOfOrderJournalSendsExactlyItsRangeUpToWhereItStarted(final int takePerWrite)
    {
        final Random random = new Random(17);
        final long base = h.eventMicros("AAPL", h.tick("AAPL"));
        for (int i = 1; i < 4 * STRIDE + 500; i++)
        {
            final long micros = base + i * 1_000L + random.nextInt(3_000_000) - 1_500_000;
            final int kind = random.nextInt(1_000);
            h.tickAt(0 == i % 2 ? "AAPL" : "MSFT", 0 == kind ? micros + YEAR_MICROS : 1 == kind ? micros - YEAR_MICROS :
                micros);
        }
        connectCaughtUp();
        client.socket.takePerWrite(takePerWrite);
        final long from = base + STRIDE * 1_000L;
        final long to = base + 2L * STRIDE * 1_000L;
        final List<PublisherHarness.Journaled> wanted = h.journaled().stream()
            .filter(t -> t.eventMicros() >= from && t.eventMicros() <= to).toList();
        client.send("{\"op\":\"replay\",\"symbols\":[\"AAPL\",\"MSFT\"],\"from\":" + from + ",\"to\":" + to + "}");
        h.tickAt("AAPL", from + 1);
        h.tickAt("MSFT", to);
        runUntilReplayEnd();
        h.run(5);

        final List<Map<String, Object>> replayed = client.ofType("tick");
        assertEquals(wanted.stream().map(t -> t.symbol() + "/" + t.seq()).toList(),
            replayed.stream().map(m -> m.get("symbol") + "/" + m.get("seq")).toList(),
            "every journaled tick with from <= ts <= to, in journal order, none journaled after the request");
        assertEquals(Boolean.FALSE, single(client.ofType("replayEnd")).get("live"));
        final List<Map<String, Object>> quotes = client.ofType("tick", "snapshot", "replayEnd");
        assertEquals("replayEnd", quotes.get(quotes.size() - 1).get("type"), "no quote after it");
    }

    @Test
    void aReplayIntoTheDeletedHeadOfTheJournalIsRefusedAndOneAfterItStartsThere()
    {
        for (int i = 0; i < 3 * STRIDE; i++)
        {
            h.tick("AAPL");
        }
        connectCaughtUp();
        final PublisherHarness.Journaled cut = h.journaled().get(5_000 - 1);
        h.publisher.forgetBefore(cut.index());

        client.send("{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":10},\"id\":1}");
        client.send("{\"op\":\"replay\",\"symbols\":[\"AAPL\"],\"from\":" + h.eventMicros("AAPL", 10) + ",\"id\":2}");
        h.run(5);
        final List<Map<String, Object>> errors = client.ofType("error");
        assertEquals(List.of("BAD_REQUEST", "BAD_REQUEST"), errors.stream().map(m -> m.get("code")).toList());
        assertEquals("range not in the journal: the journal holds AAPL from seq 5120", errors.get(0).get("message"),
            "the first seq it can be sure the journal holds");
        assertTrue(((String)errors.get(1).get("message")).contains("the journal starts at"), errors.toString());

        client.send("{\"op\":\"replay\",\"symbols\":[\"AAPL\"],\"from\":" + h.eventMicros("AAPL", 5_050) + "}");
        runUntilReplayEnd();
        assertEquals(consecutive(5_050, 3 * STRIDE), client.seqs("AAPL"));
    }

    @Test
    void aReplayWhoseStartTheJournalNoLongerHoldsStartsAtTheJournalsFirstRecord()
    {
        for (int i = 0; i < STRIDE + 10; i++)
        {
            h.tick("AAPL");
        }
        final List<PublisherHarness.Journaled> journaled = h.journaled();
        final long gone = journaled.get(0).index() - (1L << 40); // in a day long before the journal's first
        final TimeBlocks blocks = new TimeBlocks();
        blocks.onTick(journaled.get(0).eventMicros(), gone);
        journaled.forEach(t -> blocks.onTick(t.eventMicros(), t.index()));

        final List<Long> seqs = new ArrayList<>();
        final JournalHandler collect = (tick, index) -> seqs.add(tick.seq());
        try (ReplayCursor cursor = new ReplayCursor(h.journal, h.writer.symbols(), blocks, Long.MIN_VALUE,
            Long.MAX_VALUE, Long.MAX_VALUE))
        {
            cursor.start(gone);
            while (cursor.poll(collect, 256, journaled.get(journaled.size() - 1).index()) > 0)
            {
                assertTrue(seqs.size() <= journaled.size(), "no tick twice");
            }
            assertTrue(cursor.isDone());
        }
        assertEquals(consecutive(1, STRIDE + 10), seqs);
    }

    private void runUntilReplayEnd()
    {
        for (int i = 0; i < 1_000 && client.ofType("replayEnd").isEmpty(); i++)
        {
            h.run(20);
        }
    }

    private void connectCaughtUp()
    {
        h.catchUp();
        client = h.connect();
        h.cycle();
    }
}
