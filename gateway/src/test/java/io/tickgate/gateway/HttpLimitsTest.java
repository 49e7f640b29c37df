package io.tickgate.gateway;

import io.tickgate.testing.Await;
import io.tickgate.testing.Descriptors;
import io.tickgate.testing.RawWsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that sends its request a byte at a time (slowloris) cannot hold a socket past
 * {@code --request-parse-timeout-ms}; a normal request beside it is served. A keep-alive connection that sends no
 * next request is closed after {@code --http-idle-timeout-ms}, while an idle WebSocket is not; plain-HTTP
 * connections past {@code --max-http-connections} are answered 503 and closed, counted, and WebSockets are not held
 * to that cap.
 */
@Timeout(60)
class HttpLimitsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldCloseARequestThatTricklesInAndKeepServingOthers() throws Exception
    {
        try (GatewayFixture fixture = new GatewayFixture(dir, ctx -> ctx.requestParseTimeoutMs(500)))
        {
            final long baseline = Descriptors.open();
            boolean closed = false;
            try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), fixture.port()))
            {
                slow.setSoTimeout(100);
                final OutputStream out = slow.getOutputStream();
                final InputStream in = slow.getInputStream();
                final byte[] request = ("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(400))
                    .getBytes(StandardCharsets.US_ASCII);
                // a byte at a time, each after a 100 ms wait for the close, never finishing the headers
                for (int i = 0; i < 400 && !closed; i++)
                {
                    try
                    {
                        out.write(request[i % request.length]);
                        out.flush();
                    }
                    catch (final IOException ex)
                    {
                        closed = true;
                        break;
                    }
                    closed = endOfStream(in);
                    assertEquals(200, status(fixture.port()), "a normal request is served meanwhile");
                }
            }
            assertTrue(closed, "the trickling request was closed before it ended");
            Await.until(() -> Descriptors.open() <= baseline, () -> "descriptors back to the baseline");
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeoutAndAnIdleWebSocketIsNot() throws Exception
    {
        try (GatewayFixture fixture = new GatewayFixture(dir, ctx -> ctx.httpIdleTimeoutMs(300));
            RawWsClient webSocket = RawWsClient.connect(fixture.port());
            Socket http = new Socket(InetAddress.getLoopbackAddress(), fixture.port()))
        {
            webSocket.readTextContaining("welcome");
            http.setSoTimeout(10_000);
            assertTrue(get(http, "/health").startsWith("HTTP/1.1 200"));
            assertEquals(-1, http.getInputStream().read(), "the server closed the idle keep-alive connection");

            webSocket.sendText("{\"op\":\"ping\",\"id\":9}");
            assertTrue(webSocket.readTextContaining("pong").contains("\"id\":9"),
                "the WebSocket, idle for longer, still works");
        }
    }

    @Test
    void plainHttpConnectionsPastTheCapAreRefusedAndCountedWhileWebSocketsAreNotCapped() throws Exception
    {
        try (GatewayFixture fixture = new GatewayFixture(dir, ctx -> ctx.maxHttpConnections(2));
            Socket second = new Socket(InetAddress.getLoopbackAddress(), fixture.port()))
        {
            final Socket first = new Socket(InetAddress.getLoopbackAddress(), fixture.port());
            for (final Socket socket : new Socket[]{ first, second })
            {
                socket.setSoTimeout(10_000);
                assertTrue(get(socket, "/health").startsWith("HTTP/1.1 200"));
            }
            try (Socket third = new Socket(InetAddress.getLoopbackAddress(), fixture.port()))
            {
                third.setSoTimeout(10_000);
                assertTrue(get(third, "/health").startsWith("HTTP/1.1 503"));
                assertEquals(-1, third.getInputStream().read(), "closed after the refusal");
            }
            assertEquals(1, fixture.metric("tickgate_http_connections_refused_total"));
            assertEquals(2, fixture.metric("tickgate_http_connections"));
            try (RawWsClient webSocket = RawWsClient.connect(fixture.port()))
            {
                webSocket.readTextContaining("welcome");
            }
            assertTrue(get(second, "/metrics").startsWith("HTTP/1.1 200"), "a counted connection goes on");

            first.close();
            Await.until(() -> fixture.metric("tickgate_http_connections") == 1, () -> "the closed one uncounted");
            assertEquals(200, status(fixture.port()), "room again");
        }
    }

    /**
     * A keep-alive GET on the socket.
     *
     * @return the response head; its body is read and dropped.
     */
    private static String get(final Socket socket, final String path) throws IOException
    {
        final OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        final InputStream in = socket.getInputStream();
        final StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n"))
        {
            final int b = in.read();
            assertTrue(b >= 0, () -> "closed in the response head: " + head);
            head.append((char)b);
        }
        final Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        assertTrue(length.find(), head::toString);
        in.readNBytes(Integer.parseInt(length.group(1)));
        return head.toString();
    }

    private static boolean endOfStream(final InputStream in) throws IOException
    {
        try
        {
            return in.read() < 0;
        }
        catch (final java.net.SocketTimeoutException ex)
        {
            return false;
        }
        catch (final IOException ex)
        {
            return true;
        }
    }

    private static int status(final int port) throws IOException
    {
        final HttpURLConnection connection =
            (HttpURLConnection)URI.create("http://127.0.0.1:" + port + "/health").toURL().openConnection();
        try
        {
            return connection.getResponseCode();
        }
        finally
        {
            connection.disconnect();
        }
    }
}
