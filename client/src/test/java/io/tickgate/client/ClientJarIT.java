package io.tickgate.client;

import io.tickgate.gateway.GatewayFixture;
import io.tickgate.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The published jar as a user gets it: loaded alone, with only the runtime dependencies Maven resolves for it, in a
 * class loader whose parent is the JDK's platform loader, so nothing of the test's classpath (the gateway, Agrona,
 * Undertow, Chronicle) can leak in. It then streams from a real gateway running in this JVM's own class loader, in
 * both formats, every seq exactly once. Run by failsafe after {@code package}, which writes the jar and
 * {@code runtime-classpath.txt}.
 */
@Timeout(60)
class ClientJarIT
{
    private static final Pattern SEQ = Pattern.compile("^Quote\\{(?:TICK|SNAPSHOT) AAPL seq=(\\d+) ");
    private static final int TICKS = 200;

    @TempDir
    Path dir;

    @Test
    void shouldStreamWithNothingButTheJarAndItsRuntimeDependencies() throws Exception
    {
        final List<String> dependencies = runtimeClasspath();
        assertEquals(2, dependencies.size(), dependencies::toString);
        assertTrue(dependencies.stream().anyMatch(d -> d.matches(".*tickgate-protocol[^/\\\\]*\\.jar")), "protocol");
        assertTrue(dependencies.stream().anyMatch(d -> d.matches(".*jackson-core[^/\\\\]*\\.jar")), "jackson-core");

        final List<URL> urls = new ArrayList<>();
        urls.add(Path.of(property("tickgate.client.jar")).toUri().toURL());
        for (final String dependency : dependencies)
        {
            urls.add(Path.of(dependency).toUri().toURL());
        }
        final ClassLoader jdkOnly = ClassLoader.getPlatformClassLoader();
        try (URLClassLoader isolated = new URLClassLoader(urls.toArray(URL[]::new), jdkOnly);
            GatewayFixture gateway = new GatewayFixture(dir))
        {
            for (final String server : List.of("io.tickgate.gateway.Gateway", "io.tickgate.codec.FixedPoint",
                "org.agrona.DirectBuffer", "io.undertow.Undertow", "net.openhft.chronicle.queue.ChronicleQueue"))
            {
                assertThrows(ClassNotFoundException.class, () -> isolated.loadClass(server), server);
            }
            final Class<?> clientClass = isolated.loadClass(TickgateClient.class.getName());
            assertSame(isolated, clientClass.getClassLoader(), "the client comes from the jar, not the test");

            gateway.tick("AAPL", "189.12");
            final List<String> binary = new CopyOnWriteArrayList<>();
            final List<String> json = new CopyOnWriteArrayList<>();
            final List<AutoCloseable> clients = new ArrayList<>();
            try
            {
                clients.add(connect(isolated, gateway.port(), "BINARY", binary));
                clients.add(connect(isolated, gateway.port(), "JSON", json));
                Await.until(() -> !binary.isEmpty() && !json.isEmpty(), () -> "snapshots: " + binary + json);
                for (int i = 0; i < TICKS; i++)
                {
                    gateway.tick("AAPL", "189." + i);
                }
                Await.until(() -> seqs(binary).contains(TICKS + 1L) && seqs(json).contains(TICKS + 1L),
                    () -> "last tick: binary " + seqs(binary).size() + ", json " + seqs(json).size());
            }
            finally
            {
                for (final AutoCloseable client : clients)
                {
                    client.close();
                }
            }
            for (final List<String> quotes : List.of(binary, json))
            {
                final List<Long> seqs = seqs(quotes);
                assertEquals(TICKS + 1, seqs.size(), () -> quotes.subList(0, Math.min(5, quotes.size())).toString());
                for (int i = 0; i < seqs.size(); i++)
                {
                    assertEquals(i + 1, seqs.get(i), "every seq once, in order");
                }
            }
            assertTrue(binary.get(0).contains(" bid=189.11x300 ask=189.13x200 last=189.12x100 "), binary.get(0));
            assertEquals(binary, json, "the same quotes in both formats");
        }
    }

    /** Connects through reflection only: the test's own copies of the client's classes are not the jar's. */
    private static AutoCloseable connect(
        final ClassLoader isolated, final int port, final String format, final List<String> quotes) throws Exception
    {
        final Class<?> contextClass = isolated.loadClass(TickgateClient.Context.class.getName());
        final Class<?> listenerClass = isolated.loadClass(QuoteListener.class.getName());
        final Class<?> formatClass = isolated.loadClass(Format.class.getName());
        final Class<?> modeClass = isolated.loadClass(Mode.class.getName());
        final Object listener = Proxy.newProxyInstance(isolated, new Class<?>[]{ listenerClass }, (proxy, m, args) ->
        {
            switch (m.getName())
            {
                case "onQuote":
                    quotes.add(args[0].toString());
                    return null;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    return "quote listener";
            }
        });
        final Object context = contextClass.getConstructor().newInstance();
        contextClass.getMethod("port", int.class).invoke(context, port);
        contextClass.getMethod("format", formatClass).invoke(context, formatClass.getField(format).get(null));
        contextClass.getMethod("quoteListener", listenerClass).invoke(context, listener);
        final Class<?> clientClass = isolated.loadClass(TickgateClient.class.getName());
        final Object client = clientClass.getMethod("connect", contextClass).invoke(null, context);
        final Method subscribe = clientClass.getMethod("subscribe", Collection.class, modeClass);
        subscribe.invoke(client, List.of("AAPL"), modeClass.getField("FULL").get(null));
        return (AutoCloseable)client;
    }

    private static List<Long> seqs(final List<String> quotes)
    {
        final List<Long> seqs = new ArrayList<>();
        for (final String quote : quotes)
        {
            final Matcher matcher = SEQ.matcher(quote);
            assertTrue(matcher.find(), quote);
            seqs.add(Long.parseLong(matcher.group(1)));
        }
        return seqs;
    }

    private static List<String> runtimeClasspath() throws Exception
    {
        final String text = Files.readString(Path.of(property("tickgate.client.classpath"))).trim();
        return text.isEmpty() ? List.of() : List.of(text.split(File.pathSeparator));
    }

    private static String property(final String name)
    {
        final String value = System.getProperty(name);
        assertTrue(null != value, name + " is set by failsafe (client/pom.xml): run with mvn verify");
        return value;
    }
}
