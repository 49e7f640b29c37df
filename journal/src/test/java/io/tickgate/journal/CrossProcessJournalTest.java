package io.tickgate.journal;

import io.tickgate.codec.TickDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A writer in another JVM appends while this JVM tails the same directory: every tick arrives, in order, per-symbol
 * seqs run 1..n, and the child exits 0.
 */
class CrossProcessJournalTest
{
    private static final int TICKS = 100_000;
    private static final String[] SYMBOLS = { "AAPL", "MSFT", "BRK.B", "ES:Z26/CME" };
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(90);

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void shouldTailEveryTickAppendedByAnotherProcess() throws Exception
    {
        final Path log = dir.resolve("child.log");
        final Path journalDir = dir.resolve("journal");
        Files.createDirectories(journalDir);
        Process child = null;
        try (Journal journal = Journal.open(journalDir); JournalReader reader = journal.reader(16))
        {
            child = startChild(journalDir, log);

            final long[] seqs = new long[SYMBOLS.length];
            final int[] received = new int[1];
            final List<String> errors = new ArrayList<>();
            final JournalHandler handler = (final TickDecoder tick, final long index) ->
            {
                final int i = received[0]++;
                final int s = i % SYMBOLS.length;
                if (!SYMBOLS[s].equals(reader.symbols().name(tick.symbolId())) || tick.seq() != ++seqs[s] ||
                    tick.eventTimeMicros() != i || tick.bid() != i * 100L || tick.volume() != i)
                {
                    if (errors.size() < 10)
                    {
                        final StringBuilder sb = new StringBuilder("tick ").append(i).append(" expected ")
                            .append(SYMBOLS[s]).append(" seq ").append(seqs[s]).append(", got ")
                            .append(reader.symbols().name(tick.symbolId())).append(' ');
                        errors.add(tick.appendTo(sb).toString());
                    }
                }
            };

            final long deadline = System.nanoTime() + DEADLINE_NS;
            while (received[0] < TICKS)
            {
                if (0 == reader.poll(handler, 1024))
                {
                    if (!child.isAlive() && 0 == reader.poll(handler, 1024))
                    {
                        fail("child exited " + child.exitValue() + " after " + received[0] + " ticks:\n" + read(log));
                    }
                    if (System.nanoTime() > deadline)
                    {
                        fail("only " + received[0] + " of " + TICKS + " ticks before the deadline:\n" + read(log));
                    }
                    Thread.onSpinWait();
                }
            }

            assertTrue(child.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS),
                "child did not exit");
            assertEquals(0, child.exitValue(), () -> read(log));
            assertEquals(0, reader.poll(handler, 1024), "no ticks beyond the child's " + TICKS);
            assertEquals(List.of(), errors);
            assertEquals(TICKS, received[0]);
            for (int s = 0; s < SYMBOLS.length; s++)
            {
                assertEquals(TICKS / SYMBOLS.length, seqs[s], SYMBOLS[s]);
                assertEquals(SYMBOLS[s], reader.symbols().name(s), "ids in order of first tick");
            }
            assertEquals(SYMBOLS.length, reader.symbols().count());
            assertEquals(0, reader.skippedRecords());
        }
        finally
        {
            if (null != child)
            {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Process startChild(final Path journalDir, final Path log) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        final List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (final String arg : jvmArgs)
        {
            if (arg.startsWith("--add-") || arg.startsWith("--enable-") || arg.startsWith("--sun-") ||
                arg.startsWith("-D"))
            {
                command.add(arg);
            }
        }
        final String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        command.add("-cp");
        command.add(classPath);
        command.add(AppendMain.class.getName());
        command.add(journalDir.toString());
        command.add(Integer.toString(TICKS));
        command.add(String.join(",", SYMBOLS));
        return new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    }

    private static String read(final Path log)
    {
        try
        {
            return Files.exists(log) ? Files.readString(log) : "(no child output)";
        }
        catch (final IOException ex)
        {
            return "(cannot read child output: " + ex + ")";
        }
    }
}
