package io.tickgate.cli;

import io.tickgate.gateway.GatewayContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line's help, version and usage errors, run through picocli in-process (never {@code main}, which
 * exits the JVM). Nothing here starts a gateway: every case ends in parsing.
 */
@Timeout(30)
class CliHelpTest
{
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /**
     * Every command and subcommand of the model, so a new one is covered without being listed here.
     */
    static Stream<String> commands()
    {
        final List<String> names = new ArrayList<>();
        addCommands(new CommandLine(new TickgateCli()), "", names);
        return names.stream();
    }

    private static void addCommands(final CommandLine command, final String prefix, final List<String> names)
    {
        names.add(prefix.trim());
        command.getSubcommands().forEach((name, sub) -> addCommands(sub, prefix + name + " ", names));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void shouldPrintUsageForHelp(final String command)
    {
        final String[] args = (command.isEmpty() ? "--help" : command + " --help").split(" ");
        assertEquals(0, execute(args), err::toString);
        final String usage = out.toString();
        final String name = ("tickgate " + command).trim();
        assertTrue(usage.startsWith("Usage: " + name), usage);
        assertTrue(usage.contains("-h, --help"), usage);
        assertEquals("", err.toString());
    }

    @Test
    void shouldListEveryCommandInTheTopLevelHelp()
    {
        execute("--help");
        commands().filter(command -> !command.isEmpty()).forEach(command ->
            assertTrue(out.toString().contains("\n  " + command + " "), () -> command + " missing in\n" + out));
    }

    @Test
    void shouldListSubcommandsAndOptionsInUsage()
    {
        execute("--help");
        for (final String subcommand : new String[]{ "demo", "serve", "feed", "export", "tail", "token", "bench" })
        {
            assertTrue(out.toString().contains("  " + subcommand + " "), out::toString);
        }
        out.getBuffer().setLength(0);
        execute("serve", "--help");
        for (final String option : new String[]{ "--port", "--ingest-port", "--journal", "--sim-symbols",
            "--sim-rate", "--host", "--heartbeat-ms", "--retain-days", "--retain-bytes", "--min-free-disk" })
        {
            assertTrue(out.toString().contains(option), () -> option + " missing in\n" + out);
        }
        out.getBuffer().setLength(0);
        execute("feed", "csv", "--help");
        for (final String option : new String[]{ "FILE", "--journal", "--speed", "--retain-days", "--retain-bytes",
            "--min-free-disk" })
        {
            assertTrue(out.toString().contains(option), () -> option + " missing in\n" + out);
        }
    }

    @Test
    void shouldSendBenchToTheLauncher()
    {
        execute("--help");
        assertTrue(out.toString().contains("  bench load     End-to-end load generator"), out::toString);
        assertEquals(2, execute("bench", "load", "--rate", "1000"));
        assertTrue(err.toString().contains("tickgate bench load: the benchmarks are not in this jar; from a source " +
            "checkout run ./tickgate bench"), err::toString);
        err.getBuffer().setLength(0);
        assertEquals(2, execute("bench"));
        assertTrue(err.toString().contains("run ./tickgate bench"), err::toString);
    }

    /**
     * The launcher answers {@code bench --help} itself, before any jar is built; each benchmark's own --help is the
     * perf module's (BenchHelpTest there).
     */
    @Test
    void shouldPrintTheLaunchersBenchUsage() throws Exception
    {
        final Process launcher = new ProcessBuilder("bash", Path.of("..", "tickgate").toString(), "bench", "--help")
            .redirectErrorStream(true).start();
        final String usage = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(launcher.waitFor(20, TimeUnit.SECONDS), usage);
        assertEquals(0, launcher.exitValue(), usage);
        for (final String command : new String[]{ "jmh", "load", "compare", "versus" })
        {
            assertTrue(usage.contains("tickgate bench " + command), () -> command + " missing in\n" + usage);
        }
    }

    @Test
    void shouldPrintVersion()
    {
        assertEquals(0, execute("--version"));
        assertEquals("tickgate " + GatewayContext.VERSION, out.toString().trim());
    }

    /**
     * With a required argument missing as well, picocli reports that one first (still non-zero): see
     * {@link #shouldRefuseMissingRequiredArguments()}. So the commands here carry their required arguments.
     */
    @ParameterizedTest
    @ValueSource(strings = { "--bogus", "serve --journal x --bogus", "demo --bogus",
        "feed --bogus", "feed csv x --journal y --bogus" })
    void shouldRefuseAnUnknownOption(final String command)
    {
        final int status = execute(command.split(" "));
        assertNotEquals(0, status);
        assertTrue(err.toString().contains("Unknown option: '--bogus'"), err::toString);
        assertTrue(err.toString().contains("Usage: "), err::toString);
    }

    @Test
    void shouldRefuseMissingRequiredArguments()
    {
        assertEquals(2, execute("serve"));
        assertTrue(err.toString().contains("tickgate serve: give a journal directory: --journal DIR, " +
            "TICKGATE_JOURNAL or journal = DIR in the config file"), err::toString);
        err.getBuffer().setLength(0);
        assertNotEquals(0, execute("feed", "csv", "--journal", "x"));
        assertTrue(err.toString().contains("Missing required parameter: 'FILE'"), err::toString);
        err.getBuffer().setLength(0);
        assertNotEquals(0, execute("nosuchcommand"));
        assertTrue(err.toString().contains("nosuchcommand"), err::toString);
    }

    private int execute(final String... args)
    {
        final CommandLine cli = TickgateCli.commandLine(args, Map.of());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        return cli.execute(args);
    }
}
