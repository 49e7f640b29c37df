package io.tickgate.perf.ws;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WsFrameParserTest
{
    private final List<String> seen = new ArrayList<>();
    private final WsFrameParser parser = WsFrameParser.forClient(1 << 20);
    private final WsFrameParser.Listener listener = new WsFrameParser.Listener()
    {
        @Override
        public void onText(final byte[] b, final int offset, final int length)
        {
            seen.add("text " + new String(b, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void onBinary(final byte[] b, final int offset, final int length)
        {
            seen.add("binary " + length);
        }

        @Override
        public void onPing(final byte[] b, final int offset, final int length)
        {
            seen.add("ping " + new String(b, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void onPong(final byte[] b, final int offset, final int length)
        {
            seen.add("pong " + length);
        }

        @Override
        public void onClose(final int code, final byte[] b, final int offset, final int length)
        {
            seen.add("close " + code + " " + new String(b, offset, length, StandardCharsets.UTF_8));
        }
    };

    private static WsFrameParser client(final int maxMessageBytes)
    {
        return WsFrameParser.forClient(maxMessageBytes);
    }

    /** An unmasked server frame. */
    static byte[] frame(final boolean fin, final int opcode, final byte[] payload)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126)
        {
            out.write(payload.length);
        }
        else if (payload.length < 65_536)
        {
            out.write(126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xFF);
        }
        else
        {
            out.write(127);
            for (int k = 7; k >= 0; k--)
            {
                out.write((int)(((long)payload.length >>> (8 * k)) & 0xFF));
            }
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static byte[] text(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] p : parts)
        {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Feeds the stream in chunks of {@code chunk} bytes the way WsInbound does (keep the tail, compact). */
    private void feed(final byte[] stream, final int chunk)
    {
        byte[] buffer = new byte[16];
        int filled = 0;
        for (int at = 0; at < stream.length; at += chunk)
        {
            final int n = Math.min(chunk, stream.length - at);
            if (filled + n > buffer.length)
            {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, filled + n));
            }
            System.arraycopy(stream, at, buffer, filled, n);
            filled += n;
            final int consumed = parser.parse(buffer, 0, filled, listener);
            assertTrue(consumed >= 0, () -> "error: " + parser.error());
            System.arraycopy(buffer, consumed, buffer, 0, filled - consumed);
            filled -= consumed;
            if (filled > 0)
            {
                assertTrue(parser.needed() > filled, "needed must exceed what is buffered");
            }
        }
        assertEquals(0, filled, "all bytes consumed");
    }

    @Test
    void shouldParseSeveralFramesInOneRead()
    {
        feed(concat(frame(true, 1, text("[1]")), frame(true, 1, text("[2]")), frame(true, 2, new byte[5])), 1000);
        assertEquals(List.of("text [1]", "text [2]", "binary 5"), seen);
    }

    @Test
    void shouldParseFramesSplitAtEveryByteBoundary()
    {
        final String big = "[" + "x".repeat(300) + "]";
        final byte[] stream = concat(frame(true, 1, text("[{\"type\":\"tick\"}]")), frame(true, 1, text(big)),
            frame(true, 9, text("hi")), frame(true, 1, text("[]")));
        for (int chunk = 1; chunk <= 7; chunk++)
        {
            seen.clear();
            feed(stream, chunk);
            assertEquals(List.of("text [{\"type\":\"tick\"}]", "text " + big, "ping hi", "text []"), seen,
                "chunk " + chunk);
        }
    }

    @Test
    void shouldParse16BitLength()
    {
        final String payload = "[" + "a".repeat(40_000) + "]";
        final byte[] f = frame(true, 1, text(payload));
        assertEquals(126, f[1]);
        feed(f, 4096);
        assertEquals(List.of("text " + payload), seen);
    }

    @Test
    void shouldParse64BitLength()
    {
        final String payload = "[" + "b".repeat(70_000) + "]";
        final byte[] f = frame(true, 1, text(payload));
        assertEquals(127, f[1]);
        feed(f, 10_000);
        assertEquals(List.of("text " + payload), seen);
    }

    @Test
    void shouldParse16BitLengthSplitInsideTheExtendedHeader()
    {
        final byte[] f = frame(true, 1, text("x".repeat(200)));
        final int consumed = parser.parse(f, 0, 3, listener);
        assertEquals(0, consumed);
        assertEquals(4, parser.needed());
        assertEquals(0, parser.parse(f, 0, 4, listener));
        assertEquals(204, parser.needed());
        assertEquals(204, parser.parse(f, 0, 204, listener));
        assertEquals(1, seen.size());
    }

    @Test
    void shouldJoinContinuationFramesWithInterleavedControlFrames()
    {
        feed(concat(frame(false, 1, text("[{\"a\":")), frame(true, 9, text("p")),
            frame(false, 0, text("1},")), frame(true, 0, text("{}]")), frame(true, 1, text("[]"))), 3);
        assertEquals(List.of("ping p", "text [{\"a\":1},{}]", "text []"), seen);
    }

    @Test
    void shouldParseCloseCodeAndReason()
    {
        feed(concat(frame(true, 1, text("[]")),
            frame(true, 8, concat(new byte[]{ 0x03, (byte)0xF0 }, text("slow consumer: 262100 bytes queued")))), 5);
        assertEquals(List.of("text []", "close 1008 slow consumer: 262100 bytes queued"), seen);
    }

    @Test
    void shouldReportNoStatusForEmptyClose()
    {
        feed(frame(true, 8, new byte[0]), 1);
        assertEquals(List.of("close 1005 "), seen);
    }

    @Test
    void shouldRefuseProtocolViolations()
    {
        final byte[] masked = frame(true, 1, text("x"));
        masked[1] |= (byte)0x80;
        assertEquals(WsFrameParser.ERROR, client(100).parse(concat(masked, new byte[4]), 0, 7, listener));
        assertEquals(WsFrameParser.ERROR, client(100).parse(frame(true, 0, text("x")), 0, 3, listener));
        assertEquals(WsFrameParser.ERROR, client(100).parse(frame(false, 9, text("x")), 0, 3, listener));
        assertEquals(WsFrameParser.ERROR, client(100).parse(frame(true, 3, text("x")), 0, 3, listener));
        assertEquals(WsFrameParser.ERROR, client(100).parse(frame(true, 1, new byte[200]), 0, 204, listener));
        final WsFrameParser p = WsFrameParser.forClient(100);
        final byte[] twoStarts = concat(frame(false, 1, text("a")), frame(true, 1, text("b")));
        assertEquals(WsFrameParser.ERROR, p.parse(twoStarts, 0, twoStarts.length, listener));
    }

    @Test
    void shouldWriteMaskedClientFramesThatUnmaskToThePayload()
    {
        for (final int length : new int[]{ 0, 5, 125, 126, 65_535, 65_536 })
        {
            final byte[] payload = new byte[length];
            for (int i = 0; i < length; i++)
            {
                payload[i] = (byte)i;
            }
            final byte[] dst = new byte[length + 14];
            final int n = WsFrameWriter.writeClientFrame(dst, 0, 1, payload, 0, length, 0x12345678);
            assertEquals((byte)0x81, dst[0]);
            assertTrue((dst[1] & 0x80) != 0, "masked");
            final int len7 = dst[1] & 0x7F;
            final int header = len7 < 126 ? 2 : len7 == 126 ? 4 : 10;
            assertEquals(header + 4 + length, n);
            final byte[] unmasked = new byte[length];
            for (int i = 0; i < length; i++)
            {
                unmasked[i] = (byte)(dst[header + 4 + i] ^ dst[header + (i & 3)]);
            }
            assertArrayEquals(payload, unmasked, "length " + length);
        }
    }

    @Test
    void shouldUnmaskClientFramesOnTheServerSide()
    {
        final WsFrameParser server = WsFrameParser.forServer(1 << 20);
        for (final int length : new int[]{ 0, 5, 125, 126, 65_535, 65_536 })
        {
            final byte[] payload = new byte[length];
            Arrays.fill(payload, (byte)'x');
            final byte[] frame = new byte[length + WsFrameWriter.MAX_HEADER];
            final int n = WsFrameWriter.writeClientFrame(frame, 0, 1, payload, 0, length, 0x0BADF00D);
            assertEquals(WsFrameWriter.headerLength(length, true) + length, n);
            seen.clear();
            assertEquals(n, server.parse(frame, 0, n, listener), "length " + length);
            assertEquals(List.of("text " + "x".repeat(length)), seen);
        }
        final byte[] ping = new byte[20];
        final byte[] close = new byte[20];
        final int p = WsFrameWriter.writeClientFrame(ping, 0, 9, text("hi"), 0, 2, 0x01020304);
        final int c = WsFrameWriter.writeClientFrame(close, 0, 8, new byte[]{ 0x03, (byte)0xE8 }, 0, 2, -1);
        seen.clear();
        final byte[] both = concat(Arrays.copyOf(ping, p), Arrays.copyOf(close, c));
        assertEquals(both.length, server.parse(both, 0, both.length, listener));
        assertEquals(List.of("ping hi", "close 1000 "), seen);
    }

    @Test
    void shouldRefuseUnmaskedFramesOnTheServerSide()
    {
        final WsFrameParser server = WsFrameParser.forServer(100);
        assertEquals(WsFrameParser.ERROR, server.parse(frame(true, 1, text("x")), 0, 3, listener));
        assertEquals("client frame is not masked", server.error());
    }

    @Test
    void shouldWriteServerFramesTheClientSideParses()
    {
        for (final int length : new int[]{ 0, 125, 126, 65_535, 65_536 })
        {
            final byte[] payload = new byte[length];
            Arrays.fill(payload, (byte)'y');
            final byte[] frame = new byte[length + WsFrameWriter.MAX_HEADER];
            final int n = WsFrameWriter.writeServerFrame(frame, 0, 2, payload, 0, length);
            assertEquals(WsFrameWriter.headerLength(length, false) + length, n);
            assertArrayEquals(frame(true, 2, payload), Arrays.copyOf(frame, n), "length " + length);
            final byte[] header = new byte[WsFrameWriter.MAX_HEADER];
            assertEquals(WsFrameWriter.headerLength(length, false), WsFrameWriter.writeHeader(header, 0, 2, length));
            assertArrayEquals(Arrays.copyOf(frame, WsFrameWriter.headerLength(length, false)),
                Arrays.copyOf(header, WsFrameWriter.headerLength(length, false)));
        }
    }
}
