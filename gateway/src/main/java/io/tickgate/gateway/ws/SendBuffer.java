package io.tickgate.gateway.ws;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * One connection's outbound bytes as finished WebSocket frames, written to the socket by the one thread that owns
 * it, with no object per frame. Messages appended in one duty cycle join one frame per type — JSON objects as
 * {@code [a,b,c]} in a text frame, binary records back to back in a binary frame — up to the frame size limit.
 * A frame's header is written when the frame is closed; room for the largest header is kept in front of the
 * payload and the payload moved down when the header turns out shorter (a few hundred bytes, in cache).
 * <p>
 * The buffer comes from a {@link BufferPool} on the first append and goes back when everything was written, so
 * an idle connection holds none; a backlog moves it to a larger size class, up to the caller's limit.
 * <p>
 * Latency is recorded when the socket takes the last byte of a frame, for every message in it, from the oldest
 * message's ingest time (a queue of 32 frames kept in the last 512 bytes of the pooled buffer, so an idle
 * connection holds nothing for it; when it is full, new frames merge into the last entry, which only makes the
 * figure more conservative). Each frame's timed messages share one {@link SendMode}: a timed message of another
 * mode starts a new frame, so each latency is recorded under its own mode (a merged entry keeps the mode it had).
 * <b>Note:</b> not threadsafe; owned by one thread.
 */
public final class SendBuffer
{
    private static final int FRAME_QUEUE = 32;
    // a queue entry at the buffer's tail: [frame end:int][timed messages << 2 | mode:int][oldest ingest ns:long]
    private static final int ENTRY_BYTES = 16;
    private static final int MODE_BITS = 2;
    private static final int MODE_MASK = (1 << MODE_BITS) - 1;
    private static final int QUEUE_BYTES = FRAME_QUEUE * ENTRY_BYTES;
    private static final byte[] EMPTY = new byte[0];

    private final BufferPool pool;
    private final OutboundMetrics metrics;
    private final int maxFramePayload;
    private final int headerRoom;
    private final UnsafeBuffer view = new UnsafeBuffer(EMPTY);
    private ByteBuffer buffer;
    private int sent;
    private int end;

    private int frameStart = -1;
    private int frameOpcode;
    private int frameMessages;
    private int frameTimedMessages;
    private long frameIngestNs;
    private SendMode frameMode = SendMode.FULL;

    private int queueHead;
    private int queueSize;

    /**
     * @param maxFramePayload largest data frame payload; messages are batched up to it.
     */
    public SendBuffer(final BufferPool pool, final OutboundMetrics metrics, final int maxFramePayload)
    {
        this.pool = pool;
        this.metrics = metrics;
        this.maxFramePayload = maxFramePayload;
        this.headerRoom = Frames.headerLength(maxFramePayload);
    }

    /**
     * @return bytes waiting for the socket, including an open frame.
     */
    public int queuedBytes()
    {
        return end - sent;
    }

    public boolean isEmpty()
    {
        return end == sent;
    }

    /**
     * Add one message to the current frame of its type, or start a new frame.
     *
     * @param opcode   {@link Frames#OP_TEXT} for a JSON object, {@link Frames#OP_BINARY} for a binary record.
     * @param ingestNs the time reference of the message's latency (a tick's ingest), 0 for none.
     * @param mode     what the latency is recorded under; ignored when {@code ingestNs} is 0.
     * @param limit    most bytes this connection may have queued.
     * @return false when the message would take the queue past {@code limit} or no buffer could be had; nothing
     * was added.
     */
    public boolean append(
        final int opcode,
        final DirectBuffer src,
        final int offset,
        final int length,
        final long ingestNs,
        final SendMode mode,
        final int limit)
    {
        final boolean text = Frames.OP_TEXT == opcode;
        if (frameStart >= 0 && (frameOpcode != opcode ||
            (0 != ingestNs && frameTimedMessages > 0 && frameMode != mode) ||
            end - frameStart - headerRoom + length + (text ? 2 : 0) > maxFramePayload))
        {
            closeFrame();
        }
        final boolean newFrame = frameStart < 0;
        final int needed = (newFrame ? headerRoom : 0) + length + (text ? 2 : 0);
        if (end - sent + needed > limit || !ensureRoom(needed))
        {
            return false;
        }
        final UnsafeBuffer view = this.view;
        if (newFrame)
        {
            frameStart = end;
            frameOpcode = opcode;
            frameMessages = 0;
            frameTimedMessages = 0;
            frameIngestNs = 0;
            end += headerRoom;
            if (text)
            {
                view.putByte(end++, (byte)'[');
            }
        }
        else if (text)
        {
            view.putByte(end++, (byte)',');
        }
        view.putBytes(end, src, offset, length);
        end += length;
        frameMessages++;
        if (0 != ingestNs)
        {
            // only ticks are latency samples; acks and snapshots (ingest 0) share the frame but not the figure
            frameTimedMessages++;
            frameMode = mode;
            if (0 == frameIngestNs || ingestNs < frameIngestNs)
            {
                frameIngestNs = ingestNs;
            }
        }
        return true;
    }

    /**
     * Queue a control frame (close, ping, pong) after everything queued so far; it is not held to the caller's
     * limit, so a close can always follow a full queue.
     *
     * @return false when no buffer could be had.
     */
    public boolean appendControl(final int opcode, final DirectBuffer src, final int offset, final int length)
    {
        closeFrame();
        if (!ensureRoom(2 + length))
        {
            return false;
        }
        final int headerLength = Frames.putHeader(view, end, opcode, length);
        view.putBytes(end + headerLength, src, offset, length);
        end += headerLength + length;
        return true;
    }

    /**
     * Close the open frame and write as much as the socket takes.
     *
     * @param clock the clock of the ingest times, read when the socket has taken the bytes.
     * @return bytes written by this call.
     * @throws IOException when the socket is broken.
     */
    public int flush(final WritableByteChannel channel, final EpochNanoClock clock) throws IOException
    {
        closeFrame();
        if (end == sent)
        {
            releaseIfEmpty();
            return 0;
        }
        final ByteBuffer buffer = this.buffer;
        buffer.limit(end).position(sent);
        final int written = channel.write(buffer);
        if (written > 0)
        {
            sent += written;
            recordSent(clock.nanoTime());
            releaseIfEmpty();
        }
        return written;
    }

    /**
     * Drop everything and give the buffer back: the connection is gone.
     */
    public void release()
    {
        frameStart = -1;
        queueSize = 0;
        sent = 0;
        end = 0;
        if (null != buffer)
        {
            pool.release(buffer);
            buffer = null;
            view.wrap(EMPTY);
        }
    }

    /**
     * @return capacity of the buffer held, 0 when none.
     */
    public int capacity()
    {
        return null == buffer ? 0 : buffer.capacity();
    }

    private void closeFrame()
    {
        if (frameStart < 0)
        {
            return;
        }
        final UnsafeBuffer view = this.view;
        if (Frames.OP_TEXT == frameOpcode)
        {
            view.putByte(end++, (byte)']');
        }
        final int payloadStart = frameStart + headerRoom;
        final int payloadLength = end - payloadStart;
        final int headerLength = Frames.headerLength(payloadLength);
        if (headerLength < headerRoom)
        {
            view.putBytes(frameStart + headerLength, view, payloadStart, payloadLength);
            end -= headerRoom - headerLength;
        }
        Frames.putHeader(view, frameStart, frameOpcode, payloadLength);
        metrics.onFrame(frameMessages, payloadLength);
        queueFrame(end, frameIngestNs, frameTimedMessages << MODE_BITS | frameMode.ordinal());
        frameStart = -1;
    }

    /**
     * @param packedMessages the frame's timed messages, shifted left by {@link #MODE_BITS}, or'ed with their mode.
     */
    private void queueFrame(final int frameEnd, final long ingestNs, final int packedMessages)
    {
        final UnsafeBuffer view = this.view;
        if (queueSize == FRAME_QUEUE)
        {
            final int last = entry(queueHead + queueSize - 1);
            view.putInt(last, frameEnd);
            view.putInt(last + 4, view.getInt(last + 4) + (packedMessages & ~MODE_MASK));
            final long lastIngestNs = view.getLong(last + 8);
            if (0 != ingestNs && (0 == lastIngestNs || ingestNs < lastIngestNs))
            {
                view.putLong(last + 8, ingestNs);
            }
            return;
        }
        final int tail = entry(queueHead + queueSize);
        view.putInt(tail, frameEnd);
        view.putInt(tail + 4, packedMessages);
        view.putLong(tail + 8, ingestNs);
        queueSize++;
    }

    private void recordSent(final long nowNs)
    {
        final UnsafeBuffer view = this.view;
        while (queueSize > 0 && view.getInt(entry(queueHead)) <= sent)
        {
            final int head = entry(queueHead);
            final long ingestNs = view.getLong(head + 8);
            if (0 != ingestNs)
            {
                final int packed = view.getInt(head + 4);
                metrics.onSent(nowNs - ingestNs, packed >>> MODE_BITS, SendMode.of(packed & MODE_MASK));
            }
            queueHead = (queueHead + 1) & (FRAME_QUEUE - 1);
            queueSize--;
        }
    }

    /**
     * @return the index of queue entry {@code i}: the frame queue lives at the tail of the pooled buffer, so a
     * session holds nothing for it while idle.
     */
    private int entry(final int i)
    {
        return dataCapacity() + (i & (FRAME_QUEUE - 1)) * ENTRY_BYTES;
    }

    private int dataCapacity()
    {
        return buffer.capacity() - QUEUE_BYTES;
    }

    private void releaseIfEmpty()
    {
        if (end == sent && frameStart < 0)
        {
            release();
        }
    }

    /**
     * Make room for {@code needed} more bytes after {@link #end}: take a buffer, move the unsent bytes to the
     * front, or move them to a larger buffer.
     */
    private boolean ensureRoom(final int needed)
    {
        if (null == buffer)
        {
            final ByteBuffer fresh = pool.acquire(needed + QUEUE_BYTES);
            if (null == fresh)
            {
                return false;
            }
            buffer = fresh;
            view.wrap(fresh);
            return true;
        }
        if (end + needed <= dataCapacity())
        {
            return true;
        }
        final int live = end - sent;
        if (live + needed <= dataCapacity())
        {
            // the unsent bytes and the new ones fit: move the unsent down to the front (memmove-safe copy)
            view.putBytes(0, view, sent, live);
            shift(sent);
            return true;
        }
        final ByteBuffer larger = pool.acquire(live + needed + QUEUE_BYTES);
        if (null == larger)
        {
            return false;
        }
        view.getBytes(sent, larger, 0, live);
        view.getBytes(dataCapacity(), larger, larger.capacity() - QUEUE_BYTES, QUEUE_BYTES);
        final ByteBuffer old = buffer;
        buffer = larger;
        view.wrap(larger);
        shift(sent);
        pool.release(old);
        return true;
    }

    private void shift(final int by)
    {
        end -= by;
        sent -= by;
        if (frameStart >= 0)
        {
            frameStart -= by;
        }
        for (int i = 0; i < queueSize; i++)
        {
            final int entry = entry(queueHead + i);
            view.putInt(entry, view.getInt(entry) - by);
        }
    }
}
