package io.tickgate.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * A command the {@code ./tickgate} launcher runs from another jar ({@code bench} and its subcommands), listed here
 * for {@code --help}. Not annotated as a command itself: subclasses would inherit {@code @Command}'s attributes.
 */
abstract class LauncherCommand implements Callable<Integer>
{
    /** Whatever follows: the launcher takes it, this jar does not. */
    @Unmatched
    List<String> args;

    @Spec
    CommandSpec spec;

    public Integer call()
    {
        spec.commandLine().getErr().println(spec.qualifiedName(" ") + ": the benchmarks are not in this jar; from a " +
            "source checkout run ./tickgate bench (it builds and runs perf/target/benchmarks.jar)");
        return ExportCommand.BAD_ARGUMENTS;
    }
}
