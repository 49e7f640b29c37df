package io.tickgate.client;

import java.nio.ByteBuffer;

/**
 * Joins the parts of a binary message that the JDK delivers in several calls into one heap buffer, grown by doubling
 * up to {@link #MAX_MESSAGE_BYTES}: the gateway's frames are far smaller, so a larger message is refused rather
 * than buffered without bound. <b>Note:</b> not threadsafe; one per connection.
 */
final class MessageAssembler
{
    static final int INITIAL_CAPACITY = 64 * 1024;
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private ByteBuffer buffer;
    private int length;

    /**
     * @return true when no part of a message is held.
     */
    boolean isEmpty()
    {
        return 0 == length;
    }

    /**
     * @param part the next part, from its position to its limit; its position is left as it was.
     * @return false when the message would exceed {@link #MAX_MESSAGE_BYTES}; what was held is dropped.
     */
    boolean append(final ByteBuffer part)
    {
        final int partLength = part.remaining();
        if (partLength > MAX_MESSAGE_BYTES - length)
        {
            length = 0;
            return false;
        }
        final int required = length + partLength;
        if (null == buffer || required > buffer.capacity())
        {
            int capacity = null == buffer ? INITIAL_CAPACITY : buffer.capacity();
            while (capacity < required)
            {
                capacity = Math.min(MAX_MESSAGE_BYTES, capacity * 2);
            }
            final ByteBuffer grown = ByteBuffer.allocate(capacity);
            if (null != buffer)
            {
                grown.put(0, buffer, 0, length);
            }
            buffer = grown;
        }
        buffer.put(length, part, part.position(), partLength);
        length = required;
        return true;
    }

    /**
     * @return the buffer holding the whole message from index 0, valid until the next {@link #append}.
     */
    ByteBuffer buffer()
    {
        return buffer;
    }

    /**
     * Hand the message over: the next {@link #append} starts a new one.
     *
     * @return the message's length.
     */
    int take()
    {
        final int taken = length;
        length = 0;
        return taken;
    }
}
