package io.tickgate.cli;

import picocli.CommandLine.Command;

/**
 * {@code tickgate bench} and its subcommands: listed here so that {@code tickgate --help} shows them, but run by the
 * {@code ./tickgate} launcher, which sends {@code bench} to the perf module's jar (JMH, the load generator and its
 * reports) before this jar is involved. Reached only through {@code java -jar}, each says where the benchmarks are
 * and exits 2.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks: JMH, load generator, compare, versus (run by the tickgate launcher).",
    subcommands = { BenchCommand.Jmh.class, BenchCommand.Load.class, BenchCommand.Compare.class,
        BenchCommand.Versus.class },
    footer = {
        "",
        "The benchmarks are not in this jar: in a source checkout, the ./tickgate",
        "launcher runs them from perf/target/benchmarks.jar (building it if needed);",
        "./tickgate bench COMMAND --help shows each one's options." })
final class BenchCommand extends LauncherCommand
{
    @Command(name = "jmh", mixinStandardHelpOptions = true,
        description = "JMH benchmarks of the hot paths ([REGEX] [JMH options]).")
    static final class Jmh extends LauncherCommand
    {
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
        description = "End-to-end load generator (and --sweep for capacity).")
    static final class Load extends LauncherCommand
    {
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare two runs' reports: A.hgrm B.hgrm.")
    static final class Compare extends LauncherCommand
    {
    }

    @Command(name = "versus", mixinStandardHelpOptions = true,
        description = "The same load against tickgate and a peer server, alternating rounds.")
    static final class Versus extends LauncherCommand
    {
    }
}
