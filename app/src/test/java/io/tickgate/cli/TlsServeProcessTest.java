package io.tickgate.cli;

import io.tickgate.gateway.security.TestCertificates;
import io.tickgate.testing.Await;
import io.tickgate.testing.ChildJvm;
import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tickgate serve --tls-cert --tls-key} as a real child process: it serves wss, a real SIGHUP ({@code kill
 * -HUP}) after the files were replaced puts the new certificate in force for new handshakes while an open
 * connection streams on, and bad files stop it at start with exit status 2 naming the option (an empty
 * {@code --ingest-token-file} too).
 */
@Timeout(120)
class TlsServeProcessTest
{
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final TestCertificates ca = TestCertificates.authority("tickgate test CA");
    private final SSLContext trust = ca.clientContext();

    @Test
    void reloadsTheCertificateOnSighup() throws Exception
    {
        final TestCertificates.Server first = ca.issue("gateway-a");
        final TestCertificates.Server second = ca.issue("gateway-b");
        first.write(cert(), key());
        final Path logs = Files.createDirectories(dir.resolve("logs"));
        try (ChildJvm serve = Tickgate.start(logs, "serve", "--port", "0", "--journal", dir.resolve("j").toString(),
            "--sim-symbols", "20", "--sim-rate", "500", "--tls-cert", cert().toString(), "--tls-key", key().toString(),
            "--drain-ms", "0"))
        {
            final int port = ServeProcessTest.awaitListening(serve).httpPort();
            assertEquals(first.certificate, serverCertificate(port));
            try (WsClient open = WsClient.connectTls(trust, port, ""))
            {
                open.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"]}");
                open.awaitType("subscribed");

                second.write(cert(), key());
                assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(serve.process.pid())).start()
                    .waitFor());
                Await.until(() -> second.certificate.equals(serverCertificate(port)),
                    () -> "the new certificate after SIGHUP; " + serve.describe());

                final int before = open.messages.size();
                open.await(m -> open.messages.size() > before + 20, "quotes after the reload");
                assertFalse(open.closed.isDone(), "SIGHUP closed an open connection");
                open.assertFramesWellFormed();

                serve.process.destroy();
                assertEquals(1001, open.closed.get(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)[0]);
            }
            assertEquals(0, serve.awaitExit(EXIT_TIMEOUT), serve::describe);
            assertTrue(serve.stderr().contains("TLS certificate reloaded: CN=gateway-b"), serve::describe);
            ServeProcessTest.assertCleanOutput(serve);
        }
    }

    @Test
    void badFilesStopItAtStartNamingTheOption() throws Exception
    {
        ca.issue("gateway").write(cert(), key());
        final Path logs = Files.createDirectories(dir.resolve("logs"));
        final Path garbage = Files.writeString(dir.resolve("garbage.pem"), "garbage\n");
        assertRefused(logs, "--tls-cert", "--tls-cert", dir.resolve("missing.pem").toString(),
            "--tls-key", key().toString());
        assertRefused(logs, "--tls-key", "--tls-cert", cert().toString(), "--tls-key", garbage.toString());
        assertRefused(logs, "--tls-cert and --tls-key go together", "--tls-cert", cert().toString());
    }

    @Test
    void anEmptyIngestTokenFileStopsItAtStart() throws Exception
    {
        final Path logs = Files.createDirectories(dir.resolve("logs"));
        final Path empty = Files.writeString(dir.resolve("empty.token"), " \n");
        assertRefused(logs, "--ingest-token-file", "--ingest-port", "0", "--ingest-token-file", empty.toString());
    }

    private void assertRefused(final Path logs, final String named, final String... options) throws Exception
    {
        final List<String> args = new ArrayList<>(List.of("serve", "--port", "0", "--journal",
            dir.resolve("refused").toString()));
        args.addAll(List.of(options));
        try (ChildJvm serve = Tickgate.start(logs, args.toArray(new String[0])))
        {
            assertEquals(2, serve.awaitExit(EXIT_TIMEOUT), serve::describe);
            assertTrue(serve.stderr().contains("tickgate: " + named), serve::describe);
            assertFalse(Files.exists(dir.resolve("refused")), "no journal for a refused start");
        }
    }

    private Certificate serverCertificate(final int port)
    {
        try (SSLSocket socket = (SSLSocket)ca.clientContext().getSocketFactory()
            .createSocket(InetAddress.getLoopbackAddress(), port))
        {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return socket.getSession().getPeerCertificates()[0];
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private Path cert()
    {
        return dir.resolve("cert.pem");
    }

    private Path key()
    {
        return dir.resolve("key.pem");
    }
}
