package io.tickgate.gateway;

import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The binary stream, decoded from the documented layout, carries exactly what the JSON stream carries.
 */
@Timeout(60)
class BinaryStreamTest
{
    @TempDir
    Path dir;
    private GatewayFixture fixture;

    @BeforeEach
    void start()
    {
        fixture = new GatewayFixture(dir, ctx -> ctx.sessionBufferBytes(4 * 1024 * 1024));
        fixture.tick("AAPL", "189.13");
        fixture.tick("BRK.B", "-0.5");
    }

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    @Test
    void shouldCarryTheSameQuotesAsJsonByQueryParameter()
    {
        try (WsClient json = WsClient.connect(fixture.port());
            WsClient binary = WsClient.connect(fixture.port(), "?format=binary", true))
        {
            assertSameStreams(json, binary);
        }
    }

    @Test
    void shouldCarryTheSameQuotesAsJsonBySubprotocol()
    {
        try (WsClient json = WsClient.connect(fixture.port());
            WsClient binary = WsClient.connect(fixture.port(), "", true, "tickgate.bin.v1"))
        {
            assertEquals("tickgate.bin.v1", binary.subprotocol());
            assertSameStreams(json, binary);
        }
    }

    @Test
    void shouldKeepControlMessagesAsJsonText()
    {
        try (WsClient binary = WsClient.connect(fixture.port(), "?format=binary", true))
        {
            binary.awaitType("welcome");
            binary.send("{\"op\":\"ping\",\"id\":5}");
            assertEquals(5L, binary.awaitType("pong").get("id"));
            binary.send("{\"op\":\"subscribe\",\"symbols\":[\"NOPE\"]}");
            assertEquals("UNKNOWN_SYMBOL", binary.awaitType("error").get("code"));
            assertEquals(0, binary.binaryFrames());
        }
    }

    private void assertSameStreams(final WsClient json, final WsClient binary)
    {
        final String subscribe = "{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"BRK.B\"],\"mode\":\"full\"}";
        json.send(subscribe);
        binary.send(subscribe);
        json.await(m -> "snapshot".equals(m.get("type")) && "BRK.B".equals(m.get("symbol")), "json snapshots");
        binary.await(m -> "snapshot".equals(m.get("type")) && "BRK.B".equals(m.get("symbol")), "binary snapshots");
        for (int i = 0; i < 2_000; i++)
        {
            fixture.tick(i % 2 == 0 ? "AAPL" : "BRK.B", (i % 3 == 0 ? "-" : "") + i + "." + (i % 100));
        }
        json.await(m -> Long.valueOf(1_001).equals(m.get("seq")) && "BRK.B".equals(m.get("symbol")), "json end");
        binary.await(m -> Long.valueOf(1_001).equals(m.get("seq")) && "BRK.B".equals(m.get("symbol")), "bin end");

        final List<Map<String, Object>> jsonQuotes = quotes(json);
        final List<Map<String, Object>> binaryQuotes = quotes(binary);
        assertEquals(2_002, jsonQuotes.size());
        assertEquals(jsonQuotes, binaryQuotes);
        assertTrue(binary.binaryFrames() > 0);
        assertTrue(binary.binaryFrames() < binaryQuotes.size(), "records are batched into frames");
        binary.assertFramesWellFormed();
    }

    private static List<Map<String, Object>> quotes(final WsClient client)
    {
        final List<Map<String, Object>> quotes = new java.util.ArrayList<>();
        for (final Map<String, Object> message : client.messages)
        {
            if ("tick".equals(message.get("type")) || "snapshot".equals(message.get("type")))
            {
                quotes.add(message);
            }
        }
        return quotes;
    }
}
