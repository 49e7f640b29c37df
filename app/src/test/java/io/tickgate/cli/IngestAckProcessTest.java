package io.tickgate.cli;

import io.tickgate.codec.TickDecoder;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalReader;
import io.tickgate.testing.Await;
import io.tickgate.testing.ChildJvm;
import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acknowledged TCP ingest against a real {@code tickgate serve} child: on SIGTERM every complete line received is
 * journaled and the final ack says exactly how many; after {@code kill -9} every acknowledged line is in the journal
 * and a restarted gateway serves it with the seq it was given.
 */
@Timeout(180)
class IngestAckProcessTest
{
    private static final long BASE_TS = 1_764_100_000_000_000L;
    private static final int LINES = 20_000;
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /**
     * A feed that asks for acks and streams {@code LINES} ticks of one symbol, line i with seq-to-be i in its ts,
     * while a reader keeps the last ack until the connection ends.
     */
    private static final class AckedFeed implements AutoCloseable
    {
        final Socket socket;
        final CompletableFuture<String> lastAck = new CompletableFuture<>();
        volatile String latest = "ack 0 0";

        AckedFeed(final int port, final String symbol) throws IOException
        {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(60_000);
            final Thread sender = new Thread(() -> send(symbol), "acked-feed-sender");
            sender.setDaemon(true);
            sender.start();
            final Thread reader = new Thread(this::readAcks, "acked-feed-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void send(final String symbol)
        {
            try
            {
                final OutputStream out = socket.getOutputStream();
                out.write("#ack\n".getBytes(StandardCharsets.US_ASCII));
                final StringBuilder chunk = new StringBuilder();
                for (int i = 1; i <= LINES; i++)
                {
                    chunk.append(line(symbol, i));
                    if (i % 500 == 0)
                    {
                        out.write(chunk.toString().getBytes(StandardCharsets.US_ASCII));
                        chunk.setLength(0);
                    }
                }
            }
            catch (final IOException ex)
            {
                // the gateway went away mid-stream: what it acknowledged is what counts
            }
        }

        private void readAcks()
        {
            try (BufferedReader in = reader(socket))
            {
                for (String ack = in.readLine(); null != ack; ack = in.readLine())
                {
                    latest = ack;
                }
            }
            catch (final IOException ex)
            {
                // a reset after the last ack (the sender still writing) ends the stream as well
            }
            lastAck.complete(latest);
        }

        long accepted()
        {
            return Long.parseLong(latest.split(" ")[1]);
        }

        String awaitLastAck() throws Exception
        {
            return lastAck.get(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }

        public void close() throws IOException
        {
            socket.close();
        }
    }

    @Test
    void shouldJournalEveryCompleteLineAndAckItExactlyOnSigterm() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final Path logs = Files.createDirectories(dir.resolve("logs"));
        final String finalAck;
        final String partialAck;
        try (ChildJvm serve = serve(logs, journal))
        {
            final int port = ServeProcessTest.awaitListening(serve).ingestPort();
            try (Socket partial = new Socket(InetAddress.getLoopbackAddress(), port);
                AckedFeed feed = new AckedFeed(port, "FLOW"))
            {
                partial.setSoTimeout(60_000);
                final BufferedReader partialAcks = reader(partial);
                partial.getOutputStream().write(("#ack\n" + line("PART", 1) + line("PART", 2) +
                    line("PART", 3).substring(0, 20)).getBytes(StandardCharsets.US_ASCII));
                for (String ack = partialAcks.readLine(); !"ack 2 0".equals(ack); ack = partialAcks.readLine())
                {
                    assertTrue(null != ack, "the partial connection's two lines acknowledged");
                }
                Await.until(() -> feed.accepted() > 0, () -> "the first ack of the flowing feed");

                serve.process.destroy(); // SIGTERM, lines in flight
                finalAck = feed.awaitLastAck();
                String last = "ack 2 0";
                for (String ack = partialAcks.readLine(); null != ack; ack = partialAcks.readLine())
                {
                    last = ack;
                }
                partialAck = last;
            }
            assertEquals(0, serve.awaitExit(EXIT_TIMEOUT), serve::describe);
            ServeProcessTest.assertCleanOutput(serve);
        }

        final List<Long> flow = seqsAsTs(journal, "FLOW");
        System.out.println("SIGTERM: " + flow.size() + " of " + LINES + " lines journaled, final " + finalAck);
        assertEquals("ack " + flow.size() + " 0", finalAck, "the final ack counts exactly the journaled lines");
        assertTicksAreTheirLines(flow);
        assertEquals("ack 2 0", partialAck, "the partial last line is neither journaled nor counted");
        assertEquals(List.of(1L, 2L), seqsAsTs(journal, "PART"));
    }

    @Test
    void shouldKeepEveryAcknowledgedLineThroughKillDashNineAndServeItAfterRestart() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final Path logs = Files.createDirectories(dir.resolve("logs"));
        final long acknowledged;
        try (ChildJvm serve = serve(logs, journal))
        {
            final int port = ServeProcessTest.awaitListening(serve).ingestPort();
            try (AckedFeed feed = new AckedFeed(port, "KEPT"))
            {
                Await.until(() -> feed.accepted() > 0, () -> "the first ack");
                serve.process.destroyForcibly(); // SIGKILL
                serve.awaitExit(EXIT_TIMEOUT);
                acknowledged = Long.parseLong(feed.awaitLastAck().split(" ")[1]);
            }
        }

        final List<Long> kept = seqsAsTs(journal, "KEPT");
        System.out.println("SIGKILL: " + kept.size() + " of " + LINES + " lines journaled, " + acknowledged +
            " acknowledged");
        assertTrue(kept.size() >= acknowledged, () -> kept.size() + " journaled, " + acknowledged + " acknowledged");
        assertTicksAreTheirLines(kept);

        try (ChildJvm again = serve(logs, journal))
        {
            final int port = ServeProcessTest.awaitListening(again).httpPort();
            try (WsClient client = WsClient.connect(port))
            {
                client.send("{\"op\":\"replay\",\"fromSeq\":{\"KEPT\":1},\"id\":1}");
                client.awaitType("replayEnd");
                final List<Map<String, Object>> ticks = client.ofType("tick");
                assertEquals(kept.size(), ticks.size());
                for (final Map<String, Object> tick : ticks)
                {
                    assertEquals(BASE_TS + (Long)tick.get("seq"), tick.get("ts"), tick::toString);
                }
            }
            again.process.destroy();
            assertEquals(0, again.awaitExit(EXIT_TIMEOUT), again::describe);
        }
    }

    private static ChildJvm serve(final Path logs, final Path journal)
    {
        return Tickgate.start(logs, "serve", "--port", "0", "--ingest-port", "0", "--journal", journal.toString(),
            "--drain-ms", "0");
    }

    private static String line(final String symbol, final int i)
    {
        return symbol + "," + (BASE_TS + i) + ",10." + (i % 100) + ",100,10.5,200,10.25,100," + i + "\n";
    }

    private static BufferedReader reader(final Socket socket) throws IOException
    {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    /**
     * Each journaled tick is the line of the same number: seq i has ts BASE + i, 1..n without a gap.
     */
    private static void assertTicksAreTheirLines(final List<Long> seqsAsTs)
    {
        for (int i = 0; i < seqsAsTs.size(); i++)
        {
            assertEquals(i + 1, seqsAsTs.get(i), "tick " + i);
        }
    }

    /**
     * @return per journaled tick of the symbol, in journal order, its seq if its ts says the same line, else -seq.
     */
    private static List<Long> seqsAsTs(final Path journalDir, final String symbol)
    {
        final List<Long> seqs = new ArrayList<>();
        try (Journal journal = Journal.open(journalDir);
            JournalReader reader = journal.reader(Journal.DEFAULT_SYMBOL_CAPACITY))
        {
            while (reader.poll((final TickDecoder tick, final long index) ->
            {
                if (symbol.equals(reader.symbols().name(tick.symbolId())))
                {
                    seqs.add(tick.eventTimeMicros() - BASE_TS == tick.seq() ? tick.seq() : -tick.seq());
                }
            }, 1024) > 0)
            {
                // read to the end
            }
        }
        return seqs;
    }
}
