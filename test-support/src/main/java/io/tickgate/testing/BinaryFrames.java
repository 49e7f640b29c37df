package io.tickgate.testing;

import io.tickgate.codec.BinaryQuote;
import io.tickgate.codec.FixedPoint;
import io.tickgate.codec.MessageHeaderDecoder;
import io.tickgate.codec.MessageHeaderEncoder;
import io.tickgate.codec.SymbolDefinitionDecoder;
import io.tickgate.codec.TickDecoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Test-only decoder of binary frames, written from docs/binary-format.md: each quote becomes the same map the JSON
 * stream gives, so the two streams can be compared field by field.
 */
public final class BinaryFrames
{
    private final Map<Integer, String> symbols = new HashMap<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final TickDecoder quote = new TickDecoder();
    private final SymbolDefinitionDecoder definition = new SymbolDefinitionDecoder();

    public List<Map<String, Object>> decode(final byte[] frame)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        final List<Map<String, Object>> quotes = new ArrayList<>();
        int offset = 0;
        while (offset < frame.length)
        {
            header.wrap(buffer, offset);
            assertEquals(MessageHeaderEncoder.SCHEMA_ID, header.schemaId());
            assertEquals(1, header.version());
            final int body = offset + MessageHeaderEncoder.ENCODED_LENGTH;
            if (BinaryQuote.SYMBOL_TEMPLATE_ID == header.templateId())
            {
                definition.wrap(buffer, body);
                symbols.put(definition.symbolId(),
                    buffer.getStringWithoutLengthAscii(definition.nameOffset(), definition.nameLength()));
            }
            else if (BinaryQuote.QUOTE_TEMPLATE_ID == header.templateId())
            {
                quote.wrap(buffer, body);
                final String symbol = symbols.get(quote.symbolId());
                if (null == symbol)
                {
                    throw new IllegalStateException("quote before its symbol definition: " + quote.symbolId());
                }
                final Map<String, Object> map = new LinkedHashMap<>();
                final byte kind = BinaryQuote.kind(buffer, body);
                map.put("type", kind == BinaryQuote.KIND_SNAPSHOT ? "snapshot" : kind == BinaryQuote.KIND_TICK ?
                    "tick" : "kind" + kind);
                map.put("symbol", symbol);
                map.put("seq", quote.seq());
                map.put("ts", quote.eventTimeMicros());
                map.put("bid", price(quote.bid()));
                map.put("bidSize", quote.bidSize());
                map.put("ask", price(quote.ask()));
                map.put("askSize", quote.askSize());
                map.put("last", price(quote.last()));
                map.put("lastSize", quote.lastSize());
                map.put("volume", quote.volume());
                quotes.add(map);
            }
            offset = body + header.blockLength();
        }
        return quotes;
    }

    /**
     * The JSON stream's number type for a price: BigDecimal for decimals, Long for whole numbers.
     */
    private static Object price(final long mantissa)
    {
        final BigDecimal value = new BigDecimal(FixedPoint.toString(mantissa));
        return value.scale() == 0 ? (Object)value.longValueExact() : value;
    }

    public static final class Accumulator
    {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        public void write(final ByteBuffer data)
        {
            final byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            bytes.writeBytes(chunk);
        }

        public byte[] take()
        {
            final byte[] frame = bytes.toByteArray();
            bytes.reset();
            return frame;
        }
    }
}
