package io.tickgate.feed;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineFramerTest
{
    private final List<String> lines = new ArrayList<>();
    private final LineHandler recorder = new LineHandler()
    {
        public void onLine(
            final CharSequence source, final long lineNumber, final DirectBuffer buffer, final int offset,
            final int length)
        {
            lines.add(lineNumber + ":" + buffer.getStringWithoutLengthAscii(offset, length));
        }

        public void onLineTooLong(final CharSequence source, final long lineNumber)
        {
            lines.add(lineNumber + ":TOO_LONG");
        }
    };

    @Test
    void shouldCutLinesAcrossAnyChunkBoundaries()
    {
        final String text = "a,b\nccc\r\n\nlast-one\n" + "x".repeat(600) + "\nafter\n";
        final List<String> expected = List.of(
            "1:a,b", "2:ccc\r", "3:", "4:last-one", "5:TOO_LONG", "6:after");
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < 200; round++)
        {
            lines.clear();
            final LineFramer framer = new LineFramer("test");
            feedInRandomChunks(framer, text, random);
            assertEquals(expected, lines, "seed=" + seed + "L");
        }
    }

    @Test
    void shouldReportTooLongOnceThenResume()
    {
        final LineFramer framer = new LineFramer("test", 8);
        feed(framer, "0123456");
        feed(framer, "789");
        feed(framer, "abcdefghijk");
        feed(framer, "zz\nok\n");
        assertEquals(List.of("1:TOO_LONG", "2:ok"), lines);
    }

    @Test
    void shouldHoldExactlyCapacityBytes()
    {
        final LineFramer framer = new LineFramer("test", 4);
        feed(framer, "ab");
        feed(framer, "cd\nabcde\n");
        assertEquals(List.of("1:abcd", "2:TOO_LONG"), lines);
    }

    @Test
    void shouldDeliverUnterminatedLastLineAtEndOfStream()
    {
        final LineFramer framer = new LineFramer("test");
        feed(framer, "a\nb");
        assertTrue(framer.endOfStream(recorder));
        assertFalse(framer.endOfStream(recorder));
        assertEquals(List.of("1:a", "2:b"), lines);
    }

    @Test
    void shouldDiscardPartialLine()
    {
        final LineFramer framer = new LineFramer("test");
        feed(framer, "a\nhalf");
        assertTrue(framer.discardPartial());
        assertFalse(framer.discardPartial());
        assertFalse(framer.endOfStream(recorder));
        assertEquals(List.of("1:a"), lines);
    }

    @Test
    void shouldNotCountTooLongLineAgainWhenDiscarded()
    {
        final LineFramer framer = new LineFramer("test", 4);
        feed(framer, "abcdef");
        assertFalse(framer.discardPartial());
        assertEquals(List.of("1:TOO_LONG"), lines);
    }

    private void feed(final LineFramer framer, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        framer.onBytes(new UnsafeBuffer(bytes), 0, bytes.length, recorder);
    }

    private void feedInRandomChunks(final LineFramer framer, final String text, final SplittableRandom random)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        int at = 0;
        while (at < bytes.length)
        {
            final int length = Math.min(bytes.length - at, 1 + random.nextInt(40));
            framer.onBytes(buffer, at, length, recorder);
            at += length;
        }
    }
}
