package io.tickgate.perf.jmh;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A reusable, growable byte sink for jackson-core's {@code JsonGenerator}: {@link #reset()} between messages, read
 * the bytes from {@link #array()} up to {@link #size()}. Not synchronized (unlike {@code ByteArrayOutputStream}).
 * <b>Note:</b> not threadsafe.
 */
public final class ByteSink extends OutputStream
{
    private byte[] bytes;
    private int size;

    ByteSink(final int initialCapacity)
    {
        bytes = new byte[initialCapacity];
    }

    void reset()
    {
        size = 0;
    }

    byte[] array()
    {
        return bytes;
    }

    int size()
    {
        return size;
    }

    @Override
    public void write(final int b)
    {
        ensure(1);
        bytes[size++] = (byte)b;
    }

    @Override
    public void write(final byte[] b, final int off, final int len)
    {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    private void ensure(final int extra)
    {
        if (size + extra > bytes.length)
        {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }
}
