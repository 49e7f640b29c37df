package io.tickgate.dist;

import io.tickgate.gateway.ListeningLine;
import io.tickgate.testing.ChildJvm;
import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The release tarball as a user gets it: unpacked in a temporary directory and run through its bin/tickgate with a
 * PATH that has bash and java and nothing else (no Maven): it serves and stops cleanly, answers --help, refuses a bad
 * option, finds java through JAVA_HOME, refuses a java older than 17, and its systemd unit passes systemd's check.
 */
@Timeout(180)
class ReleaseTarballIT
{
    @TempDir
    static Path dir;

    static Path release;
    static Path logs;
    static Path java;
    static Path bash;

    @BeforeAll
    static void unpack() throws IOException
    {
        logs = Files.createDirectories(dir.resolve("logs"));
        final List<Path> top = Release.unpack(logs, Release.built("tickgate.tarball"), dir.resolve("unpacked"));
        assertEquals(1, top.size(), top::toString);
        release = top.get(0);
        java = Path.of(System.getProperty("java.home"), "bin", "java");
        bash = Release.onPath("bash").orElseThrow();
    }

    @Test
    void shouldHoldTheLauncherJarsConfigUnitAndDocs()
    {
        assertEquals("tickgate-" + System.getProperty("tickgate.version"), release.getFileName().toString());
        for (final String file : List.of("bin/tickgate", "bin/tickgate-health"))
        {
            assertTrue(Files.isExecutable(release.resolve(file)), file);
        }
        for (final String file : List.of("lib/tickgate.jar", "lib/benchmarks.jar", "lib/launcher.sh",
            "conf/tickgate.properties", "systemd/tickgate.service", "image/Dockerfile", "README.md",
            "docs/install.md", "docs/operations.md"))
        {
            assertTrue(Files.isRegularFile(release.resolve(file)), file);
        }
    }

    @Test
    void shouldServeAndStopWithOnlyBashAndJavaOnThePath() throws Exception
    {
        final Map<String, String> env = env(Map.of("java", java, "bash", bash));
        final Path journal = dir.resolve("journal");
        try (ChildJvm serve = tickgate(env, "serve", "--config", release.resolve("conf/tickgate.properties").toString(),
            "--port", "0", "--journal", journal.toString(), "--sim-symbols", "20", "--sim-rate", "500",
            "--drain-ms", "1000"))
        {
            final int port = serve.awaitStdout(ListeningLine::find, "listening http=P ingest=Q", Release.START_TIMEOUT)
                .httpPort();
            try (WsClient client = WsClient.connect(port))
            {
                client.awaitType("welcome");
                client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"mode\":\"full\"}");
                client.awaitType("subscribed");
                client.await(m -> client.ofType("tick").size() >= 50, "50 ticks");
                try (ChildJvm health = ChildJvm.start(logs,
                    List.of(release.resolve("bin/tickgate-health").toString(), Integer.toString(port)), env))
                {
                    assertEquals(0, health.awaitExit(Release.EXIT_TIMEOUT), health::describe);
                }

                serve.process.destroy(); // SIGTERM, to java itself: the launcher execs it
                client.awaitType("draining");
                assertEquals(1001, client.closed.get(Release.EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)[0]);
                assertEquals(0, serve.awaitExit(Release.EXIT_TIMEOUT), serve::describe);
                client.assertFramesWellFormed();
            }
            assertNoWarnings(serve);
        }
    }

    @Test
    void shouldAnswerHelpAndRefuseABadOption() throws Exception
    {
        final Map<String, String> env = env(Map.of("java", java, "bash", bash));
        try (ChildJvm help = tickgate(env, "--help"))
        {
            assertEquals(0, help.awaitExit(Release.EXIT_TIMEOUT), help::describe);
            assertTrue(help.stdout().startsWith("Usage: tickgate"), help::describe);
            assertTrue(help.stdout().contains("serve"), help::describe);
        }
        try (ChildJvm bench = tickgate(env, "bench", "--help"))
        {
            assertEquals(0, bench.awaitExit(Release.EXIT_TIMEOUT), bench::describe);
            assertTrue(bench.stdout().contains("tickgate bench load"), bench::describe);
        }
        try (ChildJvm bogus = tickgate(env, "serve", "--journal", dir.resolve("never").toString(), "--bogus"))
        {
            assertEquals(2, bogus.awaitExit(Release.EXIT_TIMEOUT), bogus::describe);
            assertTrue(bogus.stderr().contains("Unknown option: '--bogus'"), bogus::describe);
            assertFalse(Files.exists(dir.resolve("never")), "no journal for a refused command line");
        }
    }

    @Test
    void shouldTakeJavaHomeBeforeThePathAndRefuseAMissingOrOldJava() throws Exception
    {
        final Map<String, String> bashOnly = env(Map.of("bash", bash));
        try (ChildJvm missing = tickgate(bashOnly, "--version"))
        {
            assertEquals(1, missing.awaitExit(Release.EXIT_TIMEOUT), missing::describe);
            assertTrue(missing.stderr().contains("tickgate: java not found"), missing::describe);
        }
        final Map<String, String> javaHome = new HashMap<>(bashOnly);
        javaHome.put("JAVA_HOME", System.getProperty("java.home"));
        try (ChildJvm version = tickgate(javaHome, "--version"))
        {
            assertEquals(0, version.awaitExit(Release.EXIT_TIMEOUT), version::describe);
            assertTrue(version.stdout().startsWith("tickgate "), version::describe);
        }
        // no java 11 on this machine: a stand-in that answers the version query as one does
        final Path old = dir.resolve("java11");
        Files.createDirectories(old.resolve("bin"));
        Files.writeString(old.resolve("bin/java"),
            "#!/bin/bash\necho '    java.specification.version = 11' >&2\necho 'openjdk version \"11.0.2\"' >&2\n");
        assertTrue(old.resolve("bin/java").toFile().setExecutable(true));
        javaHome.put("JAVA_HOME", old.toString());
        try (ChildJvm refused = tickgate(javaHome, "--version"))
        {
            assertEquals(1, refused.awaitExit(Release.EXIT_TIMEOUT), refused::describe);
            assertTrue(refused.stderr().contains("java 17 or newer is needed; " + old + "/bin/java is version 11"),
                refused::describe);
        }
    }

    /**
     * JDK 23+ warns about sun.misc.Unsafe (which Chronicle's libraries call) unless the launcher allows it: journal
     * and export ticks with such a JDK, if this machine has one, and expect no warning.
     */
    @Test
    void shouldRunWithoutWarningsOnAJdk23OrLater() throws Exception
    {
        final Optional<Path> jdk = jdkAtLeast(23);
        assumeTrue(jdk.isPresent(), "no JDK 23+ in /usr/lib/jvm: the flag it needs is not exercised here");
        final Map<String, String> env = new HashMap<>(env(Map.of("bash", bash)));
        env.put("JAVA_HOME", jdk.get().toString());
        final Path csv = dir.resolve("ticks.csv");
        Files.writeString(csv, "symbol,ts,bid,bidSize,ask,askSize,last,lastSize,volume\n" +
            "ACME,1764100000000000,10.01,100,10.03,200,10.02,50,1000\n");
        final Path journal = dir.resolve("journal-" + jdk.get().getFileName());
        try (ChildJvm feed = tickgate(env, "feed", "csv", csv.toString(), "--journal", journal.toString()))
        {
            assertEquals(0, feed.awaitExit(Release.EXIT_TIMEOUT), feed::describe);
            assertNoWarnings(feed);
        }
        try (ChildJvm export = tickgate(env, "export", "--journal", journal.toString()))
        {
            assertEquals(0, export.awaitExit(Release.EXIT_TIMEOUT), export::describe);
            assertTrue(export.stdout().contains("ACME,1764100000000000,10.01"), export::describe);
            assertNoWarnings(export);
        }
    }

    @Test
    void shouldShipASystemdUnitThatSystemdAccepts() throws Exception
    {
        final Optional<Path> analyze = Release.onPath("systemd-analyze");
        assumeTrue(analyze.isPresent(), "systemd-analyze is not installed: the unit file is not checked here");
        // as installed, but pointing at this release's launcher: verify checks that ExecStart= is executable
        final Path unit = dir.resolve("tickgate.service");
        Files.writeString(unit, Files.readString(release.resolve("systemd/tickgate.service"))
            .replace("/opt/tickgate/bin/tickgate", release.resolve("bin/tickgate").toString()));
        try (ChildJvm verify = ChildJvm.start(logs, List.of(analyze.get().toString(), "verify", unit.toString())))
        {
            assertEquals(0, verify.awaitExit(Release.EXIT_TIMEOUT), verify::describe);
            // it warns, still exiting 0, about keys it does not know and values it cannot parse
            assertEquals("", verify.stderr() + verify.stdout(), verify::describe);
        }
    }

    private static ChildJvm tickgate(final Map<String, String> env, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(release.resolve("bin/tickgate").toString());
        command.addAll(List.of(args));
        return ChildJvm.start(logs, command, env);
    }

    /**
     * @return an environment whose PATH is a fresh directory holding these programs only.
     */
    private static Map<String, String> env(final Map<String, Path> programs) throws IOException
    {
        final Path path = Release.pathOf(Files.createTempDirectory(dir, "path-"), programs);
        return Map.of("PATH", path.toString(), "HOME", dir.toString());
    }

    private static Optional<Path> jdkAtLeast(final int major) throws IOException
    {
        final Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms))
        {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms))
        {
            return homes.filter(home -> Files.isRegularFile(home.resolve("release")) &&
                Files.isExecutable(home.resolve("bin/java")) && featureVersion(home) >= major).findFirst();
        }
    }

    private static int featureVersion(final Path home)
    {
        try
        {
            for (final String line : Files.readAllLines(home.resolve("release")))
            {
                if (line.startsWith("JAVA_VERSION="))
                {
                    final String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
            return 0;
        }
        catch (final IOException | NumberFormatException ex)
        {
            return 0;
        }
    }

    private static void assertNoWarnings(final ChildJvm child)
    {
        for (final String line : (child.stdout() + child.stderr()).split("\n"))
        {
            assertFalse(line.contains("WARNING"), () -> "JVM warning: " + line + "\n" + child.describe());
        }
    }
}
