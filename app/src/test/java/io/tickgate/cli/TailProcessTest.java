package io.tickgate.cli;

import io.tickgate.codec.FixedPoint;
import io.tickgate.codec.TickFields;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalWriter;
import io.tickgate.testing.ChildJvm;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code tickgate tail} as a real child process beside a writer in this JVM: it prints ticks journaled after it
 * started (or all of them with {@code --from-start}), names symbols defined before and after its start, filters by
 * {@code --symbols}, idles without spinning, and exits 0 on SIGTERM.
 */
@Timeout(120)
class TailProcessTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long T0 = 1_764_100_000_123_456L; // 2025-11-25T19:46:40.123456Z
    private static final Pattern FOLLOWING = Pattern.compile("(?s).*tickgate tail: following .*");

    @TempDir
    Path dir;
    private Path logs;
    private Path journalDir;
    private final TickFields fields = new TickFields();

    @BeforeEach
    void dirs() throws IOException
    {
        logs = Files.createDirectories(dir.resolve("logs"));
        journalDir = dir.resolve("journal");
    }

    @Test
    void shouldPrintNewTicksOfTheSelectedSymbolsUntilSigterm()
    {
        try (Journal journal = Journal.open(journalDir);
            JournalWriter writer = journal.writer(64))
        {
            append(writer, "AAPL", 0);
            append(writer, "MSFT", 1);
            append(writer, "AAPL", 2);
            try (ChildJvm tail = Tickgate.start(logs, "tail", "--journal", journalDir.toString(),
                "--symbols", "AAPL,IBM"))
            {
                awaitStderr(tail, FOLLOWING);
                assertIdleWithoutSpinning(tail);

                append(writer, "MSFT", 3);
                append(writer, "AAPL", 4);
                append(writer, "IBM", 5);   // defined after tail started
                append(writer, "MSFT", 6);
                append(writer, "IBM", 7);
                tail.awaitStdout(Pattern.compile(".* IBM seq=2 .*"), TIMEOUT);
                assertEquals(List.of(
                    "19:46:40.123460 AAPL seq=3 bid=4 x 40 ask=-0.00000001 x 0 last=92233720367.99999999 x 7 vol=4",
                    "19:46:40.123461 IBM seq=1 bid=5 x 50 ask=-0.00000001 x 0 last=92233720367.99999999 x 7 vol=5",
                    "19:46:40.123463 IBM seq=2 bid=7 x 70 ask=-0.00000001 x 0 last=92233720367.99999999 x 7 vol=7"),
                    lines(tail.stdout()), tail::describe);

                tail.process.destroy(); // SIGTERM
                assertEquals(0, tail.awaitExit(TIMEOUT), tail::describe);
                assertTrue(tail.stderr().contains("tickgate tail: stopped after 3 ticks"), tail::describe);
                ServeProcessTest.assertCleanOutput(tail);
            }
        }
    }

    @Test
    void shouldPrintFromTheStartThenFollow()
    {
        try (Journal journal = Journal.open(journalDir);
            JournalWriter writer = journal.writer(64))
        {
            append(writer, "AAPL", 0);
            append(writer, "MSFT", 1);
            try (ChildJvm tail = Tickgate.start(logs, "tail", "--journal", journalDir.toString(), "--from-start"))
            {
                tail.awaitStdout(Pattern.compile(".* MSFT seq=1 .*"), TIMEOUT);
                append(writer, "AAPL", 2);
                tail.awaitStdout(Pattern.compile(".* AAPL seq=2 .*"), TIMEOUT);
                assertEquals(List.of("AAPL seq=1", "MSFT seq=1", "AAPL seq=2"), lines(tail.stdout()).stream()
                    .map(line -> line.split(" ")[1] + " " + line.split(" ")[2]).collect(Collectors.toList()));
                tail.process.destroy();
                assertEquals(0, tail.awaitExit(TIMEOUT), tail::describe);
            }
        }
    }

    @Test
    void shouldRefuseAMissingJournalWithoutCreatingIt()
    {
        try (ChildJvm tail = Tickgate.start(logs, "tail", "--journal", journalDir.toString()))
        {
            assertEquals(2, tail.awaitExit(TIMEOUT), tail::describe);
            assertTrue(tail.stderr().contains("journal directory " + journalDir + " does not exist"), tail::describe);
            ServeProcessTest.assertCleanOutput(tail);
        }
        assertFalse(Files.exists(journalDir));
    }

    /**
     * A spinning tail would burn a whole core: over an idle second it must use a small part of one.
     */
    private static void assertIdleWithoutSpinning(final ChildJvm tail)
    {
        final Duration before = cpu(tail);
        final long start = System.nanoTime();
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
        final Duration used = cpu(tail).minus(before);
        final long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(used.toMillis() < wallMs / 2, () -> "idle tail used " + used.toMillis() + " ms CPU in " +
            wallMs + " ms");
    }

    private static Duration cpu(final ChildJvm tail)
    {
        return tail.process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private static void awaitStderr(final ChildJvm child, final Pattern pattern)
    {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline)
        {
            if (pattern.matcher(child.stderr()).matches())
            {
                return;
            }
            if (!child.process.isAlive())
            {
                fail("tail exited with " + child.process.exitValue() + "\n" + child.describe());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        fail("timed out waiting for " + pattern + "\n" + child.describe());
    }

    private static List<String> lines(final String text)
    {
        return Arrays.stream(text.split("\n")).filter(line -> !line.isEmpty()).collect(Collectors.toList());
    }

    /**
     * Tick number n: ts T0 + n µs, bid n, bid size 10n, ask -0.00000001, the largest last, volume n.
     */
    private void append(final JournalWriter writer, final String symbol, final long n)
    {
        fields.eventTimeMicros = T0 + n;
        fields.bid = n * FixedPoint.SCALE;
        fields.bidSize = 10 * n;
        fields.ask = -1;
        fields.askSize = 0;
        fields.last = FixedPoint.MAX_WHOLE_UNITS_EXCLUSIVE * FixedPoint.SCALE - 1;
        fields.lastSize = 7;
        fields.volume = n;
        final byte[] bytes = symbol.getBytes(StandardCharsets.US_ASCII);
        writer.append(new UnsafeBuffer(bytes), 0, bytes.length, fields, 0L);
    }
}
