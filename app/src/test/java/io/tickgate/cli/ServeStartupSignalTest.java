package io.tickgate.cli;

import io.tickgate.codec.TickFields;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalWriter;
import io.tickgate.testing.Await;
import io.tickgate.testing.ChildJvm;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM while {@code serve} is still reading a large journal at start: it stops reading, closes the journal (its
 * writer's lock included), prints why and exits 0 without a stack trace; a second start on the same journal works.
 */
@Timeout(180)
class ServeStartupSignalTest
{
    private static final int TICKS = 3_000_000;
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void sigtermWhileTheJournalIsReadAtStartExitsCleanlyAndTheJournalStaysUsable() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final Path logs = Files.createDirectories(dir.resolve("logs"));
        write(journal);

        try (ChildJvm serve = ServeProcessTest.serve(logs, journal))
        {
            Await.until(() -> serve.stderr().contains("reading journal"), Duration.ofSeconds(60),
                () -> "the gateway says it is reading the journal\n" + serve.describe());
            serve.process.destroy(); // SIGTERM
            assertEquals(0, serve.awaitExit(EXIT_TIMEOUT), serve::describe);
            assertTrue(serve.stdout().contains("stopped while reading journal"), serve::describe);
            assertFalse(serve.stdout().contains("listening"), () -> "it stopped before serving\n" + serve.describe());
            ServeProcessTest.assertCleanOutput(serve);
        }

        try (ChildJvm again = ServeProcessTest.serve(logs, journal))
        {
            assertTrue(ServeProcessTest.awaitListening(again).httpPort() > 0, "the journal and its lock were let go");
            again.process.destroy();
            assertEquals(0, again.awaitExit(EXIT_TIMEOUT), again::describe);
        }
    }

    /**
     * A journal large enough that reading it at start takes a while: {@value #TICKS} ticks over a few symbols.
     */
    private static void write(final Path dir)
    {
        final TickFields fields = new TickFields();
        final UnsafeBuffer[] symbols = new UnsafeBuffer[8];
        for (int i = 0; i < symbols.length; i++)
        {
            symbols[i] = new UnsafeBuffer(("SYM" + i).getBytes(StandardCharsets.US_ASCII));
        }
        try (Journal journal = Journal.open(dir); JournalWriter writer = journal.writer(64))
        {
            for (int i = 0; i < TICKS; i++)
            {
                fields.eventTimeMicros = 1_764_100_000_000_000L + i;
                fields.bid = 100_000_000L;
                fields.ask = 101_000_000L;
                fields.last = 100_500_000L;
                fields.bidSize = 1;
                fields.askSize = 1;
                fields.lastSize = 1;
                fields.volume = i;
                final UnsafeBuffer symbol = symbols[i % symbols.length];
                writer.append(symbol, 0, symbol.capacity(), fields, System.nanoTime());
            }
        }
    }
}
