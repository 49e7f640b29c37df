package io.tickgate.client;

import io.tickgate.protocol.WireFormat;
import io.tickgate.codec.FixedPoint;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The binary decoder against frames built by hand from docs/binary-format.md, not from the server's encoder.
 */
@Timeout(10)
class BinaryFrameDecoderTest
{
    private final SymbolRegistry registry = new SymbolRegistry();
    private final List<String> decoded = new ArrayList<>();
    private final List<Quote.Kind> kinds = new ArrayList<>();
    private final BinaryFrameDecoder decoder = new BinaryFrameDecoder(registry, (state, quote) ->
    {
        assertSame(state.name, quote.symbol());
        kinds.add(quote.kind());
        decoded.add(quote.symbol() + "#" + quote.seq() + " " + FixedPoint.toString(quote.bid()) + "/" +
            FixedPoint.toString(quote.ask()) + " " + FixedPoint.toString(quote.last()) + " " + quote.bidSize() + "/" +
            quote.askSize() + "/" + quote.lastSize() + " v" + quote.volume() + " ts" + quote.ts() + " in" +
            quote.ingestTimeNanos());
    });
    private final ExpandableArrayBuffer frame = new ExpandableArrayBuffer(1024);
    private int length;

    @Test
    void shouldDecodeTheDocumentedExampleBytes()
    {
        final byte[] bytes = hex(
            "18 00 0a 00 74 67 01 00 00 00 00 00 04 00 00 00 41 41 50 4c 00 00 00 00 00 00 00 00 00 00 00 00" +
            " 58 00 0b 00 74 67 01 00 00 00 00 00 01 00 00 00 d2 04 00 00 00 00 00 00" + " 00".repeat(72));
        assertTrue(decoder.onFrame(ByteBuffer.wrap(bytes), 0, bytes.length));
        assertEquals(List.of("AAPL#1234 0/0 0 0/0/0 v0 ts0 in0"), decoded);
        assertEquals(List.of(Quote.Kind.TICK), kinds);
    }

    @Test
    void shouldDecodeSymbolDefinitionThenSeveralQuotesInOneFrame()
    {
        symbolDefinition(0, "AAPL");
        quote(0, WireFormat.KIND_SNAPSHOT, 7, "189.12", WireFormat.QUOTE_BLOCK_LENGTH);
        symbolDefinition(3, "BRK.B");
        quote(3, WireFormat.KIND_TICK, 1, "-0.5", WireFormat.QUOTE_BLOCK_LENGTH);
        quote(0, WireFormat.KIND_TICK, 8, "0.00000001", WireFormat.QUOTE_BLOCK_LENGTH);

        assertTrue(decoder.onFrame(wire(), 0, length));

        assertEquals(List.of(
            "AAPL#7 189.11/189.13 189.12 300/200/100 v7000 ts1764100000000007 in1764100000000000007",
            "BRK.B#1 -0.51/-0.49 -0.5 300/200/100 v1000 ts1764100000000001 in1764100000000000001",
            "AAPL#8 -0.00999999/0.01000001 0.00000001 300/200/100 v8000 ts1764100000000008 in1764100000000000008"),
            decoded);
        assertEquals(List.of(Quote.Kind.SNAPSHOT, Quote.Kind.TICK, Quote.Kind.TICK), kinds);
    }

    @Test
    void shouldSkipUnknownTemplatesAndSchemasByBlockLength()
    {
        symbolDefinition(0, "MSFT");
        record(99, 0x6774, 13);
        record(11, 0x1234, 200);
        quote(0, WireFormat.KIND_TICK, 5, "400", WireFormat.QUOTE_BLOCK_LENGTH);

        assertTrue(decoder.onFrame(wire(), 0, length));

        assertEquals(1, decoded.size());
        assertTrue(decoded.get(0).startsWith("MSFT#5 399.99/400.01 400 "), decoded.get(0));
        assertEquals(2, decoder.skipped());
    }

    @Test
    void shouldIgnoreFieldsAppendedByALaterVersion()
    {
        symbolDefinitionWithBlockLength(1, "IBM", 40);
        quote(1, WireFormat.KIND_TICK, 2, "150.25", WireFormat.QUOTE_BLOCK_LENGTH + 24);
        quote(1, WireFormat.KIND_TICK, 3, "150.5", WireFormat.QUOTE_BLOCK_LENGTH);

        assertTrue(decoder.onFrame(wire(), 0, length));

        assertEquals(2, decoded.size());
        assertTrue(decoded.get(0).startsWith("IBM#2 150.24/150.26 150.25 "), decoded.get(0));
        assertTrue(decoded.get(1).startsWith("IBM#3 150.49/150.51 150.5 "), decoded.get(1));
    }

    @Test
    void shouldDecodeInPlaceFromAByteBufferSlice()
    {
        symbolDefinition(0, "AAPL");
        quote(0, WireFormat.KIND_TICK, 42, "1.5", WireFormat.QUOTE_BLOCK_LENGTH);
        final ByteBuffer direct = ByteBuffer.allocateDirect(length + 10);
        direct.position(10);
        direct.put(frame.byteArray(), 0, length);
        direct.position(10);

        assertTrue(decoder.onFrame(direct, direct.position(), direct.remaining()));

        assertEquals(1, decoded.size());
        assertTrue(decoded.get(0).startsWith("AAPL#42 1.49/1.51 1.5 "), decoded.get(0));
    }

    @Test
    void shouldKeepTheSameStringPerSymbolAcrossFrames()
    {
        final List<String> names = new ArrayList<>();
        final BinaryFrameDecoder decoder =
            new BinaryFrameDecoder(registry, (state, quote) -> names.add(quote.symbol()));
        symbolDefinition(0, "AAPL");
        quote(0, WireFormat.KIND_TICK, 1, "1", WireFormat.QUOTE_BLOCK_LENGTH);
        assertTrue(decoder.onFrame(wire(), 0, length));
        length = 0;
        quote(0, WireFormat.KIND_TICK, 2, "1", WireFormat.QUOTE_BLOCK_LENGTH);
        assertTrue(decoder.onFrame(wire(), 0, length));

        assertEquals(2, names.size());
        assertSame(names.get(0), names.get(1));
        assertSame(registry.lookup("AAPL").name, names.get(0));
    }

    @Test
    void shouldRefuseTruncatedRecordAndQuoteOfUndefinedSymbol()
    {
        symbolDefinition(0, "AAPL");
        quote(0, WireFormat.KIND_TICK, 1, "1", WireFormat.QUOTE_BLOCK_LENGTH);
        assertFalse(decoder.onFrame(wire(), 0, length - 1));
        assertEquals(0, decoded.size());

        length = 0;
        quote(5, WireFormat.KIND_TICK, 1, "1", WireFormat.QUOTE_BLOCK_LENGTH);
        assertFalse(new BinaryFrameDecoder(registry, (state, quote) -> decoded.add("x")).onFrame(wire(), 0, length));
        assertEquals(0, decoded.size());
    }

    private void symbolDefinition(final int symbolId, final String name)
    {
        symbolDefinitionWithBlockLength(symbolId, name, WireFormat.SYMBOL_BLOCK_LENGTH);
    }

    private void symbolDefinitionWithBlockLength(final int symbolId, final String name, final int blockLength)
    {
        final int body = header(blockLength, 10, 0x6774);
        frame.putInt(body, symbolId, LITTLE_ENDIAN);
        frame.putInt(body + 4, name.length(), LITTLE_ENDIAN);
        final byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        frame.setMemory(body + 8, 16, (byte)0);
        frame.putBytes(body + 8, bytes);
        fill(frame, body + 24, blockLength - 24);
        length = body + blockLength;
    }

    private void quote(final int symbolId, final int kind, final long seq, final String last, final int blockLength)
    {
        final int body = header(blockLength, 11, 0x6774);
        final long price = FixedPoint.parse(last);
        frame.putInt(body, symbolId, LITTLE_ENDIAN);
        frame.putByte(body + 4, (byte)kind);
        frame.putByte(body + 5, (byte)0x80); // an unknown flag bit, to be ignored
        frame.putShort(body + 6, (short)0, LITTLE_ENDIAN);
        frame.putLong(body + 8, seq, LITTLE_ENDIAN);
        frame.putLong(body + 16, 1_764_100_000_000_000L + seq, LITTLE_ENDIAN);
        frame.putLong(body + 24, 1_764_100_000_000_000_000L + seq, LITTLE_ENDIAN);
        frame.putLong(body + 32, price - 1_000_000, LITTLE_ENDIAN);
        frame.putLong(body + 40, price + 1_000_000, LITTLE_ENDIAN);
        frame.putLong(body + 48, price, LITTLE_ENDIAN);
        frame.putLong(body + 56, 300, LITTLE_ENDIAN);
        frame.putLong(body + 64, 200, LITTLE_ENDIAN);
        frame.putLong(body + 72, 100, LITTLE_ENDIAN);
        frame.putLong(body + 80, seq * 1000, LITTLE_ENDIAN);
        fill(frame, body + WireFormat.QUOTE_BLOCK_LENGTH, blockLength - WireFormat.QUOTE_BLOCK_LENGTH);
        length = body + blockLength;
    }

    private void record(final int templateId, final int schemaId, final int blockLength)
    {
        final int body = header(blockLength, templateId, schemaId);
        fill(frame, body, blockLength);
        length = body + blockLength;
    }

    private int header(final int blockLength, final int templateId, final int schemaId)
    {
        frame.putShort(length, (short)blockLength, LITTLE_ENDIAN);
        frame.putShort(length + 2, (short)templateId, LITTLE_ENDIAN);
        frame.putShort(length + 4, (short)schemaId, LITTLE_ENDIAN);
        frame.putShort(length + 6, (short)1, LITTLE_ENDIAN);
        return length + 8;
    }

    /** The frame as the JDK hands it over: a ByteBuffer in the default (big-endian) order. */
    private ByteBuffer wire()
    {
        return ByteBuffer.wrap(frame.byteArray());
    }

    private static void fill(final MutableDirectBuffer buffer, final int offset, final int count)
    {
        buffer.setMemory(offset, Math.max(0, count), (byte)0x5A);
    }

    private static byte[] hex(final String text)
    {
        final String[] parts = text.trim().split("\\s+");
        final byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++)
        {
            bytes[i] = (byte)Integer.parseInt(parts[i], 16);
        }
        return bytes;
    }
}
