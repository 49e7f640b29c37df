package io.tickgate.feed;

import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalWriter;
import org.agrona.CloseHelper;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Drives the server's duty cycle on the test thread (it owns the journal writer) against real client sockets.
 */
@Timeout(30)
class TcpIngestServerTest
{
    private static final long DEADLINE_NS = 10_000_000_000L;
    private static final long IDLE_TIMEOUT_MS = 1_000;
    private static final int MAX_NEW_SYMBOLS = 6;
    private static final long MS = 1_000_000L;

    @TempDir
    Path tempDir;

    private Journal journal;
    private JournalWriter writer;
    private IngestCounters counters;
    private TcpIngestServer server;
    private IngestSockets sockets;
    private final CachedNanoClock clock = new CachedNanoClock();

    @BeforeEach
    void start()
    {
        journal = Journal.open(tempDir);
        writer = journal.writer(1024);
        counters = new IngestCounters();
        final CsvIngest ingest = new CsvIngest(writer, counters, new RateLimitedLog(5, SystemNanoClock.INSTANCE),
            new OffsetEpochNanoClock(), null, TsSkewPolicy.defaults());
        server = new TcpIngestServer("127.0.0.1", 0, ingest, clock,
            new IngestLimits(2, IDLE_TIMEOUT_MS, MAX_NEW_SYMBOLS, IngestToken.NONE));
        sockets = new IngestSockets(server, counters);
    }

    @AfterEach
    void stop()
    {
        CloseHelper.quietCloseAll(sockets, server, writer, journal);
    }

    @Test
    void shouldJournalGoodLinesAndCountGarbageSentInOddChunks() throws IOException
    {
        final Socket client = sockets.connect();
        final StringBuilder text = new StringBuilder();
        int good = 0;
        int bad = 0;
        for (int i = 0; i < 300; i++)
        {
            text.append(goodLine("SYM" + (char)('A' + i % 5), i));
            good++;
            switch (i % 4)
            {
                case 0 -> text.append("garbage without commas\n");
                case 1 -> text.append("AAPL,1,1.123456789,1,1,1,1,1,1\r\n");
                case 2 -> text.append("\u0000\u00ff\u0001,,,,\n");
                default -> text.append("x".repeat(700)).append('\n');
            }
            bad++;
        }
        sendInRandomChunks(client, text.toString(), new SplittableRandom(42));
        final int expectedGood = good;
        final int expectedBad = bad;
        sockets.pumpUntil(() -> counters.accepted() == expectedGood && counters.rejectedTotal() == expectedBad);
        assertEquals(75, counters.rejected(IngestError.LINE_TOO_LONG));
        assertEquals(75, counters.rejected(IngestError.BAD_PRICE));
        assertEquals(150, counters.rejected(IngestError.FIELD_COUNT));

        IngestSockets.send(client, goodLine("LATE", 1) + goodLine("LATE", 2));
        sockets.pumpUntil(() -> counters.accepted() == expectedGood + 2);
        assertEquals(0, counters.connectionsClosed());
        assertEquals(1, server.connectionCount());

        final Map<String, Integer> perSymbol = JournalContents.assertSeqsContiguous(JournalContents.read(journal));
        assertEquals(Map.of("SYMA", 60, "SYMB", 60, "SYMC", 60, "SYMD", 60, "SYME", 60, "LATE", 2), perSymbol);
    }

    @Test
    void shouldRefuseClientsBeyondMaxConnectionsAndServeTheOthers() throws IOException
    {
        final Socket first = sockets.connect();
        final Socket second = sockets.connect();
        sockets.pumpUntil(() -> counters.connectionsAccepted() == 2);
        final Socket third = sockets.connect();
        sockets.pumpUntil(() -> counters.connectionsRefused() == 1);
        assertEquals(-1, third.getInputStream().read());

        IngestSockets.send(first, goodLine("ONE", 1));
        IngestSockets.send(second, goodLine("TWO", 1));
        sockets.pumpUntil(() -> counters.accepted() == 2);

        first.close();
        sockets.pumpUntil(() -> counters.connectionsClosed() == 1);
        final Socket fourth = sockets.connect();
        sockets.pumpUntil(() -> counters.connectionsAccepted() == 3);
        IngestSockets.send(fourth, goodLine("FOUR", 1));
        sockets.pumpUntil(() -> counters.accepted() == 3);
        assertEquals(2, server.connectionCount());
    }

    @Test
    void shouldDropOnlyTheIncompleteLineOfClientClosingMidLine() throws IOException
    {
        final Socket leaving = sockets.connect();
        final Socket staying = sockets.connect();
        IngestSockets.send(leaving, goodLine("LEAVE", 1) + "junk\n" + goodLine("LEAVE", 2).substring(0, 20));
        IngestSockets.send(staying, goodLine("STAY", 1));
        sockets.pumpUntil(() -> counters.accepted() == 2);

        leaving.close();
        IngestSockets.send(staying, goodLine("STAY", 2).substring(0, 10));
        sockets.pumpUntil(() -> counters.connectionsClosed() == 1);
        assertEquals(1, counters.partialLinesDropped());
        assertEquals(1, counters.rejectedTotal());

        IngestSockets.send(staying, goodLine("STAY", 2).substring(10) + goodLine("STAY", 3));
        sockets.pumpUntil(() -> counters.accepted() == 4);
        assertEquals(Map.of("LEAVE", 1, "STAY", 3),
            JournalContents.assertSeqsContiguous(JournalContents.read(journal)));
    }

    @Test
    void shouldReleasePortOnClose() throws IOException
    {
        final Socket client = sockets.connect();
        sockets.pumpUntil(() -> counters.connectionsAccepted() == 1);
        final int port = server.port();
        // the control: while the server is open its port cannot be bound again (SO_REUSEADDR, which the JDK sets on
        // server sockets, allows no second listener)
        assertThrows(UncheckedIOException.class, () -> serverOn(port).close(), "port " + port + " bound twice");

        server.close();
        assertEquals(-1, client.getInputStream().read(), "the accepted connection is closed with the server");
        try (TcpIngestServer again = serverOn(port))
        {
            assertEquals(port, again.port(), "bound again to the port the closed server held");
            sockets.connect(port);
            while (counters.connectionsAccepted() < 2) // the class's @Timeout bounds this
            {
                again.doWork();
            }
        }
    }

    @Test
    void shouldCloseAClientThatSendsNothingForTheIdleTimeoutAndKeepOneThatDoes() throws IOException
    {
        final Socket silent = sockets.connect();
        final Socket talking = sockets.connect();
        final long deadline = System.nanoTime() + DEADLINE_NS;
        while (server.connectionCount() < 2 && System.nanoTime() < deadline)
        {
            server.doWork();
        }
        assertEquals(2, server.connectionCount());

        // 1.5 timeouts of the hand clock, the talking client sending an empty line (a keepalive) every quarter
        for (int quarter = 1; quarter <= 6; quarter++)
        {
            IngestSockets.send(talking, "\n");
            final long skipped = counters.skipped();
            while (counters.skipped() == skipped && System.nanoTime() < deadline)
            {
                server.doWork();
            }
            clock.update(clock.nanoTime() + IDLE_TIMEOUT_MS * 1_000_000L / 4);
            server.doWork();
        }

        assertEquals(1, counters.connectionsIdleClosed());
        assertEquals(1, server.connectionCount(), "the client that sends stays");
        assertEquals(-1, silent.getInputStream().read(), "the silent client sees its connection end");
        IngestSockets.send(talking, goodLine("AAPL", 1));
        final long accepted = counters.accepted();
        while (counters.accepted() == accepted && System.nanoTime() < deadline)
        {
            server.doWork();
        }
        assertEquals(accepted + 1, counters.accepted(), "the talking client's lines are still journaled");
    }

    @Test
    void shouldCountEveryConnectionButLogOnlyAFewPerSecondWhenClientsPileIn() throws IOException
    {
        for (int i = 0; i < 20; i++)
        {
            sockets.connect();
        }
        final long deadline = System.nanoTime() + DEADLINE_NS;
        while (counters.connectionsAccepted() + counters.connectionsRefused() < 20 && System.nanoTime() < deadline)
        {
            server.doWork();
        }

        assertEquals(2, counters.connectionsAccepted());
        assertEquals(18, counters.connectionsRefused(), "every refusal counted");
        assertEquals(15, server.suppressedConnectionLogs(), "5 lines logged in the (hand-held) second, 15 left out");
    }

    @Test
    void shouldLetOneConnectionDefineOnlySoManyNewSymbolsWhileItsKnownOnesGoOn() throws IOException
    {
        final Socket first = sockets.connect();
        final StringBuilder lines = new StringBuilder();
        for (int i = 0; i < MAX_NEW_SYMBOLS + 2; i++)
        {
            lines.append(goodLine("NEW" + i, i));
        }
        lines.append(goodLine("NEW0", 100));
        IngestSockets.send(first, lines.toString());
        awaitLines(MAX_NEW_SYMBOLS + 3);

        assertEquals(MAX_NEW_SYMBOLS + 1, counters.accepted(), "six new symbols, then a known one");
        assertEquals(2, counters.rejected(IngestError.NEW_SYMBOL_LIMIT), "the seventh and eighth new symbols");
        assertEquals(MAX_NEW_SYMBOLS, writer.symbols().count());

        final Socket second = sockets.connect();
        IngestSockets.send(second, goodLine("OTHER", 1) + goodLine("NEW1", 101));
        awaitLines(MAX_NEW_SYMBOLS + 5);
        assertEquals(MAX_NEW_SYMBOLS + 3, counters.accepted(), "another connection has its own allowance");
        assertEquals(MAX_NEW_SYMBOLS + 1, writer.symbols().count());
    }

    @Test
    void shouldAcknowledgeAtOnceAfterAQuietSpellThenEvery100MsWhileLinesArrive() throws IOException
    {
        final Socket client = sockets.connect();
        final BufferedReader acks = reader(client);
        IngestSockets.send(client, "#ack\n");
        sockets.pumpUntil(() -> counters.skipped() == 1);
        assertFalse(acks.ready(), "no tick line yet, nothing to acknowledge");

        sendAt(0, client, goodLine("ACK", 1));
        assertEquals("ack 1 0", acks.readLine(), "the first line after a quiet spell: at once");
        sendAt(10, client, "ACK,bad\n");
        sendAt(60, client, goodLine("ACK", 2));
        clock.update(100 * MS - 1);
        server.doWork();
        assertFalse(acks.ready(), "at most one acknowledgement per 100 ms");
        clock.update(100 * MS);
        server.doWork();
        assertEquals("ack 2 1", acks.readLine(), "100 ms after the last one, while lines arrive");

        sendAt(150, client, goodLine("ACK", 3));
        clock.update(200 * MS - 1);
        server.doWork();
        assertFalse(acks.ready());
        clock.update(200 * MS);
        server.doWork();
        assertEquals("ack 3 1", acks.readLine(), "the end of the burst: within 100 ms of its last line");

        clock.update(350 * MS);
        server.doWork();
        assertFalse(acks.ready(), "nothing new, nothing written");
        sendAt(400, client, goodLine("ACK", 4) + "x".repeat(600) + "\n");
        assertEquals("ack 4 2", acks.readLine(), "a line too long is a refused tick line too");
    }

    @Test
    void shouldTreatAckAfterTheFirstTickAsACommentAndLetTheHeaderFollowALeadingAck() throws IOException
    {
        final Socket late = sockets.connect();
        IngestSockets.send(late, goodLine("LATE", 1) + "#ack\n" + goodLine("LATE", 2));
        sockets.pumpUntil(() -> counters.accepted() == 2);
        clock.update(clock.nanoTime() + 1_000 * MS);
        server.doWork();
        assertEquals(0, late.getInputStream().available(), "#ack after a tick is an ordinary comment");

        final Socket early = sockets.connect();
        final BufferedReader acks = reader(early);
        IngestSockets.send(early,
            "#ack\r\nsymbol,ts,bid,bidSize,ask,askSize,last,lastSize,volume\n" + goodLine("EARLY", 1));
        sockets.pumpUntil(() -> counters.accepted() == 3);
        assertEquals("ack 1 0", acks.readLine(), "the header on line 2 is neither accepted nor rejected");
        assertEquals(0, counters.rejectedTotal());
        assertEquals(3, counters.skipped(), "two #ack lines and the header");
    }

    @Test
    void shouldWriteALastAcknowledgementWhenTheClientEndsItsSide() throws IOException
    {
        final Socket client = sockets.connect();
        final BufferedReader acks = reader(client);
        IngestSockets.send(client, "#ack\n" + goodLine("END", 1) + "END,bad\n" + goodLine("END", 2) + goodLine("END", 3)
            .substring(0, 12));
        client.shutdownOutput();
        sockets.pumpUntil(() -> counters.connectionsClosed() == 1);

        assertEquals("ack 2 1", lastLine(acks), "the partial last line is not counted");
        assertEquals(1, counters.partialLinesDropped());
    }

    @Test
    void shouldDrainJournalEveryCompleteLineAlreadyReceivedAckThemAndTakeNoNewClients() throws IOException
    {
        final Socket acked = sockets.connect();
        final Socket plain = sockets.connect();
        final BufferedReader acks = reader(acked);
        IngestSockets.send(acked, "#ack\n" + goodLine("ACKED", 1));
        sockets.pumpUntil(() -> counters.accepted() == 1 && server.connectionCount() == 2);
        assertEquals("ack 1 0", acks.readLine());

        // never read by a duty cycle: the drain finds these in the sockets
        final StringBuilder lines = new StringBuilder();
        for (int i = 2; i <= 500; i++)
        {
            lines.append(goodLine("ACKED", i)).append(i % 100 == 0 ? "ACKED,bad\n" : "");
        }
        IngestSockets.send(acked, lines + goodLine("ACKED", 501).substring(0, 15));
        IngestSockets.send(plain, goodLine("PLAIN", 1) + goodLine("PLAIN", 2));
        server.drain();

        assertEquals("ack 500 5", lastLine(acks), "every complete line, the partial one left out");
        assertEquals(-1, plain.getInputStream().read(), "a client that asked for no acks gets none");
        assertEquals(Map.of("ACKED", 500, "PLAIN", 2),
            JournalContents.assertSeqsContiguous(JournalContents.read(journal)));
        assertEquals(1, counters.partialLinesDropped());
        assertEquals(2, counters.connectionsClosed());
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", server.port()).close(),
            "the port is closed: no new clients");
        server.drain(); // again: nothing to do
        assertEquals(0, server.connectionCount());
    }

    private void awaitLines(final long lines) throws IOException
    {
        final long deadline = System.nanoTime() + DEADLINE_NS;
        while (counters.accepted() + counters.rejectedTotal() < lines && System.nanoTime() < deadline)
        {
            server.doWork();
        }
    }

    private TcpIngestServer serverOn(final int port)
    {
        return new TcpIngestServer("127.0.0.1", port,
            new CsvIngest(writer, counters, new RateLimitedLog(1, SystemNanoClock.INSTANCE), new OffsetEpochNanoClock(),
                null, TsSkewPolicy.defaults()), clock,
            new IngestLimits(1, IDLE_TIMEOUT_MS, MAX_NEW_SYMBOLS, IngestToken.NONE));
    }

    static String goodLine(final String symbol, final int i)
    {
        return symbol + "," + (1764100000000000L + i) + ",10." + (i % 100) + ",100,10.5,200,10.25,100," + (1000 + i) +
            "\n";
    }

    private void sendAt(final long ms, final Socket socket, final String text) throws IOException
    {
        clock.update(ms * MS);
        final long lines = counters.accepted() + counters.rejectedTotal();
        IngestSockets.send(socket, text);
        final long expected = lines + text.chars().filter(c -> '\n' == c).count();
        sockets.pumpUntil(() -> counters.accepted() + counters.rejectedTotal() == expected);
    }

    private static BufferedReader reader(final Socket socket) throws IOException
    {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    /**
     * @return the last line before the end of the stream, which must come.
     */
    private static String lastLine(final BufferedReader reader) throws IOException
    {
        String last = null;
        for (String line = reader.readLine(); null != line; line = reader.readLine())
        {
            last = line;
        }
        assertNull(reader.readLine());
        return last;
    }

    private void sendInRandomChunks(final Socket socket, final String text, final SplittableRandom random)
        throws IOException
    {
        final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        final OutputStream out = socket.getOutputStream();
        int at = 0;
        while (at < bytes.length)
        {
            final int length = Math.min(bytes.length - at, 1 + random.nextInt(97));
            out.write(bytes, at, length);
            out.flush();
            at += length;
            server.doWork(); // interleave reads with writes so chunks arrive split
        }
    }
}
