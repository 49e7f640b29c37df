package io.tickgate.journal;

import io.tickgate.codec.MessageHeaderDecoder;
import io.tickgate.codec.MessageHeaderEncoder;
import io.tickgate.codec.TickEncoder;
import net.openhft.chronicle.bytes.Bytes;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One journal record seen in place: wraps an excerpt's bytes (no copy when they are mapped memory) and reads its
 * header. <b>Note:</b> not threadsafe; one per reading thread.
 */
final class RecordView
{
    static final int UNREADABLE = -1;

    final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private final byte[] heapCopy = new byte[TickEncoder.ENCODED_LENGTH];
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    /**
     * @param bytes the excerpt, at its read position.
     * @return the record's template id, or {@link #UNREADABLE} when it is not a tickgate record of this schema.
     */
    int wrap(final Bytes<?> bytes)
    {
        final long position = bytes.readPosition();
        final int length = (int)bytes.readRemaining();
        if (bytes.isDirectMemory())
        {
            buffer.wrap(bytes.addressForRead(position), length);
        }
        else
        {
            final int copied = Math.min(length, heapCopy.length);
            bytes.read(heapCopy, 0, copied);
            buffer.wrap(heapCopy, 0, copied);
        }
        if (buffer.capacity() < MessageHeaderEncoder.ENCODED_LENGTH || !header.wrap(buffer, 0).isReadable())
        {
            return UNREADABLE;
        }
        return header.templateId();
    }

    /**
     * @param encodedLength a template's whole length, header included.
     * @return whether the wrapped record is long enough to hold it.
     */
    boolean holds(final int encodedLength)
    {
        return buffer.capacity() >= encodedLength;
    }
}
