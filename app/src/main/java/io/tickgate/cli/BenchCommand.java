package io.tickgate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code tickgate bench}: listed here so that {@code tickgate --help} shows it, but run by the {@code ./tickgate}
 * launcher, which sends {@code bench} to the perf module's jar (JMH, the load generator and its reports) before this
 * jar is involved. Reached only through {@code java -jar}, it says where the benchmarks are and exits 2.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks: JMH, load generator, compare, versus (run by ./tickgate).",
    footer = {
        "",
        "The benchmarks are not in this jar: in a source checkout, the ./tickgate",
        "launcher runs them from perf/target/benchmarks.jar (building it if needed):",
        "  ./tickgate bench jmh [REGEX] [JMH options]  JMH benchmarks of the hot paths",
        "  ./tickgate bench load [options]              end-to-end load generator",
        "  ./tickgate bench compare A.hgrm B.hgrm       compare two runs",
        "  ./tickgate bench versus [options]            tickgate against a peer" })
final class BenchCommand implements Callable<Integer>
{
    /** Whatever follows: the launcher's bench takes it, this jar does not. */
    @Unmatched
    List<String> args;

    @Spec
    CommandSpec spec;

    public Integer call()
    {
        spec.commandLine().getErr().println("tickgate bench: the benchmarks are not in this jar; from a source " +
            "checkout run ./tickgate bench (it builds and runs perf/target/benchmarks.jar)");
        return 2;
    }
}
