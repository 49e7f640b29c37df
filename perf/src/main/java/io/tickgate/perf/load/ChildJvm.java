package io.tickgate.perf.load;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for child JVMs started from this one: the same java and, for perf's own classes, its flags. */
public final class ChildJvm
{
    private ChildJvm()
    {
    }

    /** This JVM's java executable. */
    public static String java()
    {
        return ProcessHandle.current().info().command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** {@code java <this JVM's options> -cp <this class path> main args...}. */
    public static List<String> command(final Class<?> main, final List<String> args)
    {
        final List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        return command;
    }
}
