package io.tickgate.gateway.ws;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Frame headers and close payloads as RFC 6455 has them, read back with the strict {@link ServerFrames}; and the
 * handshake's accept key.
 */
class FramesTest
{
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 1 << 20, Integer.MAX_VALUE})
    void headerIsFinalUnmaskedAndTakesTheFewestBytes(final int payloadLength)
    {
        final int expectedLength = ServerFrames.minimalHeaderLength(payloadLength);
        assertEquals(expectedLength, Frames.headerLength(payloadLength));

        final byte[] bytes = new byte[Frames.MAX_HEADER];
        assertEquals(expectedLength, Frames.putHeader(new UnsafeBuffer(bytes), 0, Frames.OP_BINARY, payloadLength));
        // the header alone: lengths up to 2^31 - 1 are checked without their payload
        final ServerFrames.Header header = ServerFrames.parseHeader(bytes, 0);
        assertEquals(Frames.OP_BINARY, header.opcode());
        assertEquals(expectedLength, header.headerLength());
        assertEquals(payloadLength, header.payloadLength());
    }

    @Test
    void closePayloadIsTheCodeThenTheReason()
    {
        final byte[] payload = closePayload(Frames.CLOSE_POLICY_VIOLATION, "too slow");
        assertEquals(Frames.CLOSE_POLICY_VIOLATION, ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF));
        assertEquals("too slow", reason(payload));
        assertEquals(2, closePayload(Frames.CLOSE_NORMAL, "").length);
    }

    @Test
    void closeReasonIsCutAt123BytesWithoutSplittingACharacter()
    {
        // every alignment of 2-, 3- and 4-byte characters against the cut, and plain ASCII
        for (final String character : new String[]{"a", "\u00e9", "\u20ac", "\uD834\uDD1E"})
        {
            for (int ascii = 0; ascii < 4; ascii++)
            {
                final String full = "x".repeat(ascii) + character.repeat(200);
                final byte[] payload = closePayload(Frames.CLOSE_GOING_AWAY, full);
                final String reason = reason(payload);
                assertTrue(payload.length <= Frames.MAX_CONTROL_PAYLOAD, "fits a control frame");
                assertTrue(full.startsWith(reason), "a prefix of the reason");
                final int characterBytes = character.getBytes(StandardCharsets.UTF_8).length;
                assertTrue(payload.length - 2 > 123 - characterBytes, "cut no more than one character short");
            }
        }
    }

    @Test
    void acceptKeyIsTheExampleOfRfc6455()
    {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketUpgrade.acceptKey("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    private static byte[] closePayload(final int code, final String reason)
    {
        final byte[] bytes = new byte[Frames.MAX_CONTROL_PAYLOAD];
        return Arrays.copyOf(bytes, Frames.putClosePayload(new UnsafeBuffer(bytes), 0, code, reason));
    }

    /**
     * The reason decoded strictly: a malformed sequence fails instead of becoming U+FFFD.
     */
    private static String reason(final byte[] payload)
    {
        try
        {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(payload, 2, payload.length - 2))
                .toString();
        }
        catch (final CharacterCodingException ex)
        {
            throw new AssertionError("close reason is not valid UTF-8", ex);
        }
    }
}
