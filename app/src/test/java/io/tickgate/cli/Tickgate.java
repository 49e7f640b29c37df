package io.tickgate.cli;

import io.tickgate.testing.ChildJvm;

import java.nio.file.Path;

/**
 * {@code tickgate ARGS...} as a child JVM, the way an operator runs it (see {@link ChildJvm}).
 */
final class Tickgate
{
    private Tickgate()
    {
    }

    /**
     * @param logDir where stdout and stderr files go; each call gets fresh files.
     * @param args   the command line after {@code tickgate}.
     * @return the running child; close it in a finally (try-with-resources).
     */
    static ChildJvm start(final Path logDir, final String... args)
    {
        return ChildJvm.start(logDir, TickgateCli.class, args);
    }
}
