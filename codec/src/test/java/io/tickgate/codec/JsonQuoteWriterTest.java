package io.tickgate.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonQuoteWriterTest
{
    private static final int OFFSET = 7;
    private static final JsonFactory JSON = new JsonFactory();

    private final UnsafeBuffer record = new UnsafeBuffer(new byte[TickEncoder.ENCODED_LENGTH]);
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[OFFSET + JsonQuoteWriter.MAX_LENGTH + 8]);
    private final TickEncoder encoder = new TickEncoder();
    private final TickDecoder decoder = new TickDecoder();
    private final SymbolTable symbols = new SymbolTable(8);

    @Test
    void shouldWriteTickExactly()
    {
        final int id = add("AAPL");
        encode(id, 1234, 1_764_100_000_123_456L, 18_912_000_000L, 300, 18_914_000_000L, 200, 18_913_000_000L, 100,
            1_234_567);

        assertEquals("{\"type\":\"tick\",\"symbol\":\"AAPL\",\"seq\":1234,\"ts\":1764100000123456," +
            "\"bid\":189.12,\"bidSize\":300,\"ask\":189.14,\"askSize\":200,\"last\":189.13,\"lastSize\":100," +
            "\"volume\":1234567}", write(JsonQuoteWriter.Type.TICK));
    }

    @Test
    void shouldWriteSnapshotWithNegativeAndZeroPrices()
    {
        add("AAPL");
        final int id = add("CL:F27-SPREAD");
        encode(id, 1, 0, -50_000_000L, 0, 0, 0, -1, 5, 0);

        assertEquals("{\"type\":\"snapshot\",\"symbol\":\"CL:F27-SPREAD\",\"seq\":1,\"ts\":0," +
            "\"bid\":-0.5,\"bidSize\":0,\"ask\":0,\"askSize\":0,\"last\":-0.00000001,\"lastSize\":5," +
            "\"volume\":0}", write(JsonQuoteWriter.Type.SNAPSHOT));
    }

    @Test
    void shouldWriteBigVolumesAndWholePrices()
    {
        final int id = add("BRK.A");
        encode(id, Long.MAX_VALUE, Long.MAX_VALUE, 70_000_000_000_000L, Long.MAX_VALUE, 9_223_372_036_799_999_999L,
            1, -9_223_372_036_799_999_999L, 2, Long.MAX_VALUE);

        assertEquals("{\"type\":\"tick\",\"symbol\":\"BRK.A\",\"seq\":9223372036854775807," +
            "\"ts\":9223372036854775807,\"bid\":700000,\"bidSize\":9223372036854775807," +
            "\"ask\":92233720367.99999999,\"askSize\":1,\"last\":-92233720367.99999999,\"lastSize\":2," +
            "\"volume\":9223372036854775807}", write(JsonQuoteWriter.Type.TICK));
    }

    @ParameterizedTest
    @EnumSource(JsonQuoteWriter.Type.class)
    void shouldStayUnderMaxLengthAndParseForWorstCaseValues(final JsonQuoteWriter.Type type) throws IOException
    {
        final String symbol = "ABCDEFGHIJKLMNOP";
        final int id = add(symbol);
        for (final long value : new long[]{ Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, -1, 0 })
        {
            encode(id, value, value, value, value, value, value, value, value, value);
            out.setMemory(0, out.capacity(), (byte)'#');

            final int length = JsonQuoteWriter.write(type, decoder.wrap(record, MessageHeaderEncoder.ENCODED_LENGTH),
                symbols, out, OFFSET);

            assertTrue(length <= JsonQuoteWriter.MAX_LENGTH, "length " + length);
            assertEquals((byte)'#', out.getByte(OFFSET - 1));
            assertEquals((byte)'#', out.getByte(OFFSET + length));
            final Map<String, Object> fields = parse(out.getStringWithoutLengthAscii(OFFSET, length));
            assertEquals(List.of("type", "symbol", "seq", "ts", "bid", "bidSize", "ask", "askSize", "last",
                "lastSize", "volume"), List.copyOf(fields.keySet()));
            assertEquals(type.name().toLowerCase(), fields.get("type"));
            assertEquals(symbol, fields.get("symbol"));
            for (final String name : new String[]{ "seq", "ts", "bidSize", "askSize", "lastSize", "volume" })
            {
                assertEquals(new BigDecimal(value), fields.get(name), name);
            }
            for (final String name : new String[]{ "bid", "ask", "last" })
            {
                assertEquals(0, BigDecimal.valueOf(value, FixedPoint.DECIMALS).compareTo((BigDecimal)fields.get(name)),
                    name + "=" + fields.get(name));
            }
        }
    }

    @Test
    void shouldProduceParseableJsonForEveryTickOfATable() throws IOException
    {
        for (final String symbol : new String[]{ "A", "a/b", "x_y:z-1.2", "0" })
        {
            final int id = add(symbol);
            encode(id, id + 1, 17, 1, 2, 3, 4, 5, 6, 7);
            final Map<String, Object> fields = parse(write(JsonQuoteWriter.Type.TICK));
            assertEquals(symbol, fields.get("symbol"));
            assertEquals(new BigDecimal(id + 1), fields.get("seq"));
            assertEquals(new BigDecimal("0.00000001"), fields.get("bid"));
        }
    }

    private int add(final String symbol)
    {
        final byte[] bytes = symbol.getBytes(StandardCharsets.US_ASCII);
        final int id = symbols.add(new UnsafeBuffer(bytes), 0, bytes.length);
        assertTrue(id >= 0, symbol);
        return id;
    }

    private void encode(
        final int symbolId,
        final long seq,
        final long ts,
        final long bid,
        final long bidSize,
        final long ask,
        final long askSize,
        final long last,
        final long lastSize,
        final long volume)
    {
        encoder.wrapAndApplyHeader(record, 0).symbolId(symbolId).seq(seq).eventTimeMicros(ts).ingestTimeNanos(-7)
            .bid(bid).bidSize(bidSize).ask(ask).askSize(askSize).last(last).lastSize(lastSize).volume(volume);
    }

    private String write(final JsonQuoteWriter.Type type)
    {
        final int length = JsonQuoteWriter.write(
            type, decoder.wrap(record, MessageHeaderEncoder.ENCODED_LENGTH), symbols, out, OFFSET);
        return out.getStringWithoutLengthAscii(OFFSET, length);
    }

    /** Flat object of strings and numbers; every number as an exact BigDecimal. Fails on anything else. */
    private static Map<String, Object> parse(final String json) throws IOException
    {
        final Map<String, Object> fields = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(json))
        {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken(), json);
            JsonToken token;
            while (JsonToken.END_OBJECT != (token = parser.nextToken()))
            {
                assertEquals(JsonToken.FIELD_NAME, token, json);
                final String name = parser.currentName();
                assertFalse(fields.containsKey(name), "duplicate " + name + " in " + json);
                final JsonToken value = parser.nextToken();
                if (JsonToken.VALUE_STRING == value)
                {
                    fields.put(name, parser.getText());
                }
                else if (JsonToken.VALUE_NUMBER_INT == value || JsonToken.VALUE_NUMBER_FLOAT == value)
                {
                    fields.put(name, parser.getDecimalValue());
                }
                else
                {
                    throw new AssertionError("unexpected " + value + " for " + name + " in " + json);
                }
            }
            assertEquals(null, parser.nextToken(), "trailing content in " + json);
        }
        return fields;
    }
}
