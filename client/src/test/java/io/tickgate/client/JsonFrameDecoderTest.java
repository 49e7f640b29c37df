package io.tickgate.client;

import io.tickgate.codec.FixedPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JSON decoder: batched frames, frames in parts, exact prices from the number text, control messages.
 */
@Timeout(10)
class JsonFrameDecoderTest
{
    private final SymbolRegistry registry = new SymbolRegistry();
    private final List<String> quotes = new ArrayList<>();
    private final List<String> controls = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final JsonFrameDecoder decoder = new JsonFrameDecoder(registry, new FrameSink()
    {
        public void onControl(final ControlMessage message)
        {
            controls.add(message.type + " " + message.code + " " + message.symbols + " live=" + message.live +
                " hb=" + message.heartbeatMs + " id=" + message.id);
        }

        public void onQuote(final SymbolState state, final Quote quote)
        {
            names.add(quote.symbol());
            quotes.add(quote.kind() + " " + quote.symbol() + "#" + quote.seq() + " ts" + quote.ts() + " " +
                quote.bid() + "x" + quote.bidSize() + " " + quote.ask() + "x" + quote.askSize() + " " +
                quote.last() + "x" + quote.lastSize() + " v" + quote.volume());
        }
    });

    @Test
    void shouldParseBatchedQuotesWithExactPrices()
    {
        assertTrue(decoder.onText("[{\"type\":\"snapshot\",\"symbol\":\"AAPL\",\"seq\":1234,\"ts\":1764100000123456," +
            "\"bid\":189.12,\"bidSize\":300,\"ask\":189.14,\"askSize\":200,\"last\":189.13,\"lastSize\":100," +
            "\"volume\":1234567}," +
            "{\"symbol\":\"BRK.B\",\"type\":\"tick\",\"seq\":2,\"bid\":-0.5,\"ask\":5,\"last\":0.00000001," +
            "\"extra\":{\"nested\":[1,2.5,\"x\"]},\"ts\":7}]", true));

        assertEquals(List.of(
            "SNAPSHOT AAPL#1234 ts1764100000123456 18912000000x300 18914000000x200 18913000000x100 v1234567",
            "TICK BRK.B#2 ts7 -50000000x0 500000000x0 1x0 v0"), quotes);
        assertEquals(FixedPoint.parse("189.12"), 18_912_000_000L);
    }

    @Test
    void shouldNotRoundPricesThroughDouble()
    {
        // 0.1 + 0.2 style values and the largest whole part: exact only if parsed from the text
        assertTrue(decoder.onText("[{\"type\":\"tick\",\"symbol\":\"X\",\"seq\":1,\"bid\":92233720367.99999999," +
            "\"ask\":0.30000001,\"last\":12345678901.00000003}]", true));
        assertEquals(List.of("TICK X#1 ts0 9223372036799999999x0 30000001x0 1234567890100000003x0 v0"), quotes);
    }

    @Test
    void shouldParseAFrameDeliveredInParts()
    {
        final String text = "[{\"type\":\"tick\",\"symbol\":\"MSFT\",\"seq\":9,\"last\":400.25}," +
            "{\"type\":\"heartbeat\"," +
            "\"ts\":5}]";
        assertTrue(decoder.onText(text.substring(0, 17), false));
        assertTrue(decoder.onText(text.substring(17, 40), false));
        assertTrue(decoder.onText(text.substring(40), true));

        assertEquals(List.of("TICK MSFT#9 ts0 0x0 0x0 40025000000x0 v0"), quotes);
        assertEquals(List.of("heartbeat null [] live=false hb=0 id=" + Long.MIN_VALUE), controls);
    }

    @Test
    void shouldParseControlMessagesAcrossFrames()
    {
        assertTrue(decoder.onText("[{\"type\":\"welcome\",\"server\":\"tickgate/0.1.0\",\"protocol\":1," +
            "\"heartbeatMs\":5000}]", true));
        assertTrue(decoder.onText("[{\"type\":\"error\",\"code\":\"UNKNOWN_SYMBOL\"," +
            "\"message\":\"n\\u00e9 \\ud83d\\ude00\"," +
            "\"symbols\":[\"ZZZ\",\"YYY\"],\"id\":7},{\"type\":\"replayEnd\",\"live\":true,\"symbols\":[\"A\"]," +
            "\"id\":{\"k\":[1]}}]", true));
        assertTrue(decoder.onText("[{\"type\":\"subscribed\",\"symbols\":[\"é\"],\"id\":\"text\"}]", true));

        assertEquals(List.of(
            "welcome null [] live=false hb=5000 id=" + Long.MIN_VALUE,
            "error UNKNOWN_SYMBOL [ZZZ, YYY] live=false hb=0 id=7",
            "replayEnd null [A] live=true hb=0 id=" + Long.MIN_VALUE,
            "subscribed null [é] live=false hb=0 id=" + Long.MIN_VALUE), controls);
    }

    @Test
    void shouldReadTheExpiryOfWelcomeAndAuthenticatedAndWhenADrainingSaysToMove()
    {
        final List<String> seen = new ArrayList<>();
        final JsonFrameDecoder decoder = new JsonFrameDecoder(registry, new FrameSink()
        {
            public void onControl(final ControlMessage message)
            {
                seen.add(message.type + " exp=" + message.exp + " id=" + message.id + " after=" +
                    message.reconnectAfterMs);
            }

            public void onQuote(final SymbolState state, final Quote quote)
            {
            }
        });
        assertTrue(decoder.onText("[{\"type\":\"welcome\",\"server\":\"tickgate/0.1.0\",\"protocol\":1," +
            "\"heartbeatMs\":5000,\"sub\":\"alice\",\"exp\":1764103600,\"delay\":900}," +
            "{\"type\":\"authenticated\",\"exp\":1764107200,\"id\":3},{\"type\":\"heartbeat\",\"exp\":\"x\"}," +
            "{\"type\":\"draining\",\"reconnectAfterMs\":2500},{\"type\":\"draining\",\"reconnectAfterMs\":-5}," +
            "{\"type\":\"draining\",\"reconnectAfterMs\":\"soon\"}]", true));

        final String none = " id=" + Long.MIN_VALUE;
        assertEquals(List.of("welcome exp=1764103600" + none + " after=0", "authenticated exp=1764107200 id=3 after=0",
            "heartbeat exp=0" + none + " after=0", "draining exp=0" + none + " after=2500",
            "draining exp=0" + none + " after=0", "draining exp=0" + none + " after=0"), seen);
    }

    @Test
    void shouldReuseOneStringPerSymbol()
    {
        for (int i = 1; i <= 3; i++)
        {
            assertTrue(decoder.onText("[{\"type\":\"tick\",\"symbol\":\"AAPL\",\"seq\":" + i + "}]", true));
        }
        assertEquals(3, names.size());
        assertSame(names.get(0), names.get(2));
        assertSame(registry.lookup("AAPL").name, names.get(0));
    }

    @Test
    void shouldRefuseFramesThatAreNotArraysOfObjects()
    {
        assertFalse(new JsonFrameDecoder(registry, sinkIgnoringAll()).onText("{\"type\":\"tick\"}", true));
        assertFalse(new JsonFrameDecoder(registry, sinkIgnoringAll()).onText("[1]", true));
        assertFalse(new JsonFrameDecoder(registry, sinkIgnoringAll()).onText("[{\"type\":", true));
    }

    private static FrameSink sinkIgnoringAll()
    {
        return new FrameSink()
        {
            public void onControl(final ControlMessage message)
            {
            }

            public void onQuote(final SymbolState state, final Quote quote)
            {
            }
        };
    }
}
