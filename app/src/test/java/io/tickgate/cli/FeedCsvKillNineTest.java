package io.tickgate.cli;

import io.tickgate.journal.Journal;
import io.tickgate.testing.Await;
import io.tickgate.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tickgate feed csv -} killed with SIGKILL while lines stream into its standard input, twenty times: each
 * time the journal must hold exactly the lines before some point, in order, with contiguous seqs, and be ready for
 * the next writer (the lock dies with the process); the feed resumes after the last journaled line and, in the end,
 * every line is journaled exactly once.
 */
@Timeout(300)
class FeedCsvKillNineTest
{
    private static final int KILLS = 20;
    private static final long LINES_PER_ROUND = 100_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void shouldLeaveAnExactPrefixEachTimeFeedCsvIsKilled() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final Path logs = Files.createDirectories(dir.resolve("logs"));
        long next = 0;
        for (int kill = 0; kill < KILLS; kill++)
        {
            try (ChildJvm feed = feedCsv(logs, journal);
                LineSender sender = new LineSender(feed.process.getOutputStream(), new byte[0], next,
                    next + LINES_PER_ROUND, Map.of());
                Journal watch = Journal.open(journal))
            {
                final long atLeast = next + LINES_PER_ROUND / 10;
                Await.until(() -> watch.recordCount() > atLeast, TIMEOUT, () -> "journal growing past " + atLeast);
                feed.process.destroyForcibly();
                feed.process.waitFor();
                final List<TickLines.Journaled> ticks = TickLines.read(journal);
                assertPrefix(ticks);
                final long sent = next + sender.sentCount();
                assertTrue(ticks.size() > next && ticks.size() <= sent, () -> "journaled " + ticks.size() +
                    " lines of " + sent + " sent");
                next = ticks.size();
            }
        }

        final long end = next + LINES_PER_ROUND;
        try (ChildJvm feed = feedCsv(logs, journal);
            LineSender sender = new LineSender(feed.process.getOutputStream(), new byte[0], next, end, Map.of()))
        {
            sender.awaitWritten();
            assertEquals(0, feed.awaitExit(TIMEOUT), feed::describe);
        }
        final List<TickLines.Journaled> ticks = TickLines.read(journal);
        assertPrefix(ticks);
        assertEquals(end, ticks.size(), "every line exactly once");
        System.out.println("feed csv kill -9 x" + KILLS + ": " + end + " lines journaled exactly once, in order");
    }

    /**
     * The journal holds lines 0..n-1 exactly, in file order: a single writer journals the stream as it comes.
     */
    private static void assertPrefix(final List<TickLines.Journaled> ticks)
    {
        TickLines.assertExactlyOnceInOrder(ticks);
        for (int i = 0; i < ticks.size(); i++)
        {
            assertEquals(i, ticks.get(i).line(), "journal order");
        }
    }

    private static ChildJvm feedCsv(final Path logs, final Path journal)
    {
        return Tickgate.start(logs, "feed", "csv", "-", "--journal", journal.toString());
    }
}
