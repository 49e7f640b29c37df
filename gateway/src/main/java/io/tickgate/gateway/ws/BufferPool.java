package io.tickgate.gateway.ws;

import org.agrona.BufferUtil;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Direct buffers for connections' outbound bytes, in power-of-two size classes, under one budget for the whole
 * gateway. A connection holds a buffer only while it has something to send and gives it back when drained, so
 * idle connections cost no buffer at all; a backlog moves up the size classes as it grows.
 * <p>
 * {@link #reservedBytes()} (buffers handed out plus buffers kept for reuse) never exceeds the budget: when a new
 * buffer would pass it, kept ones are freed first, and when that is not enough the request fails and the caller
 * treats the connection as full.
 * <b>Note:</b> not threadsafe apart from {@link #reservedBytes()}; owned by the publisher thread.
 */
public final class BufferPool
{
    private final int minSize;
    private final int maxSize;
    private final long budgetBytes;
    private final ArrayDeque<ByteBuffer>[] free;
    private final AtomicLong reserved = new AtomicLong();
    private long freeBytes;
    private long peakInUseBytes;

    /**
     * @param minSize     smallest buffer, a power of two.
     * @param maxSize     largest buffer, a power of two.
     * @param budgetBytes most bytes of buffers in existence at once.
     */
    @SuppressWarnings("unchecked")
    public BufferPool(final int minSize, final int maxSize, final long budgetBytes)
    {
        if (Integer.bitCount(minSize) != 1 || Integer.bitCount(maxSize) != 1 || minSize > maxSize)
        {
            throw new IllegalArgumentException("sizes must be powers of two, min <= max: " + minSize + ", " + maxSize);
        }
        this.minSize = minSize;
        this.maxSize = maxSize;
        this.budgetBytes = budgetBytes;
        free = newFreeLists(classOf(maxSize) + 1);
        for (int i = 0; i < free.length; i++)
        {
            free[i] = new ArrayDeque<>();
        }
    }

    /**
     * @param atLeast bytes needed.
     * @return a cleared buffer of the smallest class that holds {@code atLeast}, or null when none may be had
     * (larger than the largest class, or over the budget).
     */
    public ByteBuffer acquire(final int atLeast)
    {
        if (atLeast > maxSize)
        {
            return null;
        }
        final int sizeClass = classOf(Math.max(atLeast, minSize));
        final ByteBuffer kept = free[sizeClass].pollLast();
        if (null != kept)
        {
            freeBytes -= kept.capacity();
            notePeak();
            kept.clear();
            return kept;
        }
        final int size = minSize << sizeClass;
        if (reserved.get() + size > budgetBytes)
        {
            trimTo(budgetBytes - size);
            if (reserved.get() + size > budgetBytes)
            {
                return null;
            }
        }
        reserved.addAndGet(size);
        notePeak();
        return ByteBuffer.allocateDirect(size);
    }

    /**
     * Free the kept buffers the last period did not need: keep what was in use at its peak plus a margin. Called
     * every few seconds, so buffers that connections take and give back many times a second (a buffer is given back
     * whenever a connection's socket has taken everything) are reused rather than freed and made again.
     */
    public void trimIdle(final long marginBytes)
    {
        trimTo(peakInUseBytes + marginBytes);
        peakInUseBytes = reserved.get() - freeBytes;
    }

    /**
     * Give a buffer back for reuse.
     */
    public void release(final ByteBuffer buffer)
    {
        free[classOf(buffer.capacity())].addLast(buffer);
        freeBytes += buffer.capacity();
    }

    /**
     * Free kept buffers until at most {@code targetBytes} are reserved, largest first; how memory a burst took goes
     * back to the system once the burst has passed.
     */
    public void trimTo(final long targetBytes)
    {
        for (int i = free.length - 1; i >= 0 && reserved.get() > targetBytes; i--)
        {
            final ArrayDeque<ByteBuffer> list = free[i];
            ByteBuffer buffer;
            while (reserved.get() > targetBytes && null != (buffer = list.pollFirst()))
            {
                freeBytes -= buffer.capacity();
                reserved.addAndGet(-buffer.capacity());
                BufferUtil.free(buffer);
            }
        }
    }

    /**
     * @return bytes of buffers in existence, handed out or kept; safe from any thread.
     */
    public long reservedBytes()
    {
        return reserved.get();
    }

    /**
     * @return bytes of buffers kept for reuse.
     */
    public long freeBytes()
    {
        return freeBytes;
    }

    public long budgetBytes()
    {
        return budgetBytes;
    }

    public int maxSize()
    {
        return maxSize;
    }

    private void notePeak()
    {
        peakInUseBytes = Math.max(peakInUseBytes, reserved.get() - freeBytes);
    }

    private int classOf(final int size)
    {
        return 32 - Integer.numberOfLeadingZeros(size - 1) - Integer.numberOfTrailingZeros(minSize);
    }

    @SuppressWarnings("unchecked")
    private static ArrayDeque<ByteBuffer>[] newFreeLists(final int classes)
    {
        // Java has no generic array creation; the array never leaves this class
        return (ArrayDeque<ByteBuffer>[])new ArrayDeque<?>[classes];
    }
}
