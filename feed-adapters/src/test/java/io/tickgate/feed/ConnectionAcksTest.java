package io.tickgate.feed;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The acknowledgement line of a client that does not read: one line held, coalesced to the newest counts, a line the
 * socket took part of finished before the next, driven by a hand-set clock against a socket that takes only what it
 * is given room for.
 */
class ConnectionAcksTest
{
    private static final long MS = 1_000_000L;

    /**
     * Stands for a socket send buffer: takes at most {@code room} bytes, then nothing until given more.
     */
    private static final class FullSocket implements WritableByteChannel
    {
        final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        int room;

        public int write(final ByteBuffer src)
        {
            final int n = Math.min(room, src.remaining());
            for (int i = 0; i < n; i++)
            {
                taken.write(src.get());
            }
            room -= n;
            return n;
        }

        public boolean isOpen()
        {
            return true;
        }

        public void close()
        {
        }

        String text()
        {
            return taken.toString(StandardCharsets.US_ASCII);
        }
    }

    @Test
    void shouldHoldOneLineAndCoalesceToTheNewestCountsWhileTheClientReadsNothing() throws Exception
    {
        final ConnectionAcks acks = new ConnectionAcks();
        final FullSocket socket = new FullSocket();
        acks.enable();
        acks.onLine(LineOutcome.ACCEPTED, 0);
        assertEquals(0, acks.dueNs(), "after a quiet spell: due at once");

        assertFalse(acks.write(socket, 0), "no room at all");
        assertEquals(100 * MS, acks.dueNs(), "tried again an interval later");
        for (int i = 1; i <= 10_000; i++)
        {
            acks.onLine(i % 10 == 0 ? LineOutcome.REJECTED : LineOutcome.ACCEPTED, i * MS);
            acks.onLine(LineOutcome.SKIPPED, i * MS);
        }
        assertEquals(100 * MS, acks.dueNs(), "lines arriving do not bring a retry forward");

        socket.room = 6;
        assertFalse(acks.write(socket, 100 * MS), "part of a line taken");
        assertEquals("ack 90", socket.text(), "none of the first line was taken, so it carries the newest counts");
        acks.onLine(LineOutcome.ACCEPTED, 150 * MS);
        socket.room = 1_000;
        assertFalse(acks.write(socket, 200 * MS), "the part-written line is finished first, then the newest is due");
        assertEquals("ack 9001 1000\n", socket.text());
        assertEquals(200 * MS, acks.dueNs(), "the last line went at 100 ms: the next is due now");
        assertTrue(acks.write(socket, 200 * MS));
        assertEquals("ack 9001 1000\nack 9002 1000\n", socket.text());
        assertEquals(ConnectionAcks.NONE, acks.dueNs(), "all acknowledged, nothing due");
        assertEquals(9002, acks.accepted());
        assertEquals(1000, acks.rejected());
    }

    @Test
    void shouldCountButScheduleNothingForAClientThatDidNotAsk()
    {
        final ConnectionAcks acks = new ConnectionAcks();
        acks.onLine(LineOutcome.ACCEPTED, 0);
        acks.onLine(LineOutcome.REJECTED, 0);
        assertEquals(ConnectionAcks.NONE, acks.dueNs());
        assertEquals(1, acks.accepted());
        assertEquals(1, acks.rejected());
    }

    @Test
    void shouldWriteAFinalAckEvenBeforeAnyTickLine() throws Exception
    {
        final ConnectionAcks acks = new ConnectionAcks();
        final FullSocket socket = new FullSocket();
        socket.room = 1_000;
        acks.enable();
        assertTrue(acks.write(socket, 0));
        assertEquals("ack 0 0\n", socket.text(), "a final ack before any tick line");
    }
}
