package io.tickgate.feed;

import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalWriter;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class FeedAgentTest
{
    @TempDir
    Path tempDir;

    @Test
    @Timeout(30)
    void shouldRunSimulatorAndTcpIngestThroughOneWriterOnItsThread() throws Exception
    {
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final IngestCounters counters = new IngestCounters();
        final MarketSimulator simulator;
        try (Journal journal = Journal.open(tempDir))
        {
            final JournalWriter writer = journal.writer(4096);
            simulator = new MarketSimulator(100, 1, 2_000, 64, writer);
            final CsvIngest ingest = new CsvIngest(writer, counters, new RateLimitedLog(10, SystemNanoClock.INSTANCE),
                new OffsetEpochNanoClock(), null, TsSkewPolicy.defaults());
            final TcpIngestServer server =
                new TcpIngestServer("127.0.0.1", 0, ingest, SystemNanoClock.INSTANCE,
                    new IngestLimits(4, 60_000, 100, IngestToken.NONE));
            final FeedAgent agent = new FeedAgent(writer, simulator, server, new OffsetEpochNanoClock());
            assertEquals("tickgate-feed", agent.roleName());

            try (AgentRunner runner = new AgentRunner(
                new SleepingMillisIdleStrategy(1), error::set, (AtomicCounter)null, agent);
                Socket client = new Socket("127.0.0.1", server.port()))
            {
                AgentRunner.startOnThread(runner);
                final OutputStream out = client.getOutputStream();
                for (int i = 1; i <= 100; i++)
                {
                    out.write(TcpIngestServerTest.goodLine("ZZTCP", i).getBytes(StandardCharsets.US_ASCII));
                    out.write("not a tick\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                awaitUntil(() -> counters.accepted() == 100 && counters.rejectedTotal() == 100);
            }
            assertNull(error.get());

            final List<JournalContents.Tick> ticks = JournalContents.read(journal);
            final Map<String, Integer> perSymbol = JournalContents.assertSeqsContiguous(ticks);
            assertEquals(100, perSymbol.get("ZZTCP"));
            assertEquals(simulator.emitted(), ticks.size() - 100);
            assertTrue(simulator.emitted() > 0);

            journal.writer(16).close(); // onClose released the writer lock
        }
    }

    private static void awaitUntil(final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("condition not met before deadline");
            }
            Thread.onSpinWait();
        }
    }
}
