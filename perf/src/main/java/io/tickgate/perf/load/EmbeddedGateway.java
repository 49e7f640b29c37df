package io.tickgate.perf.load;

import io.tickgate.gateway.ListeningLine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A gateway started by the load generator as a child process:
 * {@code java <launcher flags> <gateway java opts> -XX:+PrintCommandLineFlags -jar GATEWAY_JAR serve --port 0
 * --ingest-port 0 --journal <temp dir> <gateway opts>}. It reads the {@code listening http=P ingest=Q} line for the
 * ports, keeps the last lines of output for error messages, and on {@link #close()} stops it with SIGTERM (then
 * SIGKILL after 10 s) and deletes the temporary journal.
 */
final class EmbeddedGateway implements AutoCloseable
{
    private static final Pattern GC = Pattern.compile("-XX:\\+Use(\\w+)GC\\b");

    /** The launcher's flags for Chronicle Queue and Agrona (7 module flags, 4 properties). */
    static final List<String> JVM_FLAGS = List.of(
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--enable-native-access=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true",
        "-Dchronicle.announcer.disable=true",
        "-Ddisable.perf.info=true",
        "-Dorg.jboss.logging.provider=slf4j");

    final List<String> command;
    final int javaMajor;
    final Path journal;
    private final Process process;
    private final Thread reaper = new Thread(this::stop, "embedded-gateway-reaper");
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile int httpPort;
    private volatile int ingestPort;
    private volatile String gc = "JVM default";

    private EmbeddedGateway(final List<String> command, final int javaMajor, final Path journal) throws IOException
    {
        this.command = command;
        this.javaMajor = javaMajor;
        this.journal = journal;
        this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // a load generator stopped by a signal must not leave its gateway running
        Runtime.getRuntime().addShutdownHook(reaper);
        final Thread reader = new Thread(this::readOutput, "gateway-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param java     java executable, null for the one running this JVM.
     * @param jar      the gateway fat jar.
     * @param javaOpts extra JVM options (e.g. -XX:+UseZGC), whitespace-separated.
     * @param opts     extra {@code serve} options, whitespace-separated.
     */
    static EmbeddedGateway start(
        final String java, final String jar, final String javaOpts, final String opts, final long timeoutNanos)
        throws IOException, InterruptedException
    {
        if (null == jar || jar.isBlank() || !Files.isRegularFile(Path.of(jar)))
        {
            throw new IllegalArgumentException("embedded gateway: no gateway jar (set TICKGATE_GATEWAY_JAR, use " +
                "--gateway-jar, or run through ./tickgate bench load): " + jar);
        }
        final String javaExe = null != java ? java : ChildJvm.java();
        final int major = null == java ? Runtime.version().feature() : javaMajor(javaExe);
        final Path journal = Files.createTempDirectory("tickgate-load-journal");
        final List<String> cmd = command(javaExe, major, jar, javaOpts, opts, journal);
        final EmbeddedGateway g = new EmbeddedGateway(cmd, major, journal);
        if (!g.ready.await(timeoutNanos, TimeUnit.NANOSECONDS) || 0 == g.httpPort)
        {
            final String output = g.tail();
            g.close();
            throw new IllegalStateException("embedded gateway did not report 'listening http=P ingest=Q' " +
                "(command: " + String.join(" ", cmd) + "); its last output:\n" + output);
        }
        return g;
    }

    static List<String> command(
        final String javaExe, final int javaMajor, final String jar, final String javaOpts, final String opts,
        final Path journal)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(javaExe);
        cmd.addAll(JVM_FLAGS);
        if (javaMajor >= 23)
        {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(split(javaOpts));
        cmd.add("-XX:+PrintCommandLineFlags");
        cmd.addAll(List.of("-jar", jar, "serve", "--port", "0", "--ingest-port", "0", "--journal", journal.toString()));
        cmd.addAll(split(opts));
        return cmd;
    }

    static List<String> split(final String s)
    {
        final List<String> result = new ArrayList<>();
        if (null != s)
        {
            for (final String part : s.trim().split("\\s+"))
            {
                if (!part.isEmpty())
                {
                    result.add(part);
                }
            }
        }
        return result;
    }

    /** The feature version of a java executable, from {@code -XshowSettings:properties -version}. */
    static int javaMajor(final String javaExe) throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder(javaExe, "-XshowSettings:properties", "-version")
            .redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        final Matcher m = Pattern.compile("java\\.specification\\.version = (\\d+)").matcher(out);
        if (!m.find())
        {
            throw new IllegalArgumentException("cannot tell the version of " + javaExe + ":\n" + out);
        }
        return Integer.parseInt(m.group(1));
    }

    long pid()
    {
        return process.pid();
    }

    int httpPort()
    {
        return httpPort;
    }

    int ingestPort()
    {
        return ingestPort;
    }

    /** The collector -XX:+PrintCommandLineFlags named, e.g. "G1", "Z", "Parallel". */
    String gc()
    {
        return gc;
    }

    synchronized String tail()
    {
        return String.join("\n", tail);
    }

    private void readOutput()
    {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8)))
        {
            for (String line = r.readLine(); null != line; line = r.readLine())
            {
                synchronized (this)
                {
                    tail.addLast(line);
                    if (tail.size() > 40)
                    {
                        tail.removeFirst();
                    }
                }
                final Matcher gcFlag = GC.matcher(line);
                if (line.contains("-XX:") && gcFlag.find())
                {
                    gc = gcFlag.group(1);
                }
                ListeningLine.find(line).ifPresent(listening ->
                {
                    httpPort = listening.httpPort();
                    ingestPort = listening.ingestPort();
                    ready.countDown();
                });
            }
        }
        catch (final IOException ignore)
        {
            // process gone
        }
        ready.countDown();
    }

    /** Kill at once, for the watchdog. */
    void kill()
    {
        process.destroyForcibly();
    }

    @Override
    public void close()
    {
        try
        {
            Runtime.getRuntime().removeShutdownHook(reaper);
        }
        catch (final IllegalStateException ex)
        {
            // the JVM is shutting down: the reaper is running or has run
        }
        stop();
    }

    private void stop()
    {
        process.destroy(); // SIGTERM: the gateway closes its sessions and journal
        try
        {
            if (!process.waitFor(10, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteTree(journal);
    }

    static void deleteTree(final Path dir)
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException ignore)
        {
            // best effort
        }
    }
}
