package io.tickgate.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import io.tickgate.protocol.AsciiReader;
import io.tickgate.protocol.Prices;
import io.tickgate.protocol.WireFormat;

import java.io.IOException;
import java.util.Arrays;

/**
 * Parses the gateway's JSON text frames (each an array of message objects) with one jackson-core non-blocking
 * parser per connection, fed whole frames, so a steady stream allocates nothing per frame or per quote: field names
 * are canonicalised by jackson, symbols are looked up from the raw characters, and prices are parsed exactly from
 * the number's own characters with {@link Prices#parse}, never through a double.
 * <b>Note:</b> not threadsafe; one instance per connection.
 */
final class JsonFrameDecoder
{
    private static final JsonFactory FACTORY = new JsonFactory();

    private final SymbolRegistry registry;
    private final FrameSink sink;
    private final JsonParser parser;
    private final ByteArrayFeeder feeder;
    private final Quote quote = new Quote();
    private final ControlMessage control = new ControlMessage();
    private byte[] bytes = new byte[64 * 1024];
    private int length;
    private char pendingHighSurrogate;
    private String failure;

    JsonFrameDecoder(final SymbolRegistry registry, final FrameSink sink)
    {
        this.registry = registry;
        this.sink = sink;
        try
        {
            parser = FACTORY.createNonBlockingByteArrayParser();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        feeder = (ByteArrayFeeder)parser.getNonBlockingInputFeeder();
    }

    /**
     * Take one part of a text message; the whole message is parsed when its last part arrives.
     *
     * @param data the part.
     * @param last true for the message's last part.
     * @return false when the frame is malformed; {@link #failure()} says why.
     */
    boolean onText(final CharSequence data, final boolean last)
    {
        append(data);
        if (!last)
        {
            return true;
        }
        try
        {
            feeder.feedInput(bytes, 0, length);
            return parseFrame();
        }
        catch (final IOException | RuntimeException ex)
        {
            failure = String.valueOf(ex.getMessage());
            return false;
        }
        finally
        {
            length = 0;
        }
    }

    /**
     * @return why the last malformed frame was refused.
     */
    String failure()
    {
        return failure;
    }

    private boolean parseFrame() throws IOException
    {
        if (JsonToken.START_ARRAY != parser.nextToken())
        {
            failure = "frame is not a JSON array";
            return false;
        }
        JsonToken token;
        while (JsonToken.START_OBJECT == (token = parser.nextToken()))
        {
            if (!parseMessage())
            {
                return false;
            }
        }
        if (JsonToken.END_ARRAY != token)
        {
            failure = "array element is not an object: " + token;
            return false;
        }
        if (JsonToken.NOT_AVAILABLE != parser.nextToken())
        {
            failure = "text after the frame's array";
            return false;
        }
        return true;
    }

    private boolean parseMessage() throws IOException
    {
        quote.resetForJson();
        control.reset();
        SymbolState symbol = null;
        int kind = 0;
        JsonToken token;
        while (JsonToken.FIELD_NAME == (token = parser.nextToken()))
        {
            final String name = parser.currentName();
            token = parser.nextToken();
            switch (name)
            {
                case "type":
                    kind = quoteKind();
                    if (0 == kind)
                    {
                        control.type = parser.getText();
                    }
                    break;
                case "symbol":
                    if (JsonToken.VALUE_STRING == token)
                    {
                        symbol = registry.lookup(
                            parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
                    }
                    break;
                case "seq":
                    quote.seq(parser.getLongValue());
                    break;
                case "ts":
                    quote.ts(parser.getLongValue());
                    control.ts = quote.ts();
                    break;
                case "bid":
                    quote.bid(price());
                    break;
                case "ask":
                    quote.ask(price());
                    break;
                case "last":
                    quote.last(price());
                    break;
                case "bidSize":
                    quote.bidSize(parser.getLongValue());
                    break;
                case "askSize":
                    quote.askSize(parser.getLongValue());
                    break;
                case "lastSize":
                    quote.lastSize(parser.getLongValue());
                    break;
                case "volume":
                    quote.volume(parser.getLongValue());
                    break;
                default:
                    onControlField(name, token);
                    break;
            }
        }
        if (JsonToken.END_OBJECT != token)
        {
            failure = "message object not closed: " + token;
            return false;
        }

        if (0 != kind && null != symbol)
        {
            quote.symbol(symbol.name);
            quote.kind(WireFormat.KIND_SNAPSHOT == kind ? Quote.Kind.SNAPSHOT : Quote.Kind.TICK);
            sink.onQuote(symbol, quote);
        }
        else if (null != control.type)
        {
            sink.onControl(control);
        }
        return true;
    }

    private void onControlField(final String name, final JsonToken token) throws IOException
    {
        switch (name)
        {
            case "symbols":
                if (JsonToken.START_ARRAY == token)
                {
                    JsonToken element;
                    while (JsonToken.END_ARRAY != (element = parser.nextToken()))
                    {
                        if (JsonToken.VALUE_STRING == element)
                        {
                            control.symbols.add(parser.getText());
                        }
                        else
                        {
                            parser.skipChildren();
                        }
                    }
                }
                break;
            case "code":
                control.code = parser.getText();
                break;
            case "message":
                control.message = parser.getText();
                break;
            case "server":
                control.server = parser.getText();
                break;
            case "reason":
                control.reason = parser.getText();
                break;
            case "mode":
                control.mode = parser.getText();
                break;
            case "live":
                control.live = JsonToken.VALUE_TRUE == token;
                break;
            case "heartbeatMs":
                control.heartbeatMs = parser.getLongValue();
                break;
            case "protocol":
                control.protocol = parser.getIntValue();
                break;
            case "exp":
                control.exp = JsonToken.VALUE_NUMBER_INT == token ? parser.getLongValue() : 0;
                break;
            case "reconnectAfterMs":
                control.reconnectAfterMs = JsonToken.VALUE_NUMBER_INT == token ? Math.max(0, parser.getLongValue()) : 0;
                break;
            case "id":
                if (JsonToken.VALUE_NUMBER_INT == token)
                {
                    control.id = parser.getLongValue();
                }
                else
                {
                    parser.skipChildren();
                }
                break;
            default:
                parser.skipChildren();
                break;
        }
    }

    private int quoteKind() throws IOException
    {
        final char[] chars = parser.getTextCharacters();
        final int offset = parser.getTextOffset();
        final int textLength = parser.getTextLength();
        if (4 == textLength && 't' == chars[offset] && 'i' == chars[offset + 1] && 'c' == chars[offset + 2] &&
            'k' == chars[offset + 3])
        {
            return WireFormat.KIND_TICK;
        }
        if (8 == textLength && 's' == chars[offset] && 'n' == chars[offset + 1] && 'a' == chars[offset + 2] &&
            'p' == chars[offset + 3] && 's' == chars[offset + 4] && 'h' == chars[offset + 5] &&
            'o' == chars[offset + 6] && 't' == chars[offset + 7])
        {
            return WireFormat.KIND_SNAPSHOT;
        }
        return 0;
    }

    private long price() throws IOException
    {
        return Prices.parse(
            parser.getTextCharacters(), AsciiReader.CHARS, parser.getTextOffset(), parser.getTextLength());
    }

    private void append(final CharSequence data)
    {
        final int count = data.length();
        ensureCapacity(length + count * 3 + 4);
        final byte[] out = bytes;
        int position = length;
        for (int i = 0; i < count; i++)
        {
            final char c = data.charAt(i);
            if (c < 0x80 && 0 == pendingHighSurrogate)
            {
                out[position++] = (byte)c;
            }
            else
            {
                position = appendNonAscii(out, position, c);
            }
        }
        length = position;
    }

    private int appendNonAscii(final byte[] out, final int start, final char c)
    {
        int position = start;
        if (0 != pendingHighSurrogate)
        {
            final char high = pendingHighSurrogate;
            pendingHighSurrogate = 0;
            if (Character.isLowSurrogate(c))
            {
                final int codePoint = Character.toCodePoint(high, c);
                out[position++] = (byte)(0xF0 | (codePoint >> 18));
                out[position++] = (byte)(0x80 | ((codePoint >> 12) & 0x3F));
                out[position++] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
                out[position++] = (byte)(0x80 | (codePoint & 0x3F));
                return position;
            }
            out[position++] = (byte)'?';
        }
        if (c < 0x80)
        {
            out[position++] = (byte)c;
        }
        else if (c < 0x800)
        {
            out[position++] = (byte)(0xC0 | (c >> 6));
            out[position++] = (byte)(0x80 | (c & 0x3F));
        }
        else if (Character.isHighSurrogate(c))
        {
            pendingHighSurrogate = c;
        }
        else if (Character.isLowSurrogate(c))
        {
            out[position++] = (byte)'?';
        }
        else
        {
            out[position++] = (byte)(0xE0 | (c >> 12));
            out[position++] = (byte)(0x80 | ((c >> 6) & 0x3F));
            out[position++] = (byte)(0x80 | (c & 0x3F));
        }
        return position;
    }

    private void ensureCapacity(final int required)
    {
        if (required > bytes.length)
        {
            bytes = Arrays.copyOf(bytes, Math.max(required, bytes.length * 2));
        }
    }
}
