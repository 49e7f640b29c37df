package io.tickgate.gateway;

import io.tickgate.testing.Await;
import io.tickgate.testing.Descriptors;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that sends its request a byte at a time (slowloris) cannot hold a socket past
 * {@code --request-parse-timeout-ms}; a normal request beside it is served.
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
