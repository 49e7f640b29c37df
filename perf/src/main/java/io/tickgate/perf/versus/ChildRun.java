package io.tickgate.perf.versus;

import io.tickgate.perf.load.ChildJvm;
import io.tickgate.perf.load.LoadGenerator;
import io.tickgate.perf.load.SummaryFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One bounded {@link LoadGenerator} run in a child JVM, so that runs share no JIT or GC state: the same java, JVM
 * options and class path as this process, the load generator's output into a log file, its figures read back from
 * its {@code --summary} file. A run that outlives its time is killed together with its children (an embedded
 * gateway); a non-zero exit, a kill or a missing summary make a failed round, never an exception.
 */
final class ChildRun
{
    private ChildRun()
    {
    }

    /** @param loadArgs must include {@code --summary summary}. */
    static VersusTable.Round run(
        final List<String> loadArgs, final Path summary, final Path log, final long timeoutSeconds)
    {
        final Process process;
        try
        {
            Files.deleteIfExists(summary);
            process = new ProcessBuilder(ChildJvm.command(LoadGenerator.class, loadArgs)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        }
        catch (final IOException ex)
        {
            return VersusTable.Round.failed("cannot start: " + ex.getMessage());
        }
        try
        {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
            {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                return VersusTable.Round.failed("killed after " + timeoutSeconds + " s" + lastMessage(log));
            }
        }
        catch (final InterruptedException ex)
        {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return VersusTable.Round.failed("interrupted");
        }
        if (0 != process.exitValue())
        {
            return VersusTable.Round.failed("exit " + process.exitValue() + lastMessage(log));
        }
        try
        {
            return VersusTable.Round.ok(SummaryFile.read(summary));
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            return VersusTable.Round.failed("no summary: " + ex.getMessage());
        }
    }

    /** ": " and the log's last line that is not a stack frame, to say why a run failed; "" when there is none. */
    static String lastMessage(final Path log)
    {
        try
        {
            final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--)
            {
                final String line = lines.get(i).trim();
                if (!line.isEmpty() && !line.startsWith("at ") && !line.startsWith("..."))
                {
                    return ": " + (line.length() > 160 ? line.substring(0, 160) + "..." : line);
                }
            }
        }
        catch (final IOException ex)
        {
            // no log: nothing to add
        }
        return "";
    }
}
