package io.tickgate.perf.ws;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WsHandshakeTest
{
    @Test
    void shouldComputeTheRfc6455ExampleAcceptKey()
    {
        // RFC 6455 section 1.3
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WsHandshake.acceptKey("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void shouldMakeSixteenByteKeys()
    {
        assertEquals(16, Base64.getDecoder().decode(WsHandshake.newKey()).length);
    }

    @Test
    void shouldAcceptAValid101AndRefuseWrongAnswers()
    {
        final String key = "dGhlIHNhbXBsZSBub25jZQ==";
        assertNull(WsHandshake.checkResponse("HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\n" +
            "Connection: Upgrade\r\nSEC-WEBSOCKET-ACCEPT:  s3pPLMBiTxaQ9kYGzzhZRbK+xOo= \r\n\r\n", key));
        assertTrue(WsHandshake.checkResponse("HTTP/1.1 404 Not Found\r\n\r\n", key).contains("101"));
        assertTrue(WsHandshake.checkResponse("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n" +
            "Sec-WebSocket-Accept: AAAA\r\n\r\n", key).contains("wrong"));
        assertTrue(WsHandshake.checkResponse("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", key)
            .contains("no Sec-WebSocket-Accept"));
    }

    @Test
    void shouldFindTheEndOfTheHead()
    {
        final byte[] b = "HTTP/1.1 101 X\r\nA: b\r\n\r\n\u0081\u0002[]".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(24, WsHandshake.headEnd(b, b.length));
        assertEquals(-1, WsHandshake.headEnd(b, 23));
    }

    @Test
    void shouldWriteAnUpgradeRequest()
    {
        final String r = new String(WsHandshake.request("127.0.0.1:8080", "/stream", "k=="), StandardCharsets.US_ASCII);
        assertTrue(r.startsWith("GET /stream HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"));
        assertTrue(r.contains("\r\nSec-WebSocket-Key: k==\r\n"));
        assertTrue(r.contains("\r\nSec-WebSocket-Version: 13\r\n"));
        assertTrue(r.endsWith("\r\n\r\n"));
    }
}
