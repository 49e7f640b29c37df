package io.tickgate.gateway.ws;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 6455 §5 from the server's side: every client frame built here is masked with a random key (unless a test
 * means it not to be), and every byte sequence is also fed one byte at a time and at seeded random split points,
 * which must give the same events as feeding it whole.
 */
class ClientFrameReaderTest
{
    private static final int FIN = 0x80;
    private static final int CONTINUATION = 0x0;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;
    private static final int MAX = 1 << 20;
    private static final HexFormat HEX = HexFormat.of();

    private final Random random = new Random(6455);

    // ---------------------------------------------------------------------------------------------------------------
    // messages

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 125, 126, 65535, 65536, 200_000 })
    void shouldReadMaskedTextOfEveryLengthForm(final int bytes)
    {
        final String text = textOfUtf8Length(bytes);
        final byte[] frame = frame(FIN | TEXT, text.getBytes(UTF_8));
        final int extended = bytes <= 125 ? 0 : bytes <= 65535 ? 2 : 8;
        assertEquals(2 + extended + 4 + bytes, frame.length);

        assertEveryWay(200_000, concat(frame, frame), List.of("text:" + text, "text:" + text));
    }

    @Test
    void shouldRejectTextOneByteOverTheLimit()
    {
        final byte[] frame = frame(FIN | TEXT, textOfUtf8Length(200_001).getBytes(UTF_8));

        assertEveryWay(200_000, frame, List.of("error:1009", "ended"));
    }

    @Test
    void shouldDecideTooBigOnTheHeaderAloneWithoutThePayload()
    {
        final byte[] header = Arrays.copyOf(frame(FIN | TEXT, new byte[1001]), 4);
        final Run run = new Run(1000).whole(header);
        assertEquals(List.of("error:1009", "ended"), run.recorder.events);
        assertEquals(0, run.reader.heldBytes());

        // a 64-bit length far past any limit, before its mask has arrived
        final byte[] huge = { (byte)(FIN | BINARY), (byte)(0x80 | 127), 0, 0, 1, 0, 0, 0, 0, 0 };
        assertEveryWay(MAX, huge, List.of("error:1009", "ended"));
    }

    @Test
    void shouldRejectFragmentsThatTogetherGoOverTheLimit()
    {
        final byte[] first = frame(TEXT, textOfUtf8Length(600).getBytes(UTF_8));
        final byte[] secondHeader = Arrays.copyOf(frame(CONTINUATION, new byte[401]), 4);

        assertEveryWay(1000, concat(first, secondHeader), List.of("error:1009", "ended"));
        assertEveryWay(1000, concat(first, frame(FIN | CONTINUATION, new byte[400])),
            List.of("text:" + textOfUtf8Length(600) + new String(new byte[400], UTF_8)));
    }

    @Test
    void shouldReadLengthsInLongerFormsThanNeeded()
    {
        final byte[] bytes = concat(
            frame(FIN | TEXT, "sixteen".getBytes(UTF_8), 126, true),
            frame(FIN | TEXT, "sixty-four".getBytes(UTF_8), 127, true),
            frame(FIN | BINARY, new byte[3], 127, true));

        assertEveryWay(MAX, bytes, List.of("text:sixteen", "text:sixty-four", "binary:3"));
    }

    @Test
    void shouldJoinFragmentedTextWithControlFramesBetweenTheFragments()
    {
        final byte[] bytes = concat(
            frame(TEXT, "Hel".getBytes(UTF_8)),
            frame(FIN | PING, "p1".getBytes(UTF_8)),
            frame(CONTINUATION, "lo, ".getBytes(UTF_8)),
            frame(FIN | PONG, new byte[0]),
            frame(CONTINUATION, new byte[0]),
            frame(FIN | PING, new byte[0]),
            frame(FIN | CONTINUATION, "world".getBytes(UTF_8)),
            frame(FIN | TEXT, "next".getBytes(UTF_8)));

        assertEveryWay(MAX, bytes,
            List.of("ping:" + HEX.formatHex("p1".getBytes(UTF_8)), "pong", "ping:", "text:Hello, world", "text:next"));
    }

    @Test
    void shouldJoinMultiByteCharactersSplitAcrossFragments()
    {
        final String text = "€uro 😀 中";
        final byte[] utf8 = text.getBytes(UTF_8);
        // one fragment per byte: every character is cut at every one of its inner boundaries
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < utf8.length; i++)
        {
            frames.add(frame((i == utf8.length - 1 ? FIN : 0) | (i == 0 ? TEXT : CONTINUATION), new byte[]{ utf8[i] }));
        }
        assertEveryWay(MAX, concat(frames.toArray(new byte[0][])), List.of("text:" + text));

        // and cut in the middle of the 4-byte emoji only
        final int cut = "€uro ".getBytes(UTF_8).length + 2;
        assertEveryWay(MAX,
            concat(frame(TEXT, Arrays.copyOf(utf8, cut)), frame(FIN, Arrays.copyOfRange(utf8, cut, utf8.length))),
            List.of("text:" + text));
    }

    @Test
    void shouldReportBinaryMessagesByLengthOnly()
    {
        final byte[] bytes = concat(
            frame(FIN | BINARY, new byte[0]),
            frame(FIN | BINARY, new byte[300]),
            frame(BINARY, new byte[70_000]),
            frame(FIN | PING, new byte[]{ 1, 2, 3 }),
            frame(FIN | CONTINUATION, new byte[5]));

        assertEveryWay(MAX, bytes, List.of("binary:0", "binary:300", "ping:010203", "binary:70005"));
    }

    @Test
    void shouldUnmaskPingPayloadsUpTo125Bytes()
    {
        final byte[] payload = new byte[125];
        random.nextBytes(payload);

        assertEveryWay(MAX, concat(frame(FIN | PING, payload), frame(FIN | PING, new byte[0])),
            List.of("ping:" + HEX.formatHex(payload), "ping:"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // frame rules, each broken once

    @Test
    void shouldRejectAnUnmaskedFrame()
    {
        assertEveryWay(MAX, frame(FIN | TEXT, "hi".getBytes(UTF_8), 0, false), List.of("error:1002", "ended"));
        assertEveryWay(MAX, frame(FIN | PING, new byte[0], 0, false), List.of("error:1002", "ended"));
    }

    @ParameterizedTest
    @ValueSource(ints = { 0x40, 0x20, 0x10, 0x70 })
    void shouldRejectReservedBits(final int rsv)
    {
        assertEveryWay(MAX, frame(FIN | rsv | TEXT, "hi".getBytes(UTF_8)), List.of("error:1002", "ended"));
        assertEveryWay(MAX, frame(FIN | rsv | PING, new byte[0]), List.of("error:1002", "ended"));
    }

    @ParameterizedTest
    @ValueSource(ints = { 3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF })
    void shouldRejectUnknownOpcodes(final int opcode)
    {
        assertEveryWay(MAX, frame(FIN | opcode, new byte[0]), List.of("error:1002", "ended"));
        // also between fragments of a message
        assertEveryWay(MAX, concat(frame(TEXT, "a".getBytes(UTF_8)), frame(FIN | opcode, new byte[0])),
            List.of("error:1002", "ended"));
    }

    @ParameterizedTest
    @ValueSource(ints = { CLOSE, PING, PONG })
    void shouldRejectControlFramesOver125BytesOrFragmented(final int opcode)
    {
        final byte[] body = new byte[126];
        body[0] = 0x03;
        body[1] = (byte)0xE8;
        assertEveryWay(MAX, frame(FIN | opcode, body), List.of("error:1002", "ended"));
        assertEveryWay(MAX, frame(FIN | opcode, new byte[4], 127, true), List.of("error:1002", "ended"));
        assertEveryWay(MAX, frame(opcode, new byte[0]), List.of("error:1002", "ended"));
    }

    @Test
    void shouldRejectANewMessageBeforeTheFragmentedOneEnded()
    {
        final byte[] first = frame(TEXT, "a".getBytes(UTF_8));
        assertEveryWay(MAX, concat(first, frame(FIN | TEXT, "b".getBytes(UTF_8))), List.of("error:1002", "ended"));
        assertEveryWay(MAX, concat(first, frame(FIN | BINARY, new byte[1])), List.of("error:1002", "ended"));
        assertEveryWay(MAX, concat(frame(BINARY, new byte[1]), frame(TEXT, new byte[1])),
            List.of("error:1002", "ended"));
    }

    @Test
    void shouldRejectAContinuationWithNoMessageStarted()
    {
        assertEveryWay(MAX, frame(FIN | CONTINUATION, "a".getBytes(UTF_8)), List.of("error:1002", "ended"));
        // the previous message ended, so nothing is open any more
        assertEveryWay(MAX, concat(frame(FIN | TEXT, "a".getBytes(UTF_8)), frame(CONTINUATION, new byte[1])),
            List.of("text:a", "error:1002", "ended"));
    }

    @Test
    void shouldRejectA64BitLengthWithTheTopBitSet()
    {
        final byte[] bytes = { (byte)(FIN | BINARY), (byte)(0x80 | 127), (byte)0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4 };

        assertEveryWay(MAX, bytes, List.of("error:1002", "ended"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // UTF-8

    @ParameterizedTest
    @ValueSource(strings = {
        "c080", "c1bf", "e08080", "e09fbf", "f0808080", "f08fbfbf", // overlong
        "eda080", "edbfbf", // surrogates
        "f4908080", "f5808080", "ff", "fe", // past U+10FFFF, never-used bytes
        "80", "bf", "c241", "e228", "f09f4180", // stray continuation, bad continuation
        "e282", "f09f98", "c2" // cut short at the message's end
    })
    void shouldRejectInvalidUtf8(final String hex)
    {
        final byte[] bad = concat("ok".getBytes(UTF_8), HEX.parseHex(hex));

        // whole, decoded straight from the read
        assertEveryWay(MAX, frame(FIN | TEXT, bad), List.of("error:1007", "ended"));
        // one fragment per byte, validated as they arrive
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < bad.length; i++)
        {
            frames.add(frame((i == bad.length - 1 ? FIN : 0) | (i == 0 ? TEXT : CONTINUATION), new byte[]{ bad[i] }));
        }
        assertEveryWay(MAX, concat(frames.toArray(new byte[0][])), List.of("error:1007", "ended"));
    }

    @Test
    void shouldRejectInvalidUtf8InOneFragmentBeforeTheMessageEnds()
    {
        final byte[] bytes = concat(
            frame(TEXT, "fine".getBytes(UTF_8)),
            frame(CONTINUATION, HEX.parseHex("41eda080")));

        final Run run = new Run(MAX).whole(bytes);
        assertEquals(List.of("error:1007", "ended"), run.recorder.events);
        assertEquals(0, run.reader.heldBytes());
        run.whole(frame(FIN | CONTINUATION, "end".getBytes(UTF_8)));
        assertEquals(List.of("error:1007", "ended"), run.recorder.events);
    }

    @Test
    void shouldAcceptUtf8BoundaryCharacters()
    {
        // U+0000, U+007F, U+0080, U+07FF, U+0800, U+D7FF, U+E000, U+FFFD, U+FFFF, U+10000, U+10FFFF
        final byte[] utf8 = HEX.parseHex("007fc280dfbfe0a080ed9fbfee8080efbfbdefbfbff0908080f48fbfbf");
        final String text = new String(utf8, UTF_8);

        assertEveryWay(MAX, frame(FIN | TEXT, utf8), List.of("text:" + text));
        assertEveryWay(MAX, concat(frame(TEXT, Arrays.copyOf(utf8, 7)),
            frame(FIN, Arrays.copyOfRange(utf8, 7, utf8.length))), List.of("text:" + text));
    }

    @Test
    void shouldAgreeWithTheJdkDecoderOnRandomBytesWholeOrFragmented()
    {
        final int[] pool = {
            0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED,
            0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF };
        for (int i = 0; i < 3000; i++)
        {
            final byte[] bytes = new byte[random.nextInt(10)];
            for (int j = 0; j < bytes.length; j++)
            {
                bytes[j] = (byte)pool[random.nextInt(pool.length)];
            }
            final List<String> expected = jdkDecodes(bytes);

            final Run whole = new Run(MAX).whole(frame(FIN | TEXT, bytes));
            assertEquals(expected, whole.recorder.events, HEX.formatHex(bytes));

            final int cut = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            final Run fragmented = new Run(MAX).byteByByte(concat(
                frame(TEXT, Arrays.copyOf(bytes, cut)),
                frame(FIN | CONTINUATION, Arrays.copyOfRange(bytes, cut, bytes.length))));
            assertEquals(expected, fragmented.recorder.events, HEX.formatHex(bytes) + " cut at " + cut);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // close frames

    @Test
    void shouldReadCloseWithoutBodyAs1005()
    {
        assertEveryWay(MAX, frame(FIN | CLOSE, new byte[0]), List.of("close:1005:", "ended"));
    }

    @Test
    void shouldRejectACloseBodyOfOneByte()
    {
        assertEveryWay(MAX, frame(FIN | CLOSE, new byte[]{ 3 }), List.of("error:1002", "ended"));
    }

    @ParameterizedTest
    @ValueSource(ints = { 1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000,
        4999 })
    void shouldAcceptCloseCodesAllowedOnTheWire(final int code)
    {
        assertEveryWay(MAX, close(code, "bye ✓"), List.of("close:" + code + ":bye ✓", "ended"));
        assertEveryWay(MAX, close(code, ""), List.of("close:" + code + ":", "ended"));
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535 })
    void shouldRejectCloseCodesNotAllowedOnTheWire(final int code)
    {
        assertEveryWay(MAX, close(code, "bye"), List.of("error:1002", "ended"));
    }

    @Test
    void shouldRejectACloseReasonThatIsNotUtf8()
    {
        final byte[] body = concat(new byte[]{ 0x03, (byte)0xE8 }, HEX.parseHex("41c0af"));

        assertEveryWay(MAX, frame(FIN | CLOSE, body), List.of("error:1007", "ended"));
    }

    @Test
    void shouldAcceptCloseBetweenFragmentsAndIgnoreEverythingAfterIt()
    {
        final byte[] bytes = concat(
            frame(TEXT, "half".getBytes(UTF_8)),
            close(1001, "going away"),
            frame(FIN | CONTINUATION, "rest".getBytes(UTF_8)));

        assertEveryWay(MAX, bytes, List.of("close:1001:going away", "ended"));
    }

    @Test
    void shouldReturnFalseAndIgnoreBytesOnceClosedOrFailed()
    {
        final Run closed = new Run(MAX).whole(concat(close(1000, ""), frame(FIN | TEXT, "x".getBytes(UTF_8))));
        assertEquals(List.of("close:1000:", "ended"), closed.recorder.events);
        assertFalse(closed.open);

        // Run.feed asserts each later call also returns false and consumes its bytes
        closed.whole(frame(FIN | TEXT, "ignored".getBytes(UTF_8))).byteByByte(frame(FIN | PING, new byte[1]));
        closed.whole(new byte[]{ (byte)0xFF, 0x00 });
        assertEquals(List.of("close:1000:", "ended"), closed.recorder.events);
        assertEquals(0, closed.reader.heldBytes());

        final Run failed = new Run(MAX).whole(frame(FIN | TEXT, "x".getBytes(UTF_8), 0, false));
        failed.whole(frame(FIN | TEXT, "ignored".getBytes(UTF_8)));
        assertEquals(List.of("error:1002", "ended"), failed.recorder.events);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // held bytes and memory

    @Test
    void shouldHoldNothingOnceAPartialFrameCompletes()
    {
        final Run run = new Run(MAX);
        assertEquals(0, run.reader.heldBytes());

        final byte[] text = frame(FIN | TEXT, "hello world".getBytes(UTF_8));
        run.feed(text, 0, 3, false);
        assertEquals(3, run.reader.heldBytes(), "a partial header");
        run.feed(text, 3, 10, false);
        assertEquals(4, run.reader.heldBytes(), "header done, 4 payload bytes");
        run.feed(text, 10, text.length, false);
        assertEquals(List.of("text:hello world"), run.recorder.events);
        assertEquals(0, run.reader.heldBytes());

        final byte[] ping = frame(FIN | PING, "abc".getBytes(UTF_8));
        run.feed(ping, 0, ping.length - 1, true);
        assertEquals(2, run.reader.heldBytes());
        run.feed(ping, ping.length - 1, ping.length, true);
        assertEquals(0, run.reader.heldBytes());

        run.whole(frame(TEXT, "frag".getBytes(UTF_8)));
        assertEquals(4, run.reader.heldBytes(), "a fragmented message");
        run.whole(frame(FIN | CONTINUATION, "ment".getBytes(UTF_8)));
        assertEquals(0, run.reader.heldBytes());

        final byte[] binary = frame(FIN | BINARY, new byte[1000]);
        run.feed(binary, 0, 500, false);
        assertEquals(0, run.reader.heldBytes(), "binary payload is counted, never held");
        run.feed(binary, 500, binary.length, false);
        assertEquals(List.of("text:hello world", "ping:616263", "text:fragment", "binary:1000"), run.recorder.events);
        assertEquals(0, run.reader.heldBytes());
    }

    @Test
    void shouldGrowTheHeldBufferWithArrivedBytesNotTheDeclaredLength()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final byte[] frame = frame(FIN | TEXT, textOfUtf8Length(4 << 20).getBytes(UTF_8));
        final ClientFrameReader reader = new ClientFrameReader(4 << 20);
        final Recorder recorder = new Recorder();
        final ByteBuffer src = ByteBuffer.wrap(frame, 0, 14 + 1000);

        final long before = threads.getCurrentThreadAllocatedBytes();
        assertTrue(reader.onBytes(src, recorder));
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertEquals(1000, reader.heldBytes());
        assertTrue(allocated < 64 * 1024, allocated + " bytes allocated for a 4 MiB header and 1000 bytes");
        assertTrue(recorder.events.isEmpty());
    }

    @Test
    void shouldNotAllocateForWholeBinaryAndControlFramesInOneRead()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 1000; i++)
        {
            frames.add(frame(FIN | BINARY, new byte[i % 300]));
            frames.add(frame(FIN | PING, new byte[i % 126]));
            frames.add(frame(FIN | PONG, new byte[i % 10]));
        }
        final byte[] bytes = concat(frames.toArray(new byte[0][]));
        final ByteBuffer heap = ByteBuffer.wrap(bytes);
        final ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        final ClientFrameReader reader = new ClientFrameReader(MAX);
        final CountingHandler handler = new CountingHandler();

        for (int round = 0; round < 20; round++)
        {
            assertTrue(reader.onBytes(heap.clear(), handler));
            assertTrue(reader.onBytes(direct.clear(), handler));
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int round = 0; round < 20; round++)
        {
            reader.onBytes(heap.clear(), handler);
            reader.onBytes(direct.clear(), handler);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertEquals(40 * 3000 * 2, handler.count);
        assertEquals(0, reader.heldBytes());
        assertTrue(allocated < 1024, allocated + " bytes allocated over 120,000 frames");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // split points

    @Test
    void shouldParseRandomSequencesIdenticallyAtAnySplit()
    {
        for (int sequence = 0; sequence < 40; sequence++)
        {
            final Sequence generated = randomSequence(sequence % 4 == 3);
            assertEveryWay(MAX, generated.bytes.toByteArray(), generated.expected);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // helpers

    /**
     * Feeds the bytes whole, one byte at a time, and at seeded random split points into fresh readers, each of
     * which must give the expected events ("ended" marks the first call that returned false).
     */
    private void assertEveryWay(final int maxMessageBytes, final byte[] bytes, final List<String> expected)
    {
        assertEquals(expected, new Run(maxMessageBytes).whole(bytes).recorder.events, "whole");
        assertEquals(expected, new Run(maxMessageBytes).byteByByte(bytes).recorder.events, "byte by byte");
        for (int i = 0; i < 8; i++)
        {
            final long seed = random.nextLong();
            final Run run = new Run(maxMessageBytes).randomSplits(bytes, new Random(seed));
            assertEquals(expected, run.recorder.events, "random splits, seed " + seed);
            if (run.open)
            {
                assertEquals(0, run.reader.heldBytes(), "seed " + seed);
            }
        }
    }

    private static final class Run
    {
        final ClientFrameReader reader;
        final Recorder recorder = new Recorder();
        boolean open = true;
        // reused between reads, as a connection's read buffer is: the reader must keep nothing of it
        private ByteBuffer heap = ByteBuffer.allocate(64);
        private ByteBuffer direct = ByteBuffer.allocateDirect(64);

        Run(final int maxMessageBytes)
        {
            reader = new ClientFrameReader(maxMessageBytes);
        }

        Run whole(final byte[] bytes)
        {
            return feed(bytes, 0, bytes.length, false);
        }

        Run byteByByte(final byte[] bytes)
        {
            for (int i = 0; i < bytes.length; i++)
            {
                feed(bytes, i, i + 1, 0 == (i & 1));
            }
            return this;
        }

        Run randomSplits(final byte[] bytes, final Random random)
        {
            int from = 0;
            while (from < bytes.length)
            {
                final int most = random.nextInt(4) == 0 ? bytes.length - from : Math.min(20, bytes.length - from);
                final int to = from + 1 + random.nextInt(most);
                feed(bytes, from, to, random.nextBoolean());
                from = to;
            }
            return this;
        }

        /**
         * One read: bytes [from, to) in a heap buffer at an offset, or a direct one; all must be consumed and
         * left as they were.
         */
        Run feed(final byte[] bytes, final int from, final int to, final boolean direct)
        {
            final int length = to - from;
            final ByteBuffer src = buffer(direct, length + 10);
            final int start = direct ? 0 : 3;
            src.clear().position(start);
            src.put(bytes, from, length).limit(start + length).position(start);

            final boolean result = reader.onBytes(src, recorder);

            assertEquals(src.limit(), src.position(), "consumes everything");
            final byte[] after = new byte[length];
            src.get(start, after);
            assertArrayEquals(Arrays.copyOfRange(bytes, from, to), after, "leaves src unchanged");
            if (!open)
            {
                assertFalse(result, "stays ended");
            }
            else if (!result)
            {
                open = false;
                recorder.events.add("ended");
            }
            return this;
        }

        private ByteBuffer buffer(final boolean isDirect, final int capacity)
        {
            if (isDirect && direct.capacity() < capacity)
            {
                direct = ByteBuffer.allocateDirect(capacity);
            }
            else if (!isDirect && heap.capacity() < capacity)
            {
                heap = ByteBuffer.allocate(capacity);
            }
            return isDirect ? direct : heap;
        }
    }

    private static final class Recorder implements ClientFrameReader.Handler
    {
        final List<String> events = new ArrayList<>();

        public void onText(final String text)
        {
            events.add("text:" + text);
        }

        public void onBinary(final int length)
        {
            events.add("binary:" + length);
        }

        public void onPing(final DirectBuffer payload, final int offset, final int length)
        {
            final byte[] bytes = new byte[length];
            payload.getBytes(offset, bytes);
            events.add("ping:" + HEX.formatHex(bytes));
        }

        public void onPong()
        {
            events.add("pong");
        }

        public void onClose(final int code, final String reason)
        {
            events.add("close:" + code + ":" + reason);
        }

        public void onProtocolError(final int closeCode, final String reason)
        {
            assertFalse(reason.isEmpty());
            events.add("error:" + closeCode);
        }
    }

    private static final class CountingHandler implements ClientFrameReader.Handler
    {
        long count;

        public void onText(final String text)
        {
            count++;
        }

        public void onBinary(final int length)
        {
            count++;
        }

        public void onPing(final DirectBuffer payload, final int offset, final int length)
        {
            count++;
        }

        public void onPong()
        {
            count++;
        }

        public void onClose(final int code, final String reason)
        {
            throw new AssertionError("close");
        }

        public void onProtocolError(final int closeCode, final String reason)
        {
            throw new AssertionError(closeCode + " " + reason);
        }
    }

    private static final class Sequence
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<String> expected = new ArrayList<>();

        void add(final byte[] frame)
        {
            bytes.writeBytes(frame);
        }
    }

    /**
     * Frames of every kind, with their expected events: whole and fragmented text (characters cut anywhere) and
     * binary, control frames between fragments, lengths in longer forms than needed; ends with a close, or a
     * protocol error, followed by frames that must be ignored.
     */
    private Sequence randomSequence(final boolean endInError)
    {
        final Sequence sequence = new Sequence();
        final int frames = 10 + random.nextInt(40);
        for (int i = 0; i < frames; i++)
        {
            switch (random.nextInt(6))
            {
                case 0:
                {
                    final String text = randomText(random.nextInt(25) == 0 ? 70_000 : 200);
                    sequence.add(frame(FIN | TEXT, text.getBytes(UTF_8), randomLengthForm(text), true));
                    sequence.expected.add("text:" + text);
                    break;
                }

                case 1:
                {
                    final String text = randomText(300);
                    final byte[] utf8 = text.getBytes(UTF_8);
                    final int fragments = 1 + random.nextInt(5);
                    int from = 0;
                    for (int f = 0; f < fragments; f++)
                    {
                        final boolean last = f == fragments - 1;
                        final int to = last ? utf8.length : from + random.nextInt(utf8.length - from + 1);
                        sequence.add(frame((last ? FIN : 0) | (0 == f ? TEXT : CONTINUATION),
                            Arrays.copyOfRange(utf8, from, to)));
                        from = to;
                        if (!last && random.nextBoolean())
                        {
                            addControl(sequence);
                        }
                    }
                    sequence.expected.add("text:" + text);
                    break;
                }

                case 2:
                {
                    final int length = random.nextInt(25) == 0 ? 66_000 : random.nextInt(400);
                    final int first = random.nextInt(length + 1);
                    sequence.add(frame(BINARY, new byte[first]));
                    addControl(sequence);
                    sequence.add(frame(FIN | CONTINUATION, new byte[length - first]));
                    sequence.expected.add("binary:" + length);
                    break;
                }

                case 3:
                {
                    final int length = random.nextInt(500);
                    sequence.add(frame(FIN | BINARY, new byte[length], random.nextBoolean() ? 0 : 127, true));
                    sequence.expected.add("binary:" + length);
                    break;
                }

                default:
                    addControl(sequence);
                    break;
            }
        }

        if (endInError)
        {
            sequence.add(frame(FIN | TEXT, "unmasked".getBytes(UTF_8), 0, false));
            sequence.expected.add("error:1002");
        }
        else
        {
            sequence.add(close(1000, "bye ✓"));
            sequence.expected.add("close:1000:bye ✓");
        }
        sequence.expected.add("ended");
        sequence.add(frame(FIN | TEXT, "after the end".getBytes(UTF_8)));
        sequence.add(frame(FIN | CLOSE, new byte[0]));

        return sequence;
    }

    private void addControl(final Sequence sequence)
    {
        final byte[] payload = new byte[random.nextInt(126)];
        random.nextBytes(payload);
        if (random.nextBoolean())
        {
            sequence.add(frame(FIN | PING, payload));
            sequence.expected.add("ping:" + HEX.formatHex(payload));
        }
        else
        {
            sequence.add(frame(FIN | PONG, payload));
            sequence.expected.add("pong");
        }
    }

    private int randomLengthForm(final String text)
    {
        final int length = text.getBytes(UTF_8).length;
        final int choice = random.nextInt(3);
        return 0 == choice ? 0 : 1 == choice && length <= 65535 ? 126 : 127;
    }

    private String randomText(final int maxChars)
    {
        final String[] pool = { "a", "Z", " ", "{", "\"", "é", "ß", "€", "中", "😀", "𝄞", "\u0000" };
        final int chars = random.nextInt(maxChars + 1);
        final StringBuilder text = new StringBuilder(chars * 2);
        for (int i = 0; i < chars; i++)
        {
            text.append(pool[random.nextInt(pool.length)]);
        }
        return text.toString();
    }

    /**
     * A string of exactly that many UTF-8 bytes, with characters of 1 to 4 bytes.
     */
    private static String textOfUtf8Length(final int bytes)
    {
        final String[] cycle = { "a", "é", "€", "😀", "b", "c" };
        final StringBuilder text = new StringBuilder(bytes);
        int length = 0;
        for (int i = 0; length < bytes; i++)
        {
            String next = cycle[i % cycle.length];
            int nextLength = next.getBytes(UTF_8).length;
            if (length + nextLength > bytes)
            {
                next = "x";
                nextLength = 1;
            }
            text.append(next);
            length += nextLength;
        }
        return text.toString();
    }

    private static List<String> jdkDecodes(final byte[] bytes)
    {
        try
        {
            final String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
            return List.of("text:" + text);
        }
        catch (final CharacterCodingException ex)
        {
            return List.of("error:1007", "ended");
        }
    }

    private byte[] close(final int code, final String reason)
    {
        return frame(FIN | CLOSE, concat(new byte[]{ (byte)(code >>> 8), (byte)code }, reason.getBytes(UTF_8)));
    }

    private byte[] frame(final int firstByte, final byte[] payload)
    {
        return frame(firstByte, payload, 0, true);
    }

    /**
     * A client frame: lengthForm 0 for the shortest length encoding, or 126/127 to force 16 or 64 bits; masked with
     * a random key unless told not to.
     */
    private byte[] frame(final int firstByte, final byte[] payload, final int lengthForm, final boolean masked)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 14);
        final int maskBit = masked ? 0x80 : 0;
        final int length = payload.length;
        final int form = 0 != lengthForm ? lengthForm : length <= 125 ? 0 : length <= 65535 ? 126 : 127;
        out.write(firstByte);
        if (0 == form)
        {
            out.write(maskBit | length);
        }
        else if (126 == form)
        {
            out.write(maskBit | 126);
            out.write(length >>> 8);
            out.write(length);
        }
        else
        {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8)
            {
                out.write((int)((long)length >>> shift));
            }
        }
        if (!masked)
        {
            out.writeBytes(payload);
            return out.toByteArray();
        }
        final byte[] key = new byte[4];
        random.nextBytes(key);
        out.writeBytes(key);
        for (int i = 0; i < length; i++)
        {
            out.write(payload[i] ^ key[i & 3]);
        }
        return out.toByteArray();
    }

    private static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
