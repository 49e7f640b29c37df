package io.tickgate.cli;

import io.tickgate.gateway.GatewayContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

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

    @ParameterizedTest
    @ValueSource(strings = { "", "serve", "demo", "feed", "feed csv", "export", "tail", "token", "bench" })
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
        assertTrue(out.toString().contains(
            "  bench   Benchmarks: JMH, load generator, compare, versus (run by ./tickgate).\n"),
            out::toString);
        assertEquals(2, execute("bench", "load", "--rate", "1000"));
        assertTrue(err.toString().contains("run ./tickgate bench"), err::toString);
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
        assertNotEquals(0, execute("serve"));
        assertTrue(err.toString().contains("Missing required option: '--journal=<journal>'"), err::toString);
        err.getBuffer().setLength(0);
        assertNotEquals(0, execute("feed", "csv", "--journal", "x"));
        assertTrue(err.toString().contains("Missing required parameter: 'FILE'"), err::toString);
        err.getBuffer().setLength(0);
        assertNotEquals(0, execute("nosuchcommand"));
        assertTrue(err.toString().contains("nosuchcommand"), err::toString);
    }

    private int execute(final String... args)
    {
        final CommandLine cli = new CommandLine(new TickgateCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        return cli.execute(args);
    }
}
