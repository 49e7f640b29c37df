package io.tickgate.gateway.ws;

import io.tickgate.gateway.ws.ServerFrames.Frame;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SendBuffer} against a fake socket that takes a random number of bytes per write (0 = would block) and a
 * hand-set clock; everything the socket took is parsed back strictly ({@link ServerFrames}) and compared with what
 * was appended, what {@link OutboundMetrics} heard, and a model of the queue limit.
 */
class SendBufferTest
{
    private static final int NO_LIMIT = Integer.MAX_VALUE;

    @ParameterizedTest
    @CsvSource({
        "1, 300, 7, 3000",
        "2, 300, 200, 1500",
        "3, 4096, 64, 20000",
        "4, 4096, 1500, 6000",
        "5, 262144, 5000, 200000",
        "6, 1000, 1, 2500",
        "7, 65536, 700, 100000"})
    void everyMessageArrivesOnceInOrderAcrossRandomInterleavings(
        final long seed, final int maxFramePayload, final int maxChunk, final int limit) throws IOException
    {
        final Harness h = new Harness(seed, maxFramePayload, maxChunk);
        final Random random = h.random;
        for (int phase = 0; phase < 20; phase++)
        {
            // phases of rare flushes fill the queue to the limit, phases of frequent ones and of drains empty it
            final boolean filling = random.nextBoolean();
            final int flushPercent = filling ? 3 : 20;
            for (int step = 0; step < 400; step++)
            {
                final int action = random.nextInt(100);
                if (action < flushPercent)
                {
                    if (!filling && random.nextInt(4) == 0)
                    {
                        h.drain();
                    }
                    else
                    {
                        h.flush();
                    }
                }
                else if (action < flushPercent + 3)
                {
                    h.randomControl();
                }
                else
                {
                    // mostly tick-sized, now and then large, always well within one frame
                    final int size = 1 + random.nextInt(random.nextInt(10) == 0 ? maxFramePayload / 2 : 120);
                    if (random.nextInt(100) < 55)
                    {
                        h.append(Frames.OP_TEXT, h.json(size), limit);
                    }
                    else
                    {
                        h.append(Frames.OP_BINARY, h.record(size), limit);
                    }
                }
            }
        }
        h.drain();
        h.verify();
        assertTrue(h.rejected > 100 && h.accepted > 1000, "the limit was reached, and not always: " +
            h.accepted + " accepted, " + h.rejected + " refused");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 125, 126, 65_535, 65_536, 200_000})
    void headerTakesTheFewestBytesAndThePayloadMovesDownIntact(final int payloadLength) throws IOException
    {
        // 256 KiB frames keep 10 bytes of header room, so every frame below 64 KiB moves its payload down
        final Harness h = new Harness(payloadLength, 256 * 1024, 3000);
        h.append(Frames.OP_BINARY, h.record(payloadLength), NO_LIMIT);
        h.drain();
        final Frame frame = h.verify().get(0);
        assertEquals(ServerFrames.minimalHeaderLength(payloadLength), frame.headerLength());
        assertEquals(payloadLength, frame.payload().length);
    }

    @Test
    void manySmallMessagesMakeOneFrameOver64KiBWithTheEightByteLength() throws IOException
    {
        final Harness h = new Harness(8, 256 * 1024, 4096);
        while (h.out.queuedBytes() < 100_000)
        {
            h.append(Frames.OP_TEXT, h.json(100), NO_LIMIT);
        }
        h.drain();
        final List<Frame> frames = h.verify();
        assertEquals(1, frames.size());
        assertEquals(10, frames.get(0).headerLength());
        assertTrue(frames.get(0).payload().length >= 100_000);
    }

    @Test
    void framesCloseAtTheMaxPayloadAndOnTypeChange() throws IOException
    {
        final Harness h = new Harness(9, 1000, 50);
        for (int i = 0; i < 30; i++)
        {
            h.append(Frames.OP_TEXT, h.json(90), NO_LIMIT);
        }
        h.append(Frames.OP_BINARY, h.record(10), NO_LIMIT);
        h.append(Frames.OP_TEXT, h.json(1), NO_LIMIT);
        h.drain();
        final List<Frame> frames = h.verify();
        assertTrue(frames.size() >= 5, "30 objects of 100 bytes need several 1000-byte frames");
        assertEquals(Frames.OP_BINARY, frames.get(frames.size() - 2).opcode());
        // the text frames before the last of its run were closed because the next object, its comma and the
        // closing bracket would have passed the maximum
        for (int i = 0; i < frames.size() - 3; i++)
        {
            final int nextObject = h.expected.get(h.dataFrames.get(i + 1).first).bytes.length;
            assertTrue(frames.get(i).payload().length + 1 + nextObject > 1000, "frame " + i + " closed early");
        }
    }

    @Test
    void controlFramesLandBetweenWholeDataFrames() throws IOException
    {
        final Harness h = new Harness(10, 4096, 5);
        h.append(Frames.OP_TEXT, h.json(3), NO_LIMIT);
        h.append(Frames.OP_TEXT, h.json(4), NO_LIMIT);
        h.control(Frames.OP_PING, h.record(4));
        h.append(Frames.OP_BINARY, h.record(30), NO_LIMIT);
        h.append(Frames.OP_TEXT, h.json(5), NO_LIMIT);
        h.flush();
        h.append(Frames.OP_TEXT, h.json(6), NO_LIMIT);
        h.control(Frames.OP_CLOSE, closePayload());
        h.drain();
        assertEquals(
            List.of(Frames.OP_TEXT, Frames.OP_PING, Frames.OP_BINARY, Frames.OP_TEXT, Frames.OP_TEXT, Frames.OP_CLOSE),
            h.verify().stream().map(Frame::opcode).toList());
    }

    @Test
    void appendRefusesExactlyPastTheLimitAndChangesNothingWhileControlFramesIgnoreIt() throws IOException
    {
        // 4096-byte frames keep 4 bytes of header room: a new binary frame needs 4 + length, a record joining it length
        final Harness h = new Harness(12, 4096, 0);
        final int limit = 1000;
        for (int i = 0; i < 9; i++)
        {
            assertTrue(h.append(Frames.OP_BINARY, h.record(100), limit));
        }
        assertEquals(904, h.out.queuedBytes());
        assertFalse(h.append(Frames.OP_BINARY, h.record(97), limit));
        assertTrue(h.append(Frames.OP_BINARY, h.record(96), limit));
        assertEquals(limit, h.out.queuedBytes());
        assertFalse(h.append(Frames.OP_BINARY, h.record(1), limit));
        assertFalse(h.append(Frames.OP_TEXT, h.json(1), limit));
        assertEquals(limit, h.out.queuedBytes());

        h.control(Frames.OP_CLOSE, closePayload());
        assertTrue(h.out.queuedBytes() > limit);
        h.chunk = h.randomChunk(100);
        h.drain();
        assertEquals(List.of(Frames.OP_BINARY, Frames.OP_CLOSE), h.verify().stream().map(Frame::opcode).toList());
    }

    @Test
    void compactionMovesUnsentBytesToTheFrontIntact() throws IOException
    {
        // one size class only: room can come from compaction alone (1024-byte buffers: 512 for frames, 512 for the
        // frame queue at the tail)
        final Harness h = new Harness(13, 4096, new BufferPool(1024, 1024, 1 << 20));
        h.append(Frames.OP_BINARY, h.record(300), NO_LIMIT);
        h.append(Frames.OP_TEXT, h.json(150), NO_LIMIT);
        h.chunk = () -> 400;
        h.flush();
        assertTrue(h.out.queuedBytes() > 0 && h.out.queuedBytes() + 104 <= 512);
        assertTrue(h.append(Frames.OP_BINARY, h.record(100), NO_LIMIT), "fits once the sent bytes are dropped");
        assertEquals(1024, h.out.capacity());
        h.chunk = h.randomChunk(20);
        h.drain();
        h.verify();
    }

    @Test
    void growthMovesUnsentBytesToALargerClassIntact() throws IOException
    {
        final Harness h = new Harness(14, 4096, 40);
        for (int i = 0; i < 200; i++)
        {
            h.append(i % 7 == 0 ? Frames.OP_BINARY : Frames.OP_TEXT, h.json(h.random.nextInt(60)), NO_LIMIT);
            if (i % 3 == 0)
            {
                h.flush();
            }
        }
        assertTrue(h.out.capacity() >= 2048, "the backlog moved up the size classes: " + h.out.capacity());
        h.drain();
        h.verify();
    }

    @Test
    void latencyIsFromTheOldestIngestInAFrameToTheWriteOfItsLastByteForTimedMessagesOnly() throws IOException
    {
        final Harness h = new Harness(15, 4096, 9);
        for (int frame = 0; frame < 20; frame++)
        {
            final int opcode = frame % 2 == 0 ? Frames.OP_TEXT : Frames.OP_BINARY;
            // every frame has a timed message; some also carry untimed ones (acks, snapshots: ingest 0)
            h.append(opcode, h.json(20), h.now[0] - 1 - h.random.nextInt(1_000_000), NO_LIMIT);
            for (int i = h.random.nextInt(4); i > 0; i--)
            {
                h.append(opcode, h.json(20), h.random.nextBoolean() ? 0 : h.ingestNs(), NO_LIMIT);
            }
            if (frame % 5 == 4)
            {
                h.flush();
            }
        }
        h.drain();
        // with one report per frame, verify() checks each latency exactly: clock at the write - oldest ingest
        h.verify();
        assertEquals(20, h.sentReported.size(), "under 32 frames queued: one report per frame");
    }

    @Test
    void eachTimedMessageIsReportedUnderItsModeAndAModeChangeStartsAFrame() throws IOException
    {
        final Harness h = new Harness(17, 4096, 5);
        // the socket takes everything: no frames wait, so no report merges two of them
        h.chunk = () -> Integer.MAX_VALUE;
        final SendMode[] modes = SendMode.values();
        final long[] appended = new long[modes.length];
        for (int i = 0; i < 200; i++)
        {
            h.mode = modes[h.random.nextInt(modes.length)];
            final long ingestNs = h.ingestNs();
            h.append(Frames.OP_TEXT, h.json(10), ingestNs, NO_LIMIT);
            appended[h.mode.ordinal()] += 0 == ingestNs ? 0 : 1;
            if (i % 7 == 6)
            {
                h.flush();
            }
        }
        h.drain();
        h.verify();
        final long[] reported = new long[modes.length];
        h.sentReported.forEach(report -> reported[report.mode().ordinal()] += report.messages());
        assertArrayEquals(appended, reported, "timed messages by mode");
    }

    @Test
    void moreThan32QueuedFramesStillAccountForEveryTimedMessage() throws IOException
    {
        final Harness h = new Harness(16, 4096, 3);
        for (int frame = 0; frame < 100; frame++)
        {
            // a type change closes the frame, and nothing is written: 100 frames queue up
            final int opcode = frame % 2 == 0 ? Frames.OP_TEXT : Frames.OP_BINARY;
            for (int i = 1 + h.random.nextInt(3); i > 0; i--)
            {
                h.append(opcode, h.json(10), h.random.nextInt(4) == 0 ? 0 : h.ingestNs(), NO_LIMIT);
            }
        }
        h.drain();
        h.verify();
        assertTrue(h.sentReported.size() < 100, "the frame queue merged entries");
    }

    private static byte[] closePayload()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[Frames.MAX_CONTROL_PAYLOAD]);
        final int length = Frames.putClosePayload(buffer, 0, Frames.CLOSE_GOING_AWAY, "bye");
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    /**
     * An appended message or control frame, in the order the wire must show it.
     */
    private record Message(int opcode, byte[] bytes, long ingestNs, SendMode mode)
    {
    }

    private record Reported(long latencyNs, int messages, SendMode mode, long atNs)
    {
    }

    /**
     * A data frame as parsed: messages [first, end) of {@link Harness#expected}, and the clock when the socket took
     * its last byte.
     */
    private record DataFrame(int first, int end, long writtenAtNs)
    {
    }

    /**
     * One send buffer with its fake socket, clock and metrics, and what the wire must show.
     */
    private static final class Harness implements OutboundMetrics, WritableByteChannel
    {
        final Random random;
        final long[] now = {1_000_000_000L};
        final EpochNanoClock clock = () -> now[0];
        final BufferPool pool;
        final SendBuffer out;
        final int maxFramePayload;
        final int headerRoom;
        IntSupplier chunk;

        final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        final List<long[]> writes = new ArrayList<>();
        final List<Message> expected = new ArrayList<>();
        final List<int[]> framesReported = new ArrayList<>();
        final List<Reported> sentReported = new ArrayList<>();
        final List<DataFrame> dataFrames = new ArrayList<>();
        int accepted;
        int rejected;
        private int sequence;
        private int openOpcode = -1;
        private SendMode openMode;
        /** The mode of the messages appended next. */
        SendMode mode = SendMode.FULL;
        private int openPayload;

        Harness(final long seed, final int maxFramePayload, final int maxChunk)
        {
            this(seed, maxFramePayload, new BufferPool(64, 1 << 20, 64L << 20));
            chunk = randomChunk(maxChunk);
        }

        Harness(final long seed, final int maxFramePayload, final BufferPool pool)
        {
            random = new Random(seed);
            this.pool = pool;
            this.maxFramePayload = maxFramePayload;
            headerRoom = ServerFrames.minimalHeaderLength(maxFramePayload);
            out = new SendBuffer(pool, this, maxFramePayload);
            chunk = randomChunk(64);
        }

        IntSupplier randomChunk(final int maxChunk)
        {
            return () -> random.nextInt(maxChunk + 1);
        }

        byte[] json(final int padding)
        {
            final String object = "{\"n\":" + sequence++ + ",\"p\":\"" + "x".repeat(padding) + "\"}";
            return object.getBytes(StandardCharsets.UTF_8);
        }

        byte[] record(final int length)
        {
            final byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            return bytes;
        }

        /**
         * A tick's ingest time in the past, not in order across calls; 0 (no tick) one time in ten.
         */
        long ingestNs()
        {
            return random.nextInt(10) == 0 ? 0 : now[0] - 1 - random.nextInt(1_000_000);
        }

        boolean append(final int opcode, final byte[] bytes, final int limit)
        {
            return append(opcode, bytes, ingestNs(), limit);
        }

        /**
         * Append, and check the answer against the limit: the open frame is closed first when the message cannot
         * join it (other type, or past the maximum payload with its separator and closing bracket), then the
         * message needs its bytes, a comma or bracket pair for JSON, and header room for a new frame.
         */
        boolean append(final int opcode, final byte[] bytes, final long ingestNs, final int limit)
        {
            final boolean text = Frames.OP_TEXT == opcode;
            final int brackets = text ? 2 : 0;
            int queued = out.queuedBytes();
            if (openOpcode >= 0 && (openOpcode != opcode || openPayload + bytes.length + brackets > maxFramePayload ||
                (0 != ingestNs && null != openMode && openMode != mode)))
            {
                queued += closeDelta();
                openOpcode = -1;
            }
            final long needed = (openOpcode < 0 ? headerRoom : 0) + bytes.length + brackets;
            final int capacity = out.capacity();
            final boolean appended =
                out.append(opcode, new UnsafeBuffer(bytes), 0, bytes.length, ingestNs, mode, limit);
            assertEquals(queued + needed <= limit, appended, "queued " + queued + " + needed " + needed);
            if (!appended)
            {
                assertEquals(queued, out.queuedBytes());
                assertEquals(capacity, out.capacity());
                rejected++;
                return false;
            }
            if (openOpcode < 0)
            {
                openMode = null;
                openOpcode = opcode;
                openPayload = text ? 1 : 0;
            }
            else if (text)
            {
                openPayload++;
            }
            openPayload += bytes.length;
            if (0 != ingestNs)
            {
                openMode = mode;
            }
            expected.add(new Message(opcode, bytes, ingestNs, mode));
            accepted++;
            return true;
        }

        void control(final int opcode, final byte[] payload)
        {
            closeOpen();
            assertTrue(out.appendControl(opcode, new UnsafeBuffer(payload), 0, payload.length));
            expected.add(new Message(opcode, payload, 0, mode));
        }

        void randomControl()
        {
            final int[] opcodes = {Frames.OP_PING, Frames.OP_PONG, Frames.OP_CLOSE};
            control(opcodes[random.nextInt(opcodes.length)], record(random.nextInt(Frames.MAX_CONTROL_PAYLOAD + 1)));
        }

        void flush() throws IOException
        {
            now[0] += 1 + random.nextInt(1000);
            closeOpen();
            if (out.flush(this, clock) > 0)
            {
                writes.add(new long[]{wire.size(), now[0]});
            }
        }

        /**
         * Flush until everything was written: the buffer goes back to the pool.
         */
        void drain() throws IOException
        {
            for (int i = 0; !out.isEmpty(); i++)
            {
                assertTrue(i < 1_000_000, "no progress");
                flush();
            }
            assertEquals(0, out.capacity());
            assertTrue(pool.reservedBytes() > 0);
            assertEquals(pool.reservedBytes(), pool.freeBytes(), "every buffer is back in the pool");
        }

        /**
         * Parse the wire and check it against what was appended and what the metrics heard.
         */
        List<Frame> verify()
        {
            final List<Frame> frames = ServerFrames.parse(wire.toByteArray());
            dataFrames.clear();
            int next = 0;
            int write = 0;
            for (final Frame frame : frames)
            {
                assertTrue(next < expected.size(), "more frames than appended");
                if (frame.isControl())
                {
                    assertEquals(expected.get(next).opcode, frame.opcode(), "control frame in order");
                    assertArrayEquals(expected.get(next).bytes, frame.payload());
                    next++;
                    continue;
                }
                assertTrue(frame.payload().length <= maxFramePayload, "payload " + frame.payload().length);
                final int first = next;
                next = Frames.OP_TEXT == frame.opcode() ? matchArray(frame.payload(), next) :
                    matchRecords(frame.payload(), next);
                while (writes.get(write)[0] < frame.end())
                {
                    write++;
                }
                dataFrames.add(new DataFrame(first, next, writes.get(write)[1]));
                final int[] reported = framesReported.get(dataFrames.size() - 1);
                assertArrayEquals(new int[]{next - first, frame.payload().length}, reported, "onFrame");
            }
            assertEquals(expected.size(), next, "everything appended arrived");
            assertEquals(framesReported.size(), dataFrames.size(), "onFrame once per frame");
            verifyLatency(dataFrames);
            return frames;
        }

        /**
         * A text payload is {@code [a,b,c]} of the next expected JSON objects, exactly.
         */
        private int matchArray(final byte[] payload, final int first)
        {
            assertEquals('[', payload[0]);
            int next = first;
            int position = 1;
            while (true)
            {
                position = match(payload, position, next++, Frames.OP_TEXT);
                assertTrue(position < payload.length, "unterminated array");
                if (']' == payload[position])
                {
                    assertEquals(payload.length, position + 1, "bytes after the array");
                    return next;
                }
                assertEquals(',', payload[position++]);
            }
        }

        /**
         * A binary payload is the next expected records back to back, exactly.
         */
        private int matchRecords(final byte[] payload, final int first)
        {
            int next = first;
            int position = 0;
            do
            {
                position = match(payload, position, next++, Frames.OP_BINARY);
            }
            while (position < payload.length);
            return next;
        }

        private int match(final byte[] payload, final int position, final int index, final int opcode)
        {
            assertTrue(index < expected.size(), "more messages than appended");
            final Message message = expected.get(index);
            assertEquals(opcode, message.opcode, "message " + index + " in a frame of its type");
            final int end = position + message.bytes.length;
            assertTrue(end <= payload.length, "message " + index + " cut");
            assertArrayEquals(message.bytes, Arrays.copyOfRange(payload, position, end), "message " + index);
            return end;
        }

        /**
         * Each latency report covers the next frames holding timed messages (one frame, or several merged when the
         * frame queue was full) and comes when the socket took the last byte of the last of them, no later than the
         * frame before the next timed one; its latency is from the oldest ingest among them.
         */
        private void verifyLatency(final List<DataFrame> frames)
        {
            int frame = 0;
            long reportedMessages = 0;
            for (final Reported report : sentReported)
            {
                frame = nextTimed(frames, frame);
                final int first = frame;
                int messages = 0;
                long oldestNs = Long.MAX_VALUE;
                while (messages < report.messages)
                {
                    assertTrue(frame < frames.size(), "a report for more messages than were timed");
                    messages += timed(frames.get(frame));
                    oldestNs = Math.min(oldestNs, oldestIngestNs(frames.get(frame)));
                    frame++;
                }
                assertEquals(messages, report.messages, "a report covers whole frames' timed messages");
                assertEquals(modeOf(frames.get(first)), report.mode(),
                    "the mode of the report's first frame");
                assertEquals(report.atNs - oldestNs, report.latencyNs, "latency from the oldest ingest");
                assertTrue(report.atNs >= frames.get(frame - 1).writtenAtNs, "reported before written");
                assertTrue(report.atNs <= frames.get(nextTimed(frames, frame) - 1).writtenAtNs, "reported late");
                reportedMessages += messages;
            }
            assertEquals(frames.size(), nextTimed(frames, frame), "every timed frame reported");
            assertEquals(expected.stream().filter(m -> 0 != m.ingestNs).count(), reportedMessages);
        }

        private int nextTimed(final List<DataFrame> frames, final int from)
        {
            int frame = from;
            while (frame < frames.size() && 0 == timed(frames.get(frame)))
            {
                frame++;
            }
            return frame;
        }

        private int timed(final DataFrame frame)
        {
            return (int)expected.subList(frame.first, frame.end).stream().filter(m -> 0 != m.ingestNs).count();
        }

        /**
         * @return the one mode of the frame's timed messages: a frame never mixes them.
         */
        private SendMode modeOf(final DataFrame frame)
        {
            final List<SendMode> modes = expected.subList(frame.first, frame.end).stream()
                .filter(m -> 0 != m.ingestNs).map(Message::mode).distinct().toList();
            assertEquals(1, modes.size(), "the modes of a frame's timed messages: " + modes);
            return modes.get(0);
        }

        private long oldestIngestNs(final DataFrame frame)
        {
            return expected.subList(frame.first, frame.end).stream()
                .mapToLong(Message::ingestNs).filter(ns -> 0 != ns).min().orElse(Long.MAX_VALUE);
        }

        /**
         * How the queued bytes change when the open frame is closed: a closing bracket, less the header room
         * the actual header does not need.
         */
        private int closeDelta()
        {
            final int payload = openPayload + (Frames.OP_TEXT == openOpcode ? 1 : 0);
            return payload - openPayload - (headerRoom - ServerFrames.minimalHeaderLength(payload));
        }

        private void closeOpen()
        {
            openOpcode = -1;
        }

        public void onFrame(final int messages, final int payloadBytes)
        {
            framesReported.add(new int[]{messages, payloadBytes});
        }

        public void onSent(final long latencyNs, final int messages, final SendMode mode)
        {
            sentReported.add(new Reported(latencyNs, messages, mode, now[0]));
        }

        public int write(final ByteBuffer src)
        {
            final byte[] bytes = new byte[Math.min(src.remaining(), chunk.getAsInt())];
            src.get(bytes);
            wire.write(bytes, 0, bytes.length);
            return bytes.length;
        }

        public boolean isOpen()
        {
            return true;
        }

        public void close()
        {
        }
    }
}
