package io.tickgate.gateway.publisher;

import io.tickgate.codec.BinaryQuote;
import io.tickgate.codec.MessageHeaderEncoder;
import io.tickgate.codec.SymbolTable;
import io.tickgate.codec.TickDecoder;
import io.tickgate.testing.Json;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.tickgate.gateway.publisher.LastValueCache.PAYLOAD_HEADER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LastValueCacheTest
{
    private static final int AAPL = 0;
    private static final int MSFT = 1;

    private final SymbolTable symbols = new SymbolTable(8);
    private final LastValueCache lvc = new LastValueCache(8);

    LastValueCacheTest()
    {
        for (final String name : new String[]{"AAPL", "MSFT"})
        {
            final byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
            symbols.add(new UnsafeBuffer(bytes), 0, bytes.length);
        }
    }

    @Test
    void keepsTheLatestTickOfEachSymbol()
    {
        assertFalse(lvc.has(AAPL));
        lvc.update(Ticks.tick(AAPL, 1, 10), symbols, false, false);
        lvc.update(Ticks.tick(MSFT, 1, 11), symbols, false, false);
        lvc.update(Ticks.tick(AAPL, 2, 12), symbols, false, false);
        assertTrue(lvc.has(AAPL));
        assertEquals(2, lvc.tick(AAPL).seq());
        assertEquals(12, lvc.tick(AAPL).eventTimeMicros());
        assertEquals(1, lvc.tick(MSFT).seq());
        assertFalse(lvc.has(2));
    }

    @Test
    void growsWithTheSymbolsThatHaveTicksKeepingWhatItHeldUpToTheCapacity()
    {
        final int capacity = 3 * LastValueCache.INITIAL_SYMBOLS - 100;
        final SymbolTable many = new SymbolTable(capacity);
        for (int i = 0; i < capacity; i++)
        {
            final byte[] bytes = ("S" + i).getBytes(StandardCharsets.US_ASCII);
            many.add(new UnsafeBuffer(bytes), 0, bytes.length);
        }
        final LastValueCache grown = new LastValueCache(capacity);
        assertEquals(LastValueCache.INITIAL_SYMBOLS, grown.slots(), "starts small");
        grown.update(Ticks.tick(7, 1, 10, 111, 5_00000000L), many, true, true);
        assertFalse(grown.has(capacity - 1), "a symbol past the slabs has no value yet");
        assertEquals(0, grown.seq(capacity - 1));

        grown.update(Ticks.tick(LastValueCache.INITIAL_SYMBOLS, 3, 11, 222, 6_00000000L), many, true, false);
        assertEquals(2 * LastValueCache.INITIAL_SYMBOLS, grown.slots(), "doubled");
        grown.update(Ticks.tick(capacity - 1, 4, 12, 333, 7_00000000L), many, false, true);
        assertEquals(capacity, grown.slots(), "never past the capacity");

        assertEquals(1, grown.tick(7).seq(), "kept across both growths");
        assertEquals(Map.of("type", "tick", "symbol", "S7", "seq", 1L, "last", 5L),
            jsonFields(grown.tickPayloads(false), 7));
        assertEquals(111, ingestNanos(grown.tickPayloads(true), 7));
        assertEquals(3, grown.seq(LastValueCache.INITIAL_SYMBOLS));
        assertEquals(222, ingestNanos(grown.tickPayloads(false), LastValueCache.INITIAL_SYMBOLS));
        assertEquals(4, grown.tick(capacity - 1).seq());
        assertEquals(333, ingestNanos(grown.tickPayloads(true), capacity - 1));
    }

    @Test
    void encodesATickOnlyInTheFormatsThatHaveSubscribersAsIngestTimeThenMessage()
    {
        lvc.update(Ticks.tick(AAPL, 1, 10, 111, 5_00000000L), symbols, true, false);
        assertEquals(Map.of("type", "tick", "symbol", "AAPL", "seq", 1L, "last", 5L),
            jsonFields(lvc.tickPayloads(false), AAPL));
        assertEquals(111, ingestNanos(lvc.tickPayloads(false), AAPL));
        assertEquals(0, lvc.tickPayloads(true).length(AAPL), "no binary subscriber: not encoded");

        lvc.update(Ticks.tick(AAPL, 2, 11, 222, 6_00000000L), symbols, false, true);
        final LastValueCache.PayloadSlots binary = lvc.tickPayloads(true);
        assertEquals(PAYLOAD_HEADER + BinaryQuote.QUOTE_LENGTH, binary.length(AAPL));
        assertEquals(222, ingestNanos(binary, AAPL));
        assertEquals(BinaryQuote.KIND_TICK, kind(binary.buffer(), binary.offset(AAPL) + PAYLOAD_HEADER));
        assertEquals(2, quote(binary.buffer(), binary.offset(AAPL) + PAYLOAD_HEADER).seq());
        assertEquals(1L, jsonFields(lvc.tickPayloads(false), AAPL).get("seq"),
            "no JSON subscriber: the JSON slot was not encoded again");

        lvc.update(Ticks.tick(MSFT, 1, 12, 333, 7_00000000L), symbols, true, true);
        assertEquals("MSFT", jsonFields(lvc.tickPayloads(false), MSFT).get("symbol"));
        assertEquals(2, quote(binary.buffer(), binary.offset(AAPL) + PAYLOAD_HEADER).seq(), "slots are per symbol");
    }

    @Test
    void aSnapshotIsTheLatestTickAsASnapshotWithNoIngestTime()
    {
        lvc.update(Ticks.tick(AAPL, 1, 10, 111, 5_00000000L), symbols, true, true);
        lvc.update(Ticks.tick(AAPL, 2, 11, 222, 6_00000000L), symbols, false, false);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[LastValueCache.MAX_PAYLOAD]);

        final int jsonLength = lvc.writeSnapshotPayload(AAPL, symbols, false, out);
        assertEquals(0, out.getLong(0), "not a latency sample");
        assertEquals(Map.of("type", "snapshot", "symbol", "AAPL", "seq", 2L, "last", 6L),
            jsonFields(out, 0, jsonLength), "the latest value, though no JSON slot holds it");

        final int binaryLength = lvc.writeSnapshotPayload(AAPL, symbols, true, out);
        assertEquals(PAYLOAD_HEADER + BinaryQuote.QUOTE_LENGTH, binaryLength);
        assertEquals(0, out.getLong(0));
        assertEquals(BinaryQuote.KIND_SNAPSHOT, kind(out, PAYLOAD_HEADER));
        assertEquals(2, quote(out, PAYLOAD_HEADER).seq());
        assertEquals(6_00000000L, quote(out, PAYLOAD_HEADER).last());
    }

    private static long ingestNanos(final LastValueCache.PayloadSlots slots, final int symbolId)
    {
        return slots.buffer().getLong(slots.offset(symbolId));
    }

    private static Map<String, Object> jsonFields(final LastValueCache.PayloadSlots slots, final int symbolId)
    {
        return jsonFields(slots.buffer(), slots.offset(symbolId), slots.length(symbolId));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jsonFields(final DirectBuffer buffer, final int offset, final int length)
    {
        final Map<String, Object> json = (Map<String, Object>)Json.parse(
            buffer.getStringWithoutLengthAscii(offset + PAYLOAD_HEADER, length - PAYLOAD_HEADER));
        return Map.of("type", json.get("type"), "symbol", json.get("symbol"), "seq", json.get("seq"),
            "last", json.get("last"));
    }

    private static byte kind(final DirectBuffer buffer, final int record)
    {
        return BinaryQuote.kind(buffer, record + MessageHeaderEncoder.ENCODED_LENGTH);
    }

    private static TickDecoder quote(final DirectBuffer buffer, final int record)
    {
        return new TickDecoder().wrap(buffer, record + MessageHeaderEncoder.ENCODED_LENGTH);
    }
}
