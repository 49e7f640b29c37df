package io.tickgate.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A main class run as a child JVM, the way an operator runs {@code tickgate}: the main class on the test class path,
 * with the module flags and system properties of the test JVM. Its stdout and stderr go to
 * files, so a chatty child can never block on a full pipe; {@link #close()} kills it for sure.
 */
public final class ChildJvm implements AutoCloseable
{
    private static final List<String> FLAG_PREFIXES = List.of("--add-", "--enable-", "--sun-", "-D");

    public final Process process;
    public final Path stdout;
    public final Path stderr;

    private ChildJvm(final Process process, final Path stdout, final Path stderr)
    {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Start {@code java MAIN ARGS...}.
     *
     * @param logDir where stdout and stderr files go; each call gets fresh files.
     * @param main   the main class, on the test class path.
     * @param args   the command line after the main class.
     * @return the running child; close it in a finally (try-with-resources).
     */
    public static ChildJvm start(final Path logDir, final Class<?> main, final String... args)
    {
        return start(logDir, command(main, args));
    }

    /**
     * Start a process with exactly this command line (e.g. a JVM without the flags this one runs with).
     *
     * @param logDir  where stdout and stderr files go; each call gets fresh files.
     * @param command the program and its arguments.
     * @return the running child; close it in a finally (try-with-resources).
     */
    public static ChildJvm start(final Path logDir, final List<String> command)
    {
        return start(logDir, new ProcessBuilder(command));
    }

    /**
     * Start a process with exactly this command line and exactly this environment (nothing inherited), e.g. a
     * release's launcher with a PATH of chosen tools.
     *
     * @param logDir      where stdout and stderr files go; each call gets fresh files.
     * @param command     the program and its arguments.
     * @param environment the child's whole environment.
     * @return the running child; close it in a finally (try-with-resources).
     */
    public static ChildJvm start(final Path logDir, final List<String> command, final Map<String, String> environment)
    {
        final ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        return start(logDir, builder);
    }

    private static ChildJvm start(final Path logDir, final ProcessBuilder builder)
    {
        try
        {
            final Path out = Files.createTempFile(logDir, "stdout-", ".txt");
            final Path err = Files.createTempFile(logDir, "stderr-", ".txt");
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            return new ChildJvm(builder.start(), out, err);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public static List<String> command(final Class<?> main, final String... args)
    {
        final String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        final List<String> inputArguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (int i = 0; i < inputArguments.size(); i++)
        {
            final String arg = inputArguments.get(i);
            if (FLAG_PREFIXES.stream().anyMatch(arg::startsWith))
            {
                command.add(arg);
                // "--add-opens X" in two tokens: keep the value with its flag
                if (arg.startsWith("--") && !arg.contains("=") && i + 1 < inputArguments.size() &&
                    !inputArguments.get(i + 1).startsWith("-"))
                {
                    command.add(inputArguments.get(++i));
                }
            }
        }
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(classPath);
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Write to the child's standard input and close it.
     */
    public void pipeToStdin(final byte[] bytes)
    {
        try (OutputStream in = process.getOutputStream())
        {
            in.write(bytes);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public String stdout()
    {
        return read(stdout);
    }

    public String stderr()
    {
        return read(stderr);
    }

    /**
     * Wait until a stdout line matches.
     *
     * @return the match, for its groups.
     */
    public Matcher awaitStdout(final Pattern pattern, final Duration timeout)
    {
        return awaitStdout(line -> Optional.of(pattern.matcher(line)).filter(Matcher::matches), pattern.toString(),
            timeout);
    }

    /**
     * Wait until a parser finds what it reads in a stdout line, e.g. {@code ListeningLine::find}.
     *
     * @param parser reads one line; empty when the line is not the one awaited.
     * @param what   what is awaited, for the failure message.
     * @return what the parser read from the first line it accepted.
     */
    public <T> T awaitStdout(final Function<String, Optional<T>> parser, final String what, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline)
        {
            for (final String line : stdout().split("\n"))
            {
                final Optional<T> found = parser.apply(line);
                if (found.isPresent())
                {
                    return found.get();
                }
            }
            if (!process.isAlive())
            {
                return fail("child exited with " + process.exitValue() + " before printing " + what + "\n" +
                    describe());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return fail("timed out waiting for " + what + "\n" + describe());
    }

    /**
     * @return the exit status; fails the test if the child is still running after the timeout.
     */
    public int awaitExit(final Duration timeout)
    {
        try
        {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
            {
                fail("child still running after " + timeout + "\n" + describe());
            }
            return process.exitValue();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    public String describe()
    {
        return "--- stdout ---\n" + stdout() + "--- stderr ---\n" + stderr();
    }

    public void close()
    {
        process.destroyForcibly();
        try
        {
            process.waitFor(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
