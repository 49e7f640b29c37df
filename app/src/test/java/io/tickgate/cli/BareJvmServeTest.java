package io.tickgate.cli;

import io.tickgate.gateway.ListeningLine;
import io.tickgate.testing.ChildJvm;
import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line in a JVM started as {@code java -jar} starts it without the launcher: the module flags (which the
 * jar's manifest carries) but no {@code -D} property at all. Main sets the properties the launcher used to pass
 * (read back from the running child with {@code jcmd}), and the gateway serves and stops as usual.
 */
@Timeout(120)
class BareJvmServeTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void mainSetsTheLaunchersPropertiesItselfAndServes() throws Exception
    {
        final List<String> command = ChildJvm.command(TickgateCli.class, "serve", "--port", "0", "--ingest-port", "0",
            "--journal", dir.resolve("journal").toString(), "--sim-symbols", "5", "--sim-rate", "50", "--drain-ms", "0")
            .stream()
            .filter(arg -> !arg.startsWith("-D")).toList();
        final Path logs = Files.createDirectories(dir.resolve("logs"));
        try (ChildJvm serve = ChildJvm.start(logs, command))
        {
            final ListeningLine listening = serve.awaitStdout(ListeningLine::find, "listening", TIMEOUT);
            final String properties = systemProperties(serve.process.pid());
            TickgateCli.SYSTEM_PROPERTIES.forEach((name, value) ->
                assertTrue(properties.contains(name + "=" + value), () -> name + " not set:\n" + properties));
            try (WsClient client = WsClient.connect(listening.httpPort()))
            {
                client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"]}");
                client.await(m -> "snapshot".equals(m.get("type")), "a snapshot of a simulated symbol");
            }
            serve.process.destroy();
            assertEquals(0, serve.awaitExit(TIMEOUT), serve::describe);
            assertFalse((serve.stdout() + serve.stderr()).contains("analytics"), serve::describe);
        }
    }

    private static String systemProperties(final long pid) throws IOException, InterruptedException
    {
        final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        final Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.system_properties")
            .redirectErrorStream(true).start();
        final String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "jcmd finished");
        return text;
    }
}
