package io.tickgate.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SymbolDefinitionCodecTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
    private final SymbolDefinitionDecoder decoder = new SymbolDefinitionDecoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    @ParameterizedTest
    @ValueSource(strings = { "A", "AAPL", "BRK.B", "ES:Z26/CME-x_1", "ABCDEFGHIJKLMNOP" })
    void shouldRoundTripSymbolDefinition(final String symbol)
    {
        final UnsafeBuffer name = new UnsafeBuffer(("xx" + symbol).getBytes(StandardCharsets.US_ASCII));
        buffer.setMemory(0, buffer.capacity(), (byte)'#');

        final int written = SymbolDefinitionEncoder.encode(
            buffer, 5, SymbolDefinitionEncoder.TEMPLATE_ID, 1234, name, 2, symbol.length());

        assertEquals(SymbolDefinitionEncoder.ENCODED_LENGTH, written);
        assertEquals(32, written);
        header.wrap(buffer, 5);
        assertEquals(SymbolDefinitionEncoder.BLOCK_LENGTH, header.blockLength());
        assertEquals(SymbolDefinitionEncoder.TEMPLATE_ID, header.templateId());
        assertEquals(MessageHeaderEncoder.SCHEMA_ID, header.schemaId());
        assertEquals(MessageHeaderEncoder.SCHEMA_VERSION, header.version());
        assertTrue(header.isReadable());

        decoder.wrap(buffer, 5 + MessageHeaderEncoder.ENCODED_LENGTH);
        assertEquals(1234, decoder.symbolId());
        assertEquals(symbol.length(), decoder.nameLength());
        assertEquals(symbol, decoder.buffer().getStringWithoutLengthAscii(decoder.nameOffset(), decoder.nameLength()));
        for (int i = symbol.length(); i < Symbols.MAX_LENGTH; i++)
        {
            assertEquals(0, buffer.getByte(decoder.nameOffset() + i), "zero padding at " + i);
        }
        assertEquals((byte)'#', buffer.getByte(4));
        assertEquals((byte)'#', buffer.getByte(5 + written));
    }

    @Test
    void shouldBuildSameTableFromDecodedDefinitions()
    {
        final SymbolTable source = new SymbolTable(8);
        source.add(new UnsafeBuffer("AAPL".getBytes(StandardCharsets.US_ASCII)), 0, 4);
        source.add(new UnsafeBuffer("MSFT".getBytes(StandardCharsets.US_ASCII)), 0, 4);
        final SymbolTable copy = new SymbolTable(8);

        for (int id = 0; id < source.count(); id++)
        {
            SymbolDefinitionEncoder.encode(buffer, 0, SymbolDefinitionEncoder.TEMPLATE_ID, id, source.nameBytes(),
                source.nameOffset(id), source.nameLength(id));
            decoder.wrap(buffer, MessageHeaderEncoder.ENCODED_LENGTH);
            assertEquals(id, copy.define(decoder.symbolId(), buffer, decoder.nameOffset(), decoder.nameLength()));
        }

        assertEquals(2, copy.count());
        assertEquals("AAPL", copy.name(0));
        assertEquals("MSFT", copy.name(1));
        assertEquals(1, copy.lookup("MSFT"));
    }
}
