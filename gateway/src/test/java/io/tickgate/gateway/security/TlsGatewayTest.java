package io.tickgate.gateway.security;

import io.tickgate.gateway.GatewayFixture;
import io.tickgate.testing.RawWsClient;
import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The port with {@code --tls-cert}/{@code --tls-key}, against a real gateway and real TLS clients that trust a test
 * certificate authority: wss and https work, only TLS 1.2 and 1.3 are spoken, plain ws/http are not, and a reload
 * puts new files in force for new handshakes while open connections go on streaming; bad files are refused and
 * counted, the certificate in force stays.
 */
@Timeout(60)
class TlsGatewayTest
{
    private static final int TLS_HANDSHAKE = 0x16;
    private static final int TLS_ALERT = 0x15;

    @TempDir
    Path dir;

    private final TestCertificates ca = TestCertificates.authority("tickgate test CA");
    private final SSLContext trust = ca.clientContext();

    @Test
    void servesWssAndHttpsWithTheCertificate() throws Exception
    {
        final TestCertificates.Server server = ca.issue("gateway-rsa", "RSA", Duration.ofDays(3));
        try (GatewayFixture fixture = tlsGateway(server))
        {
            fixture.tick("ACME", "10.00");
            try (WsClient client = WsClient.connectTls(trust, fixture.port(), ""))
            {
                client.awaitType("welcome");
                client.send("{\"op\":\"subscribe\",\"symbols\":[\"ACME\"],\"mode\":\"full\"}");
                client.awaitType("snapshot");
                fixture.tick("ACME", "10.01");
                client.await(m -> "tick".equals(m.get("type")) && Long.valueOf(2).equals(m.get("seq")), "tick 2");
                client.assertFramesWellFormed();
            }

            final HttpResponse<String> health = HttpClient.newBuilder().sslContext(trust).build().send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + fixture.port() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health::body);
            assertEquals(server.certificate, serverCertificate(fixture.port(), "TLSv1.3"));
            assertEquals(server.certificate.getNotAfter().toInstant().getEpochSecond(),
                fixture.metric("tickgate_tls_cert_expiry_seconds"));
        }
    }

    @Test
    void speaksTls12And13OnlyAndNoPlainText() throws Exception
    {
        try (GatewayFixture fixture = tlsGateway(ca.issue("gateway-ec")))
        {
            final int port = fixture.port();
            assertEquals("TLSv1.3", handshake(port, "TLSv1.3").getSession().getProtocol());
            assertEquals("TLSv1.2", handshake(port, "TLSv1.2").getSession().getProtocol());
            assertRefusesTls11(port);

            assertThrows(IOException.class, () -> RawWsClient.connect(port), "plain ws:// to the TLS port");
            assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()), "plain http:// to the TLS port");
            // the port still serves TLS after all that
            assertEquals("TLSv1.3", handshake(port, "TLSv1.3").getSession().getProtocol());
        }
    }

    @Test
    void reloadServesTheNewCertificateToNewHandshakesAndKeepsOpenConnections() throws Exception
    {
        final TestCertificates.Server first = ca.issue("gateway-a");
        final TestCertificates.Server second = ca.issue("gateway-b", "RSA", Duration.ofDays(9));
        assertNotEquals(first.certificate.getSerialNumber(), second.certificate.getSerialNumber());
        try (GatewayFixture fixture = tlsGateway(first))
        {
            fixture.tick("ACME", "10.00");
            try (WsClient open = WsClient.connectTls(trust, fixture.port(), ""))
            {
                open.send("{\"op\":\"subscribe\",\"symbols\":[\"ACME\"],\"mode\":\"full\"}");
                open.awaitType("snapshot");
                assertEquals(first.certificate, serverCertificate(fixture.port(), "TLSv1.3"));

                second.write(certFile(), keyFile());
                assertTrue(fixture.gateway().reloadTls());

                assertEquals(second.certificate, serverCertificate(fixture.port(), "TLSv1.3"));
                assertEquals(second.certificate, serverCertificate(fixture.port(), "TLSv1.2"));
                assertEquals(1, fixture.metric("tickgate_tls_reloads_total"));
                assertEquals(0, fixture.metric("tickgate_tls_reload_failures_total"));
                assertEquals(second.certificate.getNotAfter().toInstant().getEpochSecond(),
                    fixture.metric("tickgate_tls_cert_expiry_seconds"));

                // the connection of before the reload streams on
                fixture.tick("ACME", "10.01");
                fixture.tick("ACME", "10.02");
                open.await(m -> "tick".equals(m.get("type")) && Long.valueOf(3).equals(m.get("seq")), "tick 3");
                open.assertFramesWellFormed();
                assertFalse(open.closed.isDone(), "the reload closed an open connection");
            }
        }
    }

    @Test
    void refusedReloadKeepsTheCertificateInForceAndIsCounted() throws Exception
    {
        final TestCertificates.Server first = ca.issue("gateway-a");
        final TestCertificates.Server other = ca.issue("gateway-other");
        try (GatewayFixture fixture = tlsGateway(first))
        {
            Files.writeString(certFile(), "not a certificate\n");
            assertFalse(fixture.gateway().reloadTls(), "garbage certificate file");

            first.write(certFile(), keyFile());
            Files.writeString(keyFile(), TestCertificates.pem("PRIVATE KEY", other.key.getEncoded()));
            assertFalse(fixture.gateway().reloadTls(), "a key that is not the certificate's");

            Files.delete(keyFile());
            assertFalse(fixture.gateway().reloadTls(), "a missing key file");

            assertEquals(first.certificate, serverCertificate(fixture.port(), "TLSv1.3"));
            assertEquals(3, fixture.metric("tickgate_tls_reload_failures_total"));
            assertEquals(0, fixture.metric("tickgate_tls_reloads_total"));
            assertEquals(first.certificate.getNotAfter().toInstant().getEpochSecond(),
                fixture.metric("tickgate_tls_cert_expiry_seconds"));

            first.write(certFile(), keyFile());
            assertTrue(fixture.gateway().reloadTls(), "good files again");
        }
    }

    private GatewayFixture tlsGateway(final TestCertificates.Server server)
    {
        server.write(certFile(), keyFile());
        return new GatewayFixture(dir.resolve("journal"), ctx -> ctx.tlsCertFile(certFile()).tlsKeyFile(keyFile()));
    }

    private Path certFile()
    {
        return dir.resolve("cert.pem");
    }

    private Path keyFile()
    {
        return dir.resolve("key.pem");
    }

    private X509Certificate serverCertificate(final int port, final String protocol) throws IOException
    {
        try (SSLSocket socket = handshake(port, protocol))
        {
            return (X509Certificate)socket.getSession().getPeerCertificates()[0];
        }
    }

    /**
     * A handshake as a client that offers one protocol version and checks the host name (a fresh context each
     * time: no session resumption).
     */
    private SSLSocket handshake(final int port, final String protocol) throws IOException
    {
        final SSLSocket socket = (SSLSocket)ca.clientContext().getSocketFactory()
            .createSocket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        socket.setEnabledProtocols(new String[]{ protocol });
        final javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    /**
     * A TLS 1.1 ClientHello written by hand (the JDK's own client will not offer 1.1 at all): the server answers
     * with an alert or closes, never with a ServerHello.
     */
    private static void assertRefusesTls11(final int port) throws IOException
    {
        final byte[] random = new BigInteger(256, new java.util.Random(11)).toByteArray();
        final byte[] hello = new byte[4 + 2 + 32 + 1 + 2 + 4 + 2];
        int i = 0;
        hello[i++] = 0x01; // ClientHello
        hello[i++] = 0;
        hello[i++] = 0;
        hello[i++] = (byte)(hello.length - 4);
        hello[i++] = 0x03; // TLS 1.1
        hello[i++] = 0x02;
        System.arraycopy(random, 0, hello, i, Math.min(32, random.length));
        i += 32;
        hello[i++] = 0; // no session id
        hello[i++] = 0;
        hello[i++] = 4; // two suites: TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, TLS_RSA_WITH_AES_128_CBC_SHA
        hello[i++] = (byte)0xC0;
        hello[i++] = 0x09;
        hello[i++] = 0x00;
        hello[i++] = 0x2F;
        hello[i++] = 1; // compression: null
        hello[i] = 0;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port))
        {
            socket.setSoTimeout(10_000);
            final OutputStream out = socket.getOutputStream();
            out.write(new byte[]{ TLS_HANDSHAKE, 0x03, 0x02, 0, (byte)hello.length });
            out.write(hello);
            out.flush();
            final DataInputStream in = new DataInputStream(socket.getInputStream());
            final int contentType;
            try
            {
                contentType = in.readUnsignedByte();
            }
            catch (final EOFException ex)
            {
                return; // closed without a word: refused
            }
            assertEquals(TLS_ALERT, contentType, "a TLS 1.1 ClientHello must get an alert, not a handshake");
            in.skipBytes(4);
            assertEquals(2, in.readUnsignedByte(), "a fatal alert");
            final Map<Integer, String> reasons = Map.of(70, "protocol_version", 40, "handshake_failure");
            final int description = in.readUnsignedByte();
            assertTrue(reasons.containsKey(description), "alert " + description);
        }
    }
}
