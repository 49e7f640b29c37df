package io.tickgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The file descriptors of the test JVM, for tests that check nothing leaks (Linux: {@code /proc/self/fd}).
 */
public final class Descriptors
{
    private Descriptors()
    {
    }

    /**
     * @return descriptors this process has open now.
     */
    public static long open()
    {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd")))
        {
            return fds.count();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
