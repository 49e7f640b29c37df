package io.tickgate.dist;

import io.tickgate.testing.ChildJvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code mvn package} built in this module (the tarball, the image), and the machine's programs the tests run
 * them with, looked up on this JVM's PATH as a user's shell would.
 */
final class Release
{
    static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private Release()
    {
    }

    static Path built(final String property)
    {
        final Path file = Path.of(System.getProperty(property, "unset: run the tests with mvn verify"));
        assertTrue(Files.isRegularFile(file), () -> property + ": no " + file + " (mvn package builds it)");
        return file;
    }

    /**
     * @return the program on this JVM's PATH, if any.
     */
    static Optional<Path> onPath(final String program)
    {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
            .filter(dir -> !dir.isEmpty())
            .map(dir -> Path.of(dir, program))
            .filter(Files::isExecutable)
            .findFirst();
    }

    /**
     * A directory of symlinks to be a whole PATH: these programs and nothing else.
     */
    static Path pathOf(final Path dir, final Map<String, Path> programs) throws IOException
    {
        Files.createDirectories(dir);
        for (final Map.Entry<String, Path> program : programs.entrySet())
        {
            Files.createSymbolicLink(dir.resolve(program.getKey()), program.getValue());
        }
        return dir;
    }

    /**
     * Run a program to its end with this JVM's environment and expect exit status 0.
     *
     * @return its stdout.
     */
    static String run(final Path logs, final String... command)
    {
        try (ChildJvm child = ChildJvm.start(logs, List.of(command)))
        {
            assertEquals(0, child.awaitExit(EXIT_TIMEOUT), () -> String.join(" ", command) + "\n" + child.describe());
            return child.stdout();
        }
    }

    /**
     * Unpack a tar file (gzipped or not) with the machine's tar, keeping modes and numeric owners.
     *
     * @return the directories and files at its top.
     */
    static List<Path> unpack(final Path logs, final Path tar, final Path into) throws IOException
    {
        Files.createDirectories(into);
        run(logs, "tar", "-xpf", tar.toString(), "--numeric-owner", "-C", into.toString());
        try (Stream<Path> top = Files.list(into))
        {
            return new ArrayList<>(top.sorted().toList());
        }
    }
}
