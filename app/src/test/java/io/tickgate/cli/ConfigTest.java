package io.tickgate.cli;

import io.tickgate.gateway.GatewayContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Options from the config file and the environment, as every command gets them: precedence, where a value came
 * from, and refusals naming the key and its origin. In-process through picocli with a given environment; nothing
 * here starts a gateway.
 */
@Timeout(30)
class ConfigTest
{
    private static final Path SHIPPED = Path.of("src", "dist", "conf", "tickgate.properties");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Map<String, String> env = new HashMap<>();

    @Test
    void shouldTakeTheFileThenTheEnvironmentThenFlags() throws IOException
    {
        final Path file = config("port = 9000", "sim-rate = 100", "sim-seed = 1", "sim-symbols: 3");
        env.put("TICKGATE_SIM_RATE", "200");
        env.put("TICKGATE_SIM_SEED", "2");
        final String[] args = { "serve", "--config", file.toString(), "--sim-seed", "3" };
        final CommandLine cli = TickgateCli.commandLine(args, env);
        cli.parseArgs(args);
        final ServeCommand serve = cli.getSubcommands().get("serve").getCommand();
        assertEquals(9000, serve.ports.port);
        assertEquals(3, serve.simulator.symbols);
        assertEquals(200, serve.simulator.rate);
        assertEquals(3, serve.simulator.seed);
        assertEquals(8080, TickgateCli.commandLine(new String[0], Map.of()).parseArgs("serve").subcommand()
            .commandSpec().findOption("--port").<Integer>getValue());
    }

    @Test
    void shouldPrintTheEffectiveConfigurationWithOrigins() throws IOException
    {
        final Path file = config("# a comment", "", "port = 9000", "sim-rate = 100");
        env.put("TICKGATE_SIM_RATE", "200");
        env.put("TICKGATE_JAVA_OPTS", "-Xmx1g"); // the launcher's, not an option
        assertEquals(0, execute("config", "print", "--config", file.toString(), "--sim-seed", "3",
            "--log-level", "info,io.tickgate.gateway=debug"), err::toString);
        final String printed = out.toString();
        assertTrue(printed.contains("# " + file + ":3\nport = 9000\n"), printed);
        assertTrue(printed.contains("# environment variable TICKGATE_SIM_RATE\nsim-rate = 200\n"), printed);
        assertTrue(printed.contains("# the command line\nsim-seed = 3\n"), printed);
        assertTrue(printed.contains("# the command line\nlog-level = info,io.tickgate.gateway=debug\n"), printed);
        assertTrue(printed.contains("# default\nhost = 127.0.0.1\n"), printed);
        assertTrue(printed.contains("# default: 5000\n#heartbeat-ms =\n"), printed);
        for (final var option : ConfigRenderer.options(serveSpec()))
        {
            assertTrue(printed.contains("\n" + ConfigSources.key(option) + " =") ||
                printed.contains("\n#" + ConfigSources.key(option) + " ="), () -> option.longestName() + " missing");
        }

        // pasted back as a file, it gives the same configuration
        final Path pasted = dir.resolve("pasted.properties");
        Files.writeString(pasted, printed);
        out.getBuffer().setLength(0);
        assertEquals(0, execute("config", "print", "--config", pasted.toString()), err::toString);
        assertEquals(printed.replaceAll("# .*\n", ""), out.toString().replaceAll("# .*\n", ""));
    }

    @Test
    void shouldReadTheFileNamedByTheEnvironment() throws IOException
    {
        env.put("TICKGATE_CONFIG", config("sim-rate = 123").toString());
        assertEquals(0, execute("config", "print"), err::toString);
        assertTrue(out.toString().contains("\nsim-rate = 123\n"), out::toString);
    }

    @Test
    void shouldRefuseAnUnknownKeyOrVariable() throws IOException
    {
        final Path file = config("port = 1", "prot = 9000");
        assertEquals(2, execute("serve", "--config", file.toString(), "--journal", dir.toString()));
        assertTrue(err.toString().contains("tickgate: " + file + ":2: no command has an option --prot"),
            err::toString);

        err.getBuffer().setLength(0);
        env.put("TICKGATE_SIM_RAET", "5");
        assertEquals(2, execute("config", "print"));
        assertTrue(err.toString().contains("tickgate: environment variable TICKGATE_SIM_RAET: no command has an " +
            "option --sim-raet"), err::toString);

        err.getBuffer().setLength(0);
        assertEquals(2, execute("config", "print", "--config", config("config = other.properties").toString()));
        assertTrue(err.toString().contains("no command has an option --config"), err::toString);
    }

    @Test
    void shouldNameWhereABadValueCameFrom() throws IOException
    {
        final Path file = config("port = 1", "sim-rate = fast");
        assertEquals(2, execute("config", "print", "--config", file.toString()));
        assertTrue(err.toString().contains("Invalid value for option '--sim-rate': 'fast' is not an int (from " +
            file + ":2)"), err::toString);

        err.getBuffer().setLength(0);
        env.put("TICKGATE_LOG_LEVEL", "chatty");
        assertEquals(2, execute("config", "print"));
        assertTrue(err.toString().contains("'chatty': give LEVEL or LOGGER=LEVEL") &&
            err.toString().contains("(from environment variable TICKGATE_LOG_LEVEL)"), err::toString);

        err.getBuffer().setLength(0);
        env.clear();
        assertEquals(2, execute("config", "print", "--log-format", "xml"));
        assertTrue(err.toString().contains("--log-format"), err::toString);
        assertFalse(err.toString().contains("(from "), err::toString);
    }

    /**
     * A value that converts but fails the command's own check ({@code --ttl 5x}) is named with its origin too.
     */
    @Test
    void shouldNameWhereAValueFailingACheckCameFrom() throws IOException
    {
        env.put("TICKGATE_TTL", "5x");
        final Path secret = Files.writeString(dir.resolve("secret"), "0123456789abcdef0123456789abcdef");
        assertEquals(2, execute("token", "--secret-file", secret.toString()));
        assertTrue(err.toString().contains("tickgate token: --ttl: cannot read '5x'") &&
            err.toString().contains("(from environment variable TICKGATE_TTL)"), err::toString);
    }

    @Test
    void shouldRefuseAFileThatCannotBeReadOrSetsAKeyTwice() throws IOException
    {
        assertEquals(2, execute("config", "print", "--config", dir.resolve("missing.properties").toString()));
        assertTrue(err.toString().contains("cannot read config file " + dir.resolve("missing.properties")),
            err::toString);

        err.getBuffer().setLength(0);
        final Path twice = config("port = 1", "port = 2");
        assertEquals(2, execute("config", "print", "--config", twice.toString()));
        assertTrue(err.toString().contains("sets port twice: at " + twice + ":1 and " + twice + ":2"), err::toString);
    }

    /**
     * The file a release ships is {@code config print --defaults}: it lists every option of serve with its default.
     * When this fails, regenerate it (the environment does not matter):
     * {@code ./tickgate config print --defaults > app/src/dist/conf/tickgate.properties}.
     */
    @Test
    void shouldShipEveryServeOptionWithItsDefault() throws IOException
    {
        final String shipped = Files.readString(SHIPPED, StandardCharsets.UTF_8);
        final Properties defaults = new Properties();
        defaults.load(new StringReader(shipped.replaceAll("(?m)^#([a-z][a-z0-9-]* =)", "$1")));
        final CommandLine fresh = new CommandLine(new TickgateCli());
        fresh.setCaseInsensitiveEnumValuesAllowed(true);
        fresh.parseArgs("serve");
        for (final var option : ConfigRenderer.options(fresh.getSubcommands().get("serve").getCommandSpec()))
        {
            final String key = ConfigSources.key(option);
            assertTrue(defaults.containsKey(key), () -> key + " missing in " + SHIPPED);
            final Object value = option.getValue();
            if (null != value && !(value instanceof Iterable))
            {
                assertEquals(String.valueOf(value), defaults.getProperty(key), () -> key + "'s default in " + SHIPPED);
            }
        }
        assertEquals(ConfigRenderer.defaults(), shipped, "regenerate " + SHIPPED + " with config print --defaults");
    }

    /**
     * The defaults the shipped file states are the gateway's own, including those it takes from the options' help
     * (options picocli holds no value for): the file with every line that has a value uncommented gives serve
     * exactly the configuration it has with no file at all.
     */
    @Test
    void shouldStateTheGatewaysOwnDefaultsInTheShippedFile() throws Exception
    {
        final String uncommented = Files.readString(SHIPPED, StandardCharsets.UTF_8)
            .replaceAll("(?m)^#([a-z][a-z0-9-]* = \\S)", "$1");
        final Map<String, Object> withFile = settings(serveContext("--config", config(uncommented).toString()));
        assertEquals(settings(serveContext()), withFile);
        assertTrue(withFile.size() > 40, withFile::toString);
    }

    private GatewayContext serveContext(final String... args)
    {
        final String[] all = Stream.concat(Stream.of("serve", "--journal", dir.toString()), Stream.of(args))
            .toArray(String[]::new);
        final CommandLine cli = TickgateCli.commandLine(all, env);
        cli.parseArgs(all);
        return cli.getSubcommands().get("serve").<ServeCommand>getCommand().context();
    }

    /**
     * @return every plain setting of the context (numbers, flags, names, paths) by its getter's name.
     */
    private static Map<String, Object> settings(final GatewayContext ctx) throws ReflectiveOperationException
    {
        final Map<String, Object> settings = new TreeMap<>();
        for (final Method getter : GatewayContext.class.getMethods())
        {
            final Class<?> type = getter.getReturnType();
            if (GatewayContext.class == getter.getDeclaringClass() && 0 == getter.getParameterCount() &&
                !Modifier.isStatic(getter.getModifiers()) && void.class != type &&
                (type.isPrimitive() || type.isEnum() || String.class == type || Path.class == type))
            {
                settings.put(getter.getName(), getter.invoke(ctx));
            }
        }
        return settings;
    }

    private CommandLine.Model.CommandSpec serveSpec()
    {
        return new CommandLine(new TickgateCli()).getSubcommands().get("serve").getCommandSpec();
    }

    private Path config(final String... lines) throws IOException
    {
        return Files.write(Files.createTempFile(dir, "tickgate-", ".properties"), String.join("\n", lines).getBytes(
            StandardCharsets.UTF_8));
    }

    private int execute(final String... args)
    {
        final CommandLine cli = TickgateCli.commandLine(args, env);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        return cli.execute(args);
    }
}
