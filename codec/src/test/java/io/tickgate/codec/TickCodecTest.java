package io.tickgate.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TickCodecTest
{
    private static final int OFFSET = 13;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[OFFSET + TickEncoder.ENCODED_LENGTH + 16]);
    private final TickEncoder encoder = new TickEncoder();
    private final TickDecoder decoder = new TickDecoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    @Test
    void shouldWriteHeaderWithTemplateSchemaVersionAndBlockLength()
    {
        buffer.setMemory(0, buffer.capacity(), (byte)0xFF);
        encoder.wrapAndApplyHeader(buffer, OFFSET);

        header.wrap(buffer, OFFSET);
        assertEquals(TickEncoder.BLOCK_LENGTH, header.blockLength());
        assertEquals(88, header.blockLength());
        assertEquals(TickEncoder.TEMPLATE_ID, header.templateId());
        assertEquals(MessageHeaderEncoder.SCHEMA_ID, header.schemaId());
        assertEquals(0x6774, header.schemaId());
        assertEquals(MessageHeaderEncoder.SCHEMA_VERSION, header.version());
        assertTrue(header.isReadable());
        assertEquals(0, buffer.getInt(OFFSET + MessageHeaderEncoder.ENCODED_LENGTH + TickEncoder.RESERVED_OFFSET),
            "reserved must be zeroed");
        assertEquals((byte)0xFF, buffer.getByte(OFFSET - 1), "must not write before the offset");
    }

    @Test
    void shouldLayOutHeaderLittleEndianUnsigned16()
    {
        new MessageHeaderEncoder().wrap(buffer, 0).write(0xFFFE, 0x8001);

        assertEquals((short)0xFFFE, buffer.getShort(0, ByteOrder.LITTLE_ENDIAN));
        assertEquals((byte)0xFE, buffer.getByte(0));
        assertEquals((byte)0x01, buffer.getByte(2));
        assertEquals((byte)0x74, buffer.getByte(4));
        assertEquals((byte)0x67, buffer.getByte(5));
        header.wrap(buffer, 0);
        assertEquals(0xFFFE, header.blockLength());
        assertEquals(0x8001, header.templateId());
    }

    @Test
    void shouldNotBeReadableForForeignSchemaOrVersionZero()
    {
        new MessageHeaderEncoder().wrap(buffer, 0).write(TickEncoder.BLOCK_LENGTH, TickEncoder.TEMPLATE_ID);
        buffer.putShort(MessageHeaderEncoder.SCHEMA_ID_OFFSET, (short)0x1234, ByteOrder.LITTLE_ENDIAN);
        assertEquals(false, header.wrap(buffer, 0).isReadable());

        new MessageHeaderEncoder().wrap(buffer, 0).write(TickEncoder.BLOCK_LENGTH, TickEncoder.TEMPLATE_ID);
        buffer.putShort(MessageHeaderEncoder.VERSION_OFFSET, (short)0, ByteOrder.LITTLE_ENDIAN);
        assertEquals(false, header.wrap(buffer, 0).isReadable());

        buffer.putShort(MessageHeaderEncoder.VERSION_OFFSET, (short)2, ByteOrder.LITTLE_ENDIAN);
        assertTrue(header.wrap(buffer, 0).isReadable());
    }

    @ParameterizedTest
    @ValueSource(longs = { Long.MIN_VALUE, Long.MIN_VALUE + 1, -18_912_000_000L, -1, 0, 1, 18_912_000_000L,
        Long.MAX_VALUE - 1, Long.MAX_VALUE })
    void shouldRoundTripEveryFieldWithExtremes(final long value)
    {
        encoder.wrapAndApplyHeader(buffer, OFFSET)
            .symbolId((int)value)
            .seq(value)
            .eventTimeMicros(value ^ 1)
            .ingestTimeNanos(value ^ 2)
            .bid(value ^ 3)
            .ask(value ^ 4)
            .last(value ^ 5)
            .bidSize(value ^ 6)
            .askSize(value ^ 7)
            .lastSize(value ^ 8)
            .volume(value ^ 9);

        decoder.wrap(buffer, OFFSET + MessageHeaderEncoder.ENCODED_LENGTH);
        assertEquals((int)value, decoder.symbolId());
        assertEquals(value, decoder.seq());
        assertEquals(value ^ 1, decoder.eventTimeMicros());
        assertEquals(value ^ 2, decoder.ingestTimeNanos());
        assertEquals(value ^ 3, decoder.bid());
        assertEquals(value ^ 4, decoder.ask());
        assertEquals(value ^ 5, decoder.last());
        assertEquals(value ^ 6, decoder.bidSize());
        assertEquals(value ^ 7, decoder.askSize());
        assertEquals(value ^ 8, decoder.lastSize());
        assertEquals(value ^ 9, decoder.volume());
        assertEquals(0, buffer.getInt(OFFSET + MessageHeaderEncoder.ENCODED_LENGTH + TickEncoder.RESERVED_OFFSET));
    }

    @Test
    void shouldKeepFieldsIndependentAtTheirDocumentedOffsets()
    {
        encoder.wrapAndApplyHeader(buffer, 0)
            .symbolId(7).seq(1).eventTimeMicros(2).ingestTimeNanos(3).bid(4).ask(5).last(6)
            .bidSize(7).askSize(8).lastSize(9).volume(10);
        final int body = MessageHeaderEncoder.ENCODED_LENGTH;

        assertEquals(7, buffer.getInt(body, ByteOrder.LITTLE_ENDIAN));
        final long[] expected = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
        for (int i = 0; i < expected.length; i++)
        {
            assertEquals(expected[i], buffer.getLong(body + 8 + i * 8, ByteOrder.LITTLE_ENDIAN), "field " + i);
        }
        assertEquals(TickEncoder.ENCODED_LENGTH, body + TickEncoder.VOLUME_OFFSET + 8);
    }

    @Test
    void shouldEncodeTickFieldsIntoRecord()
    {
        final TickFields fields = new TickFields();
        fields.eventTimeMicros = 1_764_100_000_123_456L;
        fields.bid = -5_000_000L;
        fields.bidSize = 300;
        fields.ask = Long.MAX_VALUE;
        fields.askSize = 200;
        fields.last = Long.MIN_VALUE;
        fields.lastSize = 100;
        fields.volume = 1_234_567;

        fields.encodeInto(encoder.wrapAndApplyHeader(buffer, OFFSET));

        decoder.wrap(buffer, OFFSET + MessageHeaderEncoder.ENCODED_LENGTH);
        assertEquals(fields.eventTimeMicros, decoder.eventTimeMicros());
        assertEquals(fields.bid, decoder.bid());
        assertEquals(fields.bidSize, decoder.bidSize());
        assertEquals(fields.ask, decoder.ask());
        assertEquals(fields.askSize, decoder.askSize());
        assertEquals(fields.last, decoder.last());
        assertEquals(fields.lastSize, decoder.lastSize());
        assertEquals(fields.volume, decoder.volume());
    }

    @Test
    void shouldAppendReadableText()
    {
        encoder.wrapAndApplyHeader(buffer, 0)
            .symbolId(3).seq(42).eventTimeMicros(1_764_100_000_123_456L).ingestTimeNanos(99)
            .bid(18_912_000_000L).bidSize(300).ask(-50_000_000L).askSize(200).last(500_000_000L).lastSize(100)
            .volume(Long.MAX_VALUE);

        final String text = decoder.wrap(buffer, MessageHeaderEncoder.ENCODED_LENGTH)
            .appendTo(new StringBuilder("> ")).toString();

        assertEquals("> Tick{symbolId=3, seq=42, eventTimeMicros=1764100000123456, ingestTimeNanos=99, bid=189.12, " +
            "bidSize=300, ask=-0.5, askSize=200, last=5, lastSize=100, volume=9223372036854775807}", text);
        assertEquals(buffer, decoder.buffer());
        assertEquals(MessageHeaderEncoder.ENCODED_LENGTH, decoder.offset());
    }
}
