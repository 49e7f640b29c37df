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
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.tickgate.feed.TcpIngestServerTest.goodLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --ingest-token-file} through a real {@link TcpIngestServer} and real sockets: a connection whose first line
 * is not {@code #auth} and the token is closed with nothing of it journaled and counted {@code unauthorized}; the
 * right token lets it in, {@code #ack} after it included; a partial {@code #auth} line then silence meets the idle
 * timeout (hand-set clock); bad token files are refused naming the option.
 */
@Timeout(30)
class IngestTokenTest
{
    private static final long DEADLINE_NS = 10_000_000_000L;
    private static final long IDLE_TIMEOUT_MS = 1_000;
    private static final String TOKEN = "s3cret-token_with.symbols";

    @TempDir
    Path dir;
    private Journal journal;
    private JournalWriter writer;
    private IngestCounters counters;
    private TcpIngestServer server;
    private IngestSockets sockets;
    private final CachedNanoClock clock = new CachedNanoClock();

    @BeforeEach
    void start() throws IOException
    {
        journal = Journal.open(dir.resolve("journal"));
        writer = journal.writer(1024);
        counters = new IngestCounters();
        final Path tokenFile = Files.writeString(dir.resolve("token"), "  " + TOKEN + "\n\n");
        server = new TcpIngestServer("127.0.0.1", 0, new CsvIngest(writer, counters,
            new RateLimitedLog(5, SystemNanoClock.INSTANCE), new OffsetEpochNanoClock(), null, TsSkewPolicy.defaults()),
            clock, new IngestLimits(8, IDLE_TIMEOUT_MS, 100, IngestToken.read(tokenFile)));
        sockets = new IngestSockets(server, counters);
    }

    @AfterEach
    void stop()
    {
        CloseHelper.quietCloseAll(sockets, server, writer, journal);
    }

    @Test
    void refusesConnectionsWithoutTheTokenFirstAndJournalsNothingOfThem() throws IOException
    {
        final Socket none = sockets.connect();
        IngestSockets.send(none, goodLine("NONE", 1) + goodLine("NONE", 2));
        final Socket wrong = sockets.connect();
        IngestSockets.send(wrong, "#auth not-the-token\n" + goodLine("WRONG", 1));
        final Socket longer = sockets.connect();
        IngestSockets.send(longer, "#auth " + TOKEN + "x\n" + goodLine("LONGER", 1));
        final Socket late = sockets.connect();
        IngestSockets.send(late, goodLine("LATE", 1) + "#auth " + TOKEN + "\n" + goodLine("LATE", 2));
        final Socket ackFirst = sockets.connect();
        IngestSockets.send(ackFirst, "#ack\n#auth " + TOKEN + "\n" + goodLine("ACKFIRST", 1));

        sockets.pumpUntil(() -> counters.rejected(IngestError.UNAUTHORIZED) == 5 && server.connectionCount() == 0);
        for (final Socket refused : List.of(none, wrong, longer, late, ackFirst))
        {
            assertEquals(-1, refused.getInputStream().read(), "the refused connection is closed");
        }
        assertEquals(0, counters.accepted());
        assertEquals(Map.of(), JournalContents.assertSeqsContiguous(JournalContents.read(journal)));
    }

    @Test
    void takesTheRightTokenWithAcksAndAHeaderAfterIt() throws IOException
    {
        final Socket plain = sockets.connect();
        IngestSockets.send(plain, "#auth " + TOKEN + "\r\n" + goodLine("PLAIN", 1));
        final Socket acked = sockets.connect();
        final BufferedReader acks = new BufferedReader(
            new InputStreamReader(acked.getInputStream(), StandardCharsets.US_ASCII));
        IngestSockets.send(acked,
            "#auth " + TOKEN + "\n#ack\nsymbol,ts,bid,bidSize,ask,askSize,last,lastSize,volume\n" +
            goodLine("ACKED", 1) + "ACKED,bad\n" + goodLine("ACKED", 2));
        sockets.pumpUntil(() -> counters.accepted() == 3);
        assertEquals("ack 2 1", acks.readLine());
        assertEquals(0, counters.rejected(IngestError.UNAUTHORIZED));
        assertEquals(2, server.connectionCount());
        assertEquals(Map.of("PLAIN", 1, "ACKED", 2),
            JournalContents.assertSeqsContiguous(JournalContents.read(journal)));
    }

    @Test
    void aPartialAuthLineThenSilenceMeetsTheIdleTimeout() throws IOException
    {
        final Socket silent = sockets.connect();
        IngestSockets.send(silent, "#auth " + TOKEN.substring(0, 4));
        sockets.pumpUntil(() -> server.connectionCount() == 1);
        // two timeouts of the hand clock, a quarter at a time, with a duty cycle each (the first reads the bytes)
        for (int quarter = 1; quarter <= 8 && 0 == counters.connectionsIdleClosed(); quarter++)
        {
            server.doWork();
            clock.update(clock.nanoTime() + IDLE_TIMEOUT_MS * 1_000_000L / 4);
        }
        sockets.pumpUntil(() -> counters.connectionsIdleClosed() == 1);
        assertEquals(-1, silent.getInputStream().read());
        assertEquals(0, counters.rejected(IngestError.UNAUTHORIZED), "idle, not refused");
    }

    @Test
    void refusesEmptyOrUnreadableTokenFilesNamingTheOption() throws IOException
    {
        for (final Path bad : List.of(Files.writeString(dir.resolve("empty"), " \n\t\n"), dir.resolve("missing"), dir))
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> IngestToken.read(bad));
            assertTrue(ex.getMessage().startsWith("--ingest-token-file: "), ex.getMessage());
        }
    }
}
