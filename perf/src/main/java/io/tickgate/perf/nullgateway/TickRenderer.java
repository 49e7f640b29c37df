package io.tickgate.perf.nullgateway;

import java.nio.charset.StandardCharsets;

/**
 * Renders an ingest-csv-v1 line ({@code symbol,ts,bid,bidSize,ask,askSize,last,lastSize,volume}) as the protocol v1
 * tick message the gateway would send, {@code {"type":"tick","symbol":"AAPL","seq":12,"ts":..,"bid":..,...}}, the
 * numbers copied as text; empty fields are left out. Reuses one buffer: {@link #bytes()} is valid until the next
 * line.
 */
final class TickRenderer
{
    private static final byte[] START = ascii("{\"type\":\"tick\",\"symbol\":\"");
    private static final byte[] SEQ = ascii("\",\"seq\":");
    private static final byte[] TS = ascii(",\"ts\":");
    private static final byte[][] FIELDS = {
        ascii(",\"bid\":"), ascii(",\"bidSize\":"), ascii(",\"ask\":"), ascii(",\"askSize\":"),
        ascii(",\"last\":"), ascii(",\"lastSize\":"), ascii(",\"volume\":") };

    private final byte[] tick = new byte[1024];

    /**
     * @param symbolEnd the line's first comma.
     * @param tsEnd     its second comma.
     * @return the message's length in {@link #bytes()}.
     */
    int render(final byte[] b, final int start, final int symbolEnd, final int tsEnd, final int end, final long seq)
    {
        int p = put(START, 0);
        p = copy(b, start, symbolEnd, p);
        p = put(SEQ, p);
        p = putLong(p, seq);
        p = put(TS, p);
        p = copy(b, symbolEnd + 1, tsEnd, p);
        int from = tsEnd + 1;
        for (final byte[] name : FIELDS)
        {
            final int comma = indexOf(b, from, end, (byte)',');
            final int stop = comma < 0 ? end : comma;
            if (stop > from && p + name.length + (stop - from) + 2 < tick.length)
            {
                p = copy(b, from, stop, put(name, p));
            }
            if (comma < 0)
            {
                break;
            }
            from = comma + 1;
        }
        tick[p++] = '}';
        return p;
    }

    byte[] bytes()
    {
        return tick;
    }

    /** @return the index of {@code c} in {@code b[from, end)}, or -1. */
    static int indexOf(final byte[] b, final int from, final int end, final byte c)
    {
        for (int i = from; i < end; i++)
        {
            if (b[i] == c)
            {
                return i;
            }
        }
        return -1;
    }

    private int put(final byte[] ascii, final int at)
    {
        System.arraycopy(ascii, 0, tick, at, ascii.length);
        return at + ascii.length;
    }

    private int copy(final byte[] b, final int from, final int to, final int at)
    {
        System.arraycopy(b, from, tick, at, to - from);
        return at + to - from;
    }

    private int putLong(final int at, final long value)
    {
        long v = value;
        if (v == 0)
        {
            tick[at] = '0';
            return at + 1;
        }
        int digits = 0;
        for (long t = v; t > 0; t /= 10)
        {
            digits++;
        }
        for (int i = at + digits - 1; i >= at; i--)
        {
            tick[i] = (byte)('0' + v % 10);
            v /= 10;
        }
        return at + digits;
    }

    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
