package io.tickgate.gateway.publisher;

import org.agrona.MutableDirectBuffer;

/**
 * Appends ASCII JSON to a buffer: just enough for the gateway's control messages. Non-ASCII and control characters
 * in strings are written as {@code \}u escapes, so text frames are always valid UTF-8.
 * <b>Note:</b> not threadsafe; one instance per thread.
 */
final class JsonOut
{
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private MutableDirectBuffer buffer;
    private int position;
    private int limit;
    private boolean first;

    JsonOut wrap(final MutableDirectBuffer buffer, final int offset, final int limit)
    {
        this.buffer = buffer;
        this.position = offset;
        this.limit = limit;
        return this;
    }

    int position()
    {
        return position;
    }

    /**
     * @return false once a write ran past the limit; the output is then unusable.
     */
    boolean fits()
    {
        return position <= limit;
    }

    JsonOut beginObject(final String type)
    {
        raw("{\"type\":");
        string(type);
        first = false;
        return this;
    }

    JsonOut endObject()
    {
        return raw('}');
    }

    JsonOut field(final String name)
    {
        if (!first)
        {
            raw(',');
        }
        first = false;
        raw('"').raw(name).raw("\":");
        return this;
    }

    JsonOut field(final String name, final long value)
    {
        field(name);
        if (position + 20 <= limit)
        {
            position += buffer.putLongAscii(position, value);
        }
        else
        {
            position = limit + 1;
        }
        return this;
    }

    JsonOut field(final String name, final String value)
    {
        field(name);
        return string(value);
    }

    /**
     * Write a value that is already JSON text, such as a client's echoed id.
     */
    JsonOut fieldRaw(final String name, final String json)
    {
        field(name);
        return raw(json);
    }

    JsonOut stringArray(final String name, final Iterable<String> values)
    {
        field(name);
        raw('[');
        boolean firstValue = true;
        for (final String value : values)
        {
            if (!firstValue)
            {
                raw(',');
            }
            firstValue = false;
            string(value);
        }
        return raw(']');
    }

    JsonOut string(final String value)
    {
        raw('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\')
            {
                raw('\\').raw(c);
            }
            else if (c < 0x20 || c > 0x7e)
            {
                raw("\\u").raw((char)HEX[(c >> 12) & 0xF]).raw((char)HEX[(c >> 8) & 0xF])
                    .raw((char)HEX[(c >> 4) & 0xF]).raw((char)HEX[c & 0xF]);
            }
            else
            {
                raw(c);
            }
        }
        return raw('"');
    }

    private JsonOut raw(final String ascii)
    {
        for (int i = 0; i < ascii.length(); i++)
        {
            raw(ascii.charAt(i));
        }
        return this;
    }

    private JsonOut raw(final char c)
    {
        if (position < limit)
        {
            buffer.putByte(position, (byte)c);
        }
        position++;
        return this;
    }
}
