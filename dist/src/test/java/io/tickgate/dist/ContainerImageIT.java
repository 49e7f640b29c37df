package io.tickgate.dist;

import io.tickgate.gateway.ListeningLine;
import io.tickgate.testing.ChildJvm;
import io.tickgate.testing.Json;
import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The container image (a docker-archive built without an engine): its config says what a runtime needs (a numeric
 * non-root user, the journal on a volume, the port, a health check, the entrypoint), its layers are the ones the
 * config names; and, as root, its layers unpacked into a root file system run the entrypoint chrooted as the image's
 * user, as a runtime would: it streams, its health check passes inside, and SIGTERM stops it with status 0.
 */
@Timeout(180)
class ContainerImageIT
{
    private static final String STATE = "/var/lib/tickgate";

    @TempDir
    static Path dir;

    static Path logs;
    static Path image;
    static Map<String, Object> config;
    static Map<String, Object> runtime;

    @BeforeAll
    static void unpack() throws IOException
    {
        assumeFalse(Boolean.getBoolean("image.skip"), "built with -Dimage.skip=true: no image to test");
        logs = Files.createDirectories(dir.resolve("logs"));
        image = dir.resolve("image");
        Release.unpack(logs, Release.built("tickgate.image"), image);
        config = object(Json.parse(Files.readString(image.resolve("config.json"))));
        runtime = object(config.get("config"));
    }

    @Test
    void shouldDescribeANonRootUserAVolumeThePortAHealthCheckAndTheEntrypoint() throws Exception
    {
        final String user = (String)runtime.get("User");
        assertTrue(user.matches("[1-9][0-9]*:[0-9]+"), () -> "a numeric non-root user: " + user);
        assertEquals(Map.of(STATE, Map.of()), runtime.get("Volumes"));
        assertEquals(Map.of("8080/tcp", Map.of()), runtime.get("ExposedPorts"));
        assertEquals(List.of("/opt/tickgate/bin/tickgate", "serve"), runtime.get("Entrypoint"));
        assertEquals(List.of("CMD", "/opt/tickgate/bin/tickgate-health"),
            object(runtime.get("Healthcheck")).get("Test"));
        assertTrue(env().contains("TICKGATE_JOURNAL=" + STATE + "/journal"), env()::toString);

        final List<?> manifest = (List<?>)Json.parse(Files.readString(image.resolve("manifest.json")));
        assertEquals(1, manifest.size());
        final Map<String, Object> only = object(manifest.get(0));
        assertEquals("config.json", only.get("Config"));
        assertEquals(List.of("tickgate:" + System.getProperty("tickgate.version")), only.get("RepoTags"));
        final List<String> diffIds = new ArrayList<>();
        for (final Object layer : (List<?>)only.get("Layers"))
        {
            final Path tar = image.resolve((String)layer);
            diffIds.add("sha256:" + sha256(tar));
            // owned by root, but for the volume's directory: the user may write the journal and nothing else
            for (final String line : Release.run(logs, "tar", "-tvf", tar.toString(), "--numeric-owner").split("\n"))
            {
                final String owner = line.split("\\s+")[1];
                assertEquals(line.endsWith("." + STATE + "/") ? user.replace(':', '/') : "0/0", owner, line);
            }
        }
        assertEquals(diffIds, object(config.get("rootfs")).get("diff_ids"), "layers are what the config names");
    }

    @Test
    void shouldRunTheEntrypointAsTheImageUserStreamAndPassItsHealthCheck() throws Exception
    {
        assumeTrue((Integer)Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0,
            "not root: the image is not run chrooted here (CI runs as root)");
        try (ChildJvm probe = ChildJvm.start(logs, List.of("unshare", "--mount", "true")))
        {
            assumeTrue(probe.awaitExit(Release.EXIT_TIMEOUT) == 0,
                "no mount namespaces here (unshare --mount): the image is not run chrooted\n" + probe.describe());
        }
        final Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        for (final Object layer : (List<?>)object(((List<?>)Json.parse(
            Files.readString(image.resolve("manifest.json")))).get(0)).get("Layers"))
        {
            Release.run(logs, "tar", "-xpf", image.resolve((String)layer).toString(), "--numeric-owner",
                "-C", rootfs.toString());
        }
        Files.createDirectories(rootfs.resolve("proc"));

        // what a runtime gives a container: its own mounts (the root file system, the volume, /proc), the image's
        // user, environment and working directory; the mounts end with the process
        final String root = rootfs.toString();
        final String mounts = "mount --bind " + root + " " + root + " && mount --bind " + root + STATE + " " + root +
            STATE + " && mount -t proc proc " + root + "/proc && exec ";
        final List<String> serve = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private",
            "bash", "-c", mounts + "\"$@\"", "container"));
        serve.addAll(inContainer(rootfs, env()));
        serve.addAll(strings(runtime.get("Entrypoint")));
        // on loopback, as tests must; port 0; a simulated feed into the journal the image's environment puts on the
        // volume (TICKGATE_JOURNAL)
        serve.addAll(List.of("--host", "127.0.0.1", "--port", "0", "--sim-symbols", "10", "--sim-rate", "200",
            "--drain-ms", "500"));
        try (ChildJvm gateway = ChildJvm.start(logs, serve))
        {
            final int port = gateway.awaitStdout(ListeningLine::find, "listening http=P ingest=Q",
                Release.START_TIMEOUT).httpPort();
            try (WsClient client = WsClient.connect(port))
            {
                client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"mode\":\"full\"}");
                client.await(m -> client.ofType("tick").size() >= 20, "20 ticks");
            }
            try (ChildJvm healthy = healthCheck(rootfs, port))
            {
                assertEquals(0, healthy.awaitExit(Release.EXIT_TIMEOUT), healthy::describe);
            }

            gateway.process.destroy(); // SIGTERM
            assertEquals(0, gateway.awaitExit(Release.EXIT_TIMEOUT), gateway::describe);
            try (ChildJvm stopped = healthCheck(rootfs, port))
            {
                assertEquals(1, stopped.awaitExit(Release.EXIT_TIMEOUT), stopped::describe);
                assertTrue(stopped.stdout().contains("no gateway on 127.0.0.1:" + port), stopped::describe);
            }
        }
        final Path journal = rootfs.resolve(STATE.substring(1)).resolve("journal");
        assertTrue(Files.isDirectory(journal), "the journal is on the volume");
        assertEquals(Integer.parseInt(((String)runtime.get("User")).split(":")[0]),
            Files.getAttribute(journal, "unix:uid"), "written as the image's user");
    }

    /**
     * The image's health check as the runtime runs it: its command, inside, with the port the gateway took.
     */
    private static ChildJvm healthCheck(final Path rootfs, final int port)
    {
        final List<String> env = new ArrayList<>(env());
        env.add("TICKGATE_PORT=" + port);
        final List<String> command = new ArrayList<>(inContainer(rootfs, env));
        final List<String> test = strings(object(runtime.get("Healthcheck")).get("Test"));
        assertEquals("CMD", test.get(0));
        command.addAll(test.subList(1, test.size()));
        return ChildJvm.start(logs, command);
    }

    /**
     * @return the command prefix that runs a program inside the root file system as the image's user, with only this
     * environment, in the image's working directory.
     */
    private static List<String> inContainer(final Path rootfs, final List<String> env)
    {
        final List<String> command = new ArrayList<>(List.of("chroot", "--userspec=" + runtime.get("User"),
            rootfs.toString(), "/usr/bin/env", "-i", "--chdir=" + runtime.get("WorkingDir")));
        command.addAll(env);
        return command;
    }

    private static List<String> env()
    {
        return strings(runtime.get("Env"));
    }

    private static List<String> strings(final Object list)
    {
        final List<String> strings = new ArrayList<>();
        for (final Object item : (List<?>)list)
        {
            strings.add((String)item);
        }
        return strings;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(final Object json)
    {
        return (Map<String, Object>)json;
    }

    private static String sha256(final Path file) throws IOException, NoSuchAlgorithmException
    {
        final MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest))
        {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
