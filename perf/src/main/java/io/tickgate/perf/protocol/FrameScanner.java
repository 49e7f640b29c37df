package io.tickgate.perf.protocol;

/**
 * Allocation-free scanner for the gateway's server text frames: a JSON array of message objects,
 * {@code [{"type":"tick","symbol":"AAPL","seq":12,"ts":1764100000123456,"bid":-0.5,...},{...}]}.
 * For each object it extracts {@code type}, {@code symbol} (as a range of the frame), {@code seq}, {@code ts} and
 * {@code code} (errors), skips every other value whatever its kind (numbers, strings with escapes, nested arrays and
 * objects such as {@code "symbols":[...]}), then calls the {@link Handler}, which reads the fields from the scanner.
 * <p>
 * This is not a validating JSON parser: it checks structure only as far as needed to find the fields.
 * <b>Note:</b> not threadsafe; one instance per connection.
 */
public final class FrameScanner
{
    public static final int TYPE_OTHER = 0;
    public static final int TYPE_TICK = 1;
    public static final int TYPE_SNAPSHOT = 2;
    public static final int TYPE_WELCOME = 3;
    public static final int TYPE_SUBSCRIBED = 4;
    public static final int TYPE_UNSUBSCRIBED = 5;
    public static final int TYPE_HEARTBEAT = 6;
    public static final int TYPE_ERROR = 7;
    public static final int TYPE_PONG = 8;
    /** Value of {@link #seq()} and {@link #ts()} when the message had no such integer field. */
    public static final long MISSING = Long.MIN_VALUE;
    /** Returned by {@link #scan} for a frame it cannot parse. */
    public static final int MALFORMED = -1;

    private static final String[] TYPE_NAMES = {
        "", "tick", "snapshot", "welcome", "subscribed", "unsubscribed", "heartbeat", "error", "pong" };

    /** Receives each message of a frame; read the fields from the scanner during the call. */
    public interface Handler
    {
        void onMessage(FrameScanner scanner, CharSequence frame);
    }

    private final AsciiView view = new AsciiView();
    private CharSequence s;
    private int end;
    private int type;
    private int symbolStart;
    private int symbolEnd;
    private int codeStart;
    private int codeEnd;
    private long seq;
    private long ts;

    /**
     * @param frame   one complete server text frame.
     * @param handler called once per message object, in order.
     * @return the number of messages, or {@link #MALFORMED} (messages before the fault were delivered).
     */
    public int scan(final CharSequence frame, final Handler handler)
    {
        s = frame;
        end = frame.length();
        int i = skipWs(0);
        if (i >= end || s.charAt(i) != '[')
        {
            return MALFORMED;
        }
        i = skipWs(i + 1);
        if (i < end && s.charAt(i) == ']')
        {
            return 0;
        }
        int count = 0;
        while (true)
        {
            i = scanObject(i);
            if (i < 0)
            {
                return MALFORMED;
            }
            handler.onMessage(this, frame);
            count++;
            i = skipWs(i);
            if (i >= end)
            {
                return MALFORMED;
            }
            final char c = s.charAt(i);
            if (c == ']')
            {
                return count;
            }
            if (c != ',')
            {
                return MALFORMED;
            }
            i = skipWs(i + 1);
        }
    }

    /**
     * Scans a frame's payload in place, one byte per char (see {@link AsciiView}); the handler receives the view,
     * and symbol/code ranges are relative to {@code offset}. No allocation.
     */
    public int scan(final byte[] bytes, final int offset, final int length, final Handler handler)
    {
        return scan(view.wrap(bytes, offset, length), handler);
    }

    public int type()
    {
        return type;
    }

    /** @return start of the symbol's text in the frame, or -1 when the message has none. */
    public int symbolStart()
    {
        return symbolStart;
    }

    public int symbolEnd()
    {
        return symbolEnd;
    }

    /** @return start of an error message's {@code code} text, or -1. */
    public int codeStart()
    {
        return codeStart;
    }

    public int codeEnd()
    {
        return codeEnd;
    }

    public long seq()
    {
        return seq;
    }

    public long ts()
    {
        return ts;
    }

    public static String typeName(final int type)
    {
        return type > 0 && type < TYPE_NAMES.length ? TYPE_NAMES[type] : "other";
    }

    private int scanObject(final int start)
    {
        type = TYPE_OTHER;
        symbolStart = -1;
        symbolEnd = -1;
        codeStart = -1;
        codeEnd = -1;
        seq = MISSING;
        ts = MISSING;
        if (start >= end || s.charAt(start) != '{')
        {
            return -1;
        }
        int i = skipWs(start + 1);
        if (i < end && s.charAt(i) == '}')
        {
            return i + 1;
        }
        while (i < end)
        {
            if (s.charAt(i) != '"')
            {
                return -1;
            }
            final int keyStart = i + 1;
            final int keyEnd = skipString(i) - 1;
            if (keyEnd < keyStart)
            {
                return -1;
            }
            i = skipWs(keyEnd + 1);
            if (i >= end || s.charAt(i) != ':')
            {
                return -1;
            }
            i = skipWs(i + 1);
            i = value(keyStart, keyEnd, i);
            if (i < 0)
            {
                return -1;
            }
            i = skipWs(i);
            if (i >= end)
            {
                return -1;
            }
            final char c = s.charAt(i);
            if (c == '}')
            {
                return i + 1;
            }
            if (c != ',')
            {
                return -1;
            }
            i = skipWs(i + 1);
        }
        return -1;
    }

    private int value(final int keyStart, final int keyEnd, final int i)
    {
        if (i >= end)
        {
            return -1;
        }
        final int keyLength = keyEnd - keyStart;
        if (keyLength == 4 && regionEquals(keyStart, "type") && s.charAt(i) == '"')
        {
            final int after = skipString(i);
            type = matchType(i + 1, after - 1);
            return after;
        }
        if (keyLength == 6 && regionEquals(keyStart, "symbol") && s.charAt(i) == '"')
        {
            final int after = skipString(i);
            symbolStart = i + 1;
            symbolEnd = after - 1;
            return after;
        }
        if (keyLength == 4 && regionEquals(keyStart, "code") && s.charAt(i) == '"')
        {
            final int after = skipString(i);
            codeStart = i + 1;
            codeEnd = after - 1;
            return after;
        }
        if (keyLength == 3 && regionEquals(keyStart, "seq"))
        {
            final int after = skipScalar(i);
            seq = parseLong(i, after);
            return after;
        }
        if (keyLength == 2 && regionEquals(keyStart, "ts"))
        {
            final int after = skipScalar(i);
            ts = parseLong(i, after);
            return after;
        }
        return skipValue(i);
    }

    private int matchType(final int start, final int stop)
    {
        final int length = stop - start;
        for (int t = 1; t < TYPE_NAMES.length; t++)
        {
            if (TYPE_NAMES[t].length() == length && regionEquals(start, TYPE_NAMES[t]))
            {
                return t;
            }
        }
        return TYPE_OTHER;
    }

    private boolean regionEquals(final int start, final String text)
    {
        if (start + text.length() > end)
        {
            return false;
        }
        for (int k = 0; k < text.length(); k++)
        {
            if (s.charAt(start + k) != text.charAt(k))
            {
                return false;
            }
        }
        return true;
    }

    /** @return the value of an integer in [start, stop), or {@link #MISSING} when it is not a plain integer. */
    private long parseLong(final int start, final int stop)
    {
        int i = start;
        final boolean negative = i < stop && s.charAt(i) == '-';
        if (negative)
        {
            i++;
        }
        if (i == stop || stop - i > 18)
        {
            return MISSING;
        }
        long v = 0;
        for (; i < stop; i++)
        {
            final int d = s.charAt(i) - '0';
            if (d < 0 || d > 9)
            {
                return MISSING;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    /** @return index just after the closing quote of the string starting at {@code i}, or -1. */
    private int skipString(final int i)
    {
        int k = i + 1;
        while (k < end)
        {
            final char c = s.charAt(k);
            if (c == '\\')
            {
                k += 2;
                continue;
            }
            if (c == '"')
            {
                return k + 1;
            }
            k++;
        }
        return -1;
    }

    /** Numbers, true, false, null: up to the next delimiter. */
    private int skipScalar(final int i)
    {
        int k = i;
        while (k < end)
        {
            final char c = s.charAt(k);
            if (c == ',' || c == '}' || c == ']' || c <= ' ')
            {
                break;
            }
            k++;
        }
        return k;
    }

    private int skipValue(final int i)
    {
        final char c = s.charAt(i);
        if (c == '"')
        {
            return skipString(i);
        }
        if (c != '{' && c != '[')
        {
            final int after = skipScalar(i);
            return after == i ? -1 : after;
        }
        int depth = 0;
        int k = i;
        while (k < end)
        {
            final char ch = s.charAt(k);
            if (ch == '"')
            {
                k = skipString(k);
                if (k < 0)
                {
                    return -1;
                }
                continue;
            }
            if (ch == '{' || ch == '[')
            {
                depth++;
            }
            else if (ch == '}' || ch == ']')
            {
                depth--;
                if (depth == 0)
                {
                    return k + 1;
                }
            }
            k++;
        }
        return -1;
    }

    private int skipWs(final int i)
    {
        int k = i;
        while (k < end)
        {
            final char c = s.charAt(k);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            {
                break;
            }
            k++;
        }
        return k;
    }
}
