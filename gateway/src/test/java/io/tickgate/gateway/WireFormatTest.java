package io.tickgate.gateway;

import io.tickgate.testing.RawWsClient;
import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway writes and reads WebSocket frames itself: every frame it sends is checked against RFC 6455 by
 * {@link RawWsClient} (FIN, RSV, no mask, fewest length bytes, UTF-8 JSON arrays), including frames over 64 KiB and
 * control frames between data frames, and what a client may send — fragments with pings between them, closes,
 * broken frames, broken handshakes — gets the RFC's answer.
 */
@Timeout(60)
class WireFormatTest
{
    private static final int SYMBOLS = 1_000;

    @TempDir
    Path dir;

    @Test
    void shouldWriteFramesOfEverySizeWithControlFramesBetweenThem() throws IOException
    {
        try (GatewayFixture fixture = new GatewayFixture(dir, ctx -> ctx
            .maxFrameBytes(128 * 1024).sessionBufferBytes(1 << 20)))
        {
            for (int i = 0; i < SYMBOLS; i++)
            {
                fixture.tick("S" + i, "1" + i);
            }
            try (RawWsClient client = RawWsClient.connect(fixture.port()))
            {
                client.readTextContaining("welcome");
                // every snapshot is due in one publisher cycle: they leave as frames of up to 128 KiB
                client.sendText("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"id\":1}");
                client.sendFrame(true, RawWsClient.OP_PING, "abc".getBytes(StandardCharsets.US_ASCII), true);
                int snapshots = 0;
                boolean ponged = false;
                int longest = 0;
                final boolean[] headerSizes = new boolean[11];
                while (snapshots < SYMBOLS || !ponged)
                {
                    final RawWsClient.Frame frame = client.readFrame();
                    headerSizes[frame.headerLength()] = true;
                    if (RawWsClient.OP_PONG == frame.opcode())
                    {
                        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), frame.payload());
                        ponged = true;
                    }
                    else if (RawWsClient.OP_TEXT == frame.opcode())
                    {
                        longest = Math.max(longest, frame.payload().length);
                        assertTrue(frame.payload().length <= 128 * 1024, "frame within --max-frame-bytes");
                        snapshots += count(frame.text(), "\"type\":\"snapshot\"");
                    }
                }
                assertEquals(SYMBOLS, snapshots);
                assertTrue(longest >= 65_536, "a frame over 64 KiB was written: longest " + longest);
                assertTrue(headerSizes[2] && headerSizes[4] && headerSizes[10], "2-, 4- and 10-byte headers seen");
            }
        }
    }

    @Test
    void shouldJoinFragmentsWithAPingBetweenThem() throws IOException
    {
        try (GatewayFixture fixture = new GatewayFixture(dir);
            RawWsClient client = RawWsClient.connect(fixture.port()))
        {
            fixture.tick("AAPL", "100");
            client.readTextContaining("welcome");
            client.sendFrame(false, RawWsClient.OP_TEXT, bytes("{\"op\":\"subscri"), true);
            client.sendFrame(true, RawWsClient.OP_PING, bytes("p1"), true);
            client.sendFrame(false, RawWsClient.OP_CONTINUATION, bytes("be\",\"symbols\":[\"AA"), true);
            client.sendFrame(true, RawWsClient.OP_CONTINUATION, bytes("PL\"],\"id\":7}"), true);
            final RawWsClient.Frame pong = client.readUntil(RawWsClient.OP_PONG, false);
            assertArrayEquals(bytes("p1"), pong.payload());
            final String subscribed = client.readTextContaining("subscribed");
            assertTrue(subscribed.contains("\"id\":7") && subscribed.contains("AAPL"), subscribed);
        }
    }

    @Test
    void shouldCloseWith1007OnTextThatIsNotUtf8() throws IOException
    {
        assertClosedWith(1007, client -> client.sendFrame(true, RawWsClient.OP_TEXT,
            new byte[] { '[', (byte)0xC3, 0x28, ']' }, true));
    }

    @Test
    void shouldCloseWith1002OnAnUnmaskedFrame() throws IOException
    {
        assertClosedWith(1002, client -> client.sendFrame(true, RawWsClient.OP_TEXT, bytes("{\"op\":\"ping\"}"),
            false));
    }

    @Test
    void shouldCloseWith1009OnAMessageFarOverTheCommandLimit() throws IOException
    {
        assertClosedWith(1009, client -> client.sendFrame(true, RawWsClient.OP_TEXT, new byte[300 * 1024], true));
    }

    @Test
    void shouldAnswerBrokenHandshakesWithHttpErrors() throws IOException
    {
        try (GatewayFixture fixture = new GatewayFixture(dir))
        {
            try (RawWsClient client = RawWsClient.open(fixture.port()))
            {
                final String response = client.handshake(fixture.port(), "", "8");
                assertTrue(response.startsWith("HTTP/1.1 426"), response);
                assertTrue(response.contains("Sec-WebSocket-Version: 13"), response);
            }
            try (RawWsClient client = RawWsClient.open(fixture.port()))
            {
                final String response = client.request("GET /stream HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n" +
                    "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: c2hvcnQ=\r\n\r\n");
                assertTrue(response.startsWith("HTTP/1.1 400"), response);
            }
            try (RawWsClient client = RawWsClient.open(fixture.port()))
            {
                final String response = client.request("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
                assertTrue(response.startsWith("HTTP/1.1 426"), response);
            }
            try (RawWsClient client = RawWsClient.open(fixture.port()))
            {
                final String response = client.request("POST /stream HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
                assertTrue(response.startsWith("HTTP/1.1 405"), response);
            }
            assertEquals(0, fixture.metric("tickgate_connections_accepted_total"));
        }
    }

    private interface Send
    {
        void to(RawWsClient client) throws IOException;
    }

    private void assertClosedWith(final int code, final Send bad) throws IOException
    {
        try (GatewayFixture fixture = new GatewayFixture(dir);
            RawWsClient client = RawWsClient.connect(fixture.port());
            WsClient bystander = WsClient.connect(fixture.port()))
        {
            client.readTextContaining("welcome");
            bad.to(client);
            assertEquals(code, client.readUntil(RawWsClient.OP_CLOSE, false).closeCode());
            assertTrue(client.awaitEndOfStream(10_000), "socket closed after the close frame");
            assertEquals(1, fixture.metric("tickgate_cutoffs_total{reason=\"protocol_error\"}"));
            // nobody else is affected
            bystander.send("{\"op\":\"ping\",\"id\":3}");
            bystander.awaitType("pong");
        }
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int count(final String text, final String fragment)
    {
        int count = 0;
        for (int at = text.indexOf(fragment); at >= 0; at = text.indexOf(fragment, at + 1))
        {
            count++;
        }
        return count;
    }
}
