package io.tickgate.feed;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Cuts a byte stream that arrives in arbitrary chunks (socket or file reads) into {@code \n}-terminated lines, with a
 * fixed buffer that never grows. A line whole inside a chunk is handed out in place; only a line split across chunks
 * is copied. A line longer than the buffer is reported once and skipped up to its newline.
 * <p>
 * One framer per stream, so line numbers are per source. <b>Note:</b> not threadsafe; owned by the reading thread.
 */
public final class LineFramer
{
    /** Room for the longest contract line plus the {@code \r} of a {@code \r\n} terminator. */
    public static final int DEFAULT_CAPACITY = CsvTickParser.MAX_LINE_LENGTH + 1;

    private final String source;
    private final UnsafeBuffer pending;
    private int pendingLength;
    private boolean discarding;
    private long lineNumber;

    /**
     * @param source   name of the stream for logs, e.g. a file name or a peer address.
     * @param capacity the longest line held, in bytes without the {@code \n}.
     */
    public LineFramer(final String source, final int capacity)
    {
        this.source = source;
        this.pending = new UnsafeBuffer(new byte[capacity]);
    }

    /**
     * @param source name of the stream for logs.
     */
    public LineFramer(final String source)
    {
        this(source, DEFAULT_CAPACITY);
    }

    /**
     * Feed the next chunk of the stream.
     *
     * @param buffer  holding the chunk.
     * @param offset  of its first byte.
     * @param length  of the chunk.
     * @param handler receives each completed line.
     * @return the number of lines completed (including too-long ones) by this chunk.
     */
    public int onBytes(final DirectBuffer buffer, final int offset, final int length, final LineHandler handler)
    {
        final int end = offset + length;
        int lines = 0;
        int start = offset;
        for (int i = offset; i < end; i++)
        {
            if ('\n' == buffer.getByte(i))
            {
                completeLine(buffer, start, i - start, handler);
                lines++;
                start = i + 1;
            }
        }
        if (start < end)
        {
            holdPartial(buffer, start, end - start, handler);
        }
        return lines;
    }

    /**
     * The stream ended: an unterminated last line is handed out as a line, as files often lack a final newline.
     *
     * @param handler receives the last line, if any.
     * @return true when there was a last line.
     */
    public boolean endOfStream(final LineHandler handler)
    {
        discarding = false;
        if (0 == pendingLength)
        {
            return false;
        }
        final int lineLength = pendingLength;
        pendingLength = 0;
        handler.onLine(source, ++lineNumber, pending, 0, lineLength);
        return true;
    }

    /**
     * Forget an incomplete line, e.g. when a TCP client disconnects mid-line and its last tick may be cut short.
     *
     * @return true when an incomplete line was dropped (a too-long one was already reported, so it does not count).
     */
    public boolean discardPartial()
    {
        final boolean hadPartial = pendingLength > 0;
        pendingLength = 0;
        discarding = false;
        return hadPartial;
    }

    /**
     * @return the name of the stream.
     */
    public String source()
    {
        return source;
    }

    /**
     * @return lines completed so far.
     */
    public long lineNumber()
    {
        return lineNumber;
    }

    private void completeLine(final DirectBuffer buffer, final int offset, final int length, final LineHandler handler)
    {
        lineNumber++;
        if (discarding)
        {
            discarding = false; // reported when it overflowed; this newline only ends it
        }
        else if (0 == pendingLength)
        {
            if (length > pending.capacity())
            {
                handler.onLineTooLong(source, lineNumber);
            }
            else
            {
                handler.onLine(source, lineNumber, buffer, offset, length);
            }
        }
        else if (append(buffer, offset, length))
        {
            final int lineLength = pendingLength;
            pendingLength = 0;
            handler.onLine(source, lineNumber, pending, 0, lineLength);
        }
        else
        {
            handler.onLineTooLong(source, lineNumber);
        }
    }

    private void holdPartial(final DirectBuffer buffer, final int offset, final int length, final LineHandler handler)
    {
        if (!discarding && !append(buffer, offset, length))
        {
            discarding = true;
            handler.onLineTooLong(source, lineNumber + 1);
        }
    }

    private boolean append(final DirectBuffer buffer, final int offset, final int length)
    {
        if (pendingLength + length > pending.capacity())
        {
            pendingLength = 0;
            return false;
        }
        pending.putBytes(pendingLength, buffer, offset, length);
        pendingLength += length;
        return true;
    }
}
