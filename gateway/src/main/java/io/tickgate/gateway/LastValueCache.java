package io.tickgate.gateway;

import io.tickgate.codec.BinaryQuote;
import io.tickgate.codec.JsonQuoteWriter;
import io.tickgate.codec.SymbolTable;
import io.tickgate.codec.TickDecoder;
import io.tickgate.codec.TickEncoder;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The latest tick of every symbol, as raw journal records in one slab indexed by symbol id, plus each symbol's
 * latest tick already encoded as outbound ring payload ({@code [ingestNanos][message]}) in each wire format, so an
 * update is encoded at most once per format however many sessions it goes to, and a conflated flush re-sends the
 * cached bytes.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class LastValueCache
{
    static final int PAYLOAD_HEADER = Long.BYTES;
    static final int MAX_PAYLOAD = PAYLOAD_HEADER + Math.max(JsonQuoteWriter.MAX_LENGTH, BinaryQuote.QUOTE_LENGTH);

    private final UnsafeBuffer records;
    private final long[] seqs;
    private final PayloadSlots json;
    private final PayloadSlots binary;
    private final TickDecoder decoder = new TickDecoder();

    LastValueCache(final int symbolCapacity)
    {
        records = new UnsafeBuffer(new byte[symbolCapacity * TickEncoder.BLOCK_LENGTH]);
        seqs = new long[symbolCapacity];
        json = new PayloadSlots(symbolCapacity, PAYLOAD_HEADER + JsonQuoteWriter.MAX_LENGTH);
        binary = new PayloadSlots(symbolCapacity, PAYLOAD_HEADER + BinaryQuote.QUOTE_LENGTH);
    }

    void update(final TickDecoder tick)
    {
        final int symbolId = tick.symbolId();
        records.putBytes(symbolId * TickEncoder.BLOCK_LENGTH, tick.buffer(), tick.offset(), TickEncoder.BLOCK_LENGTH);
        seqs[symbolId] = tick.seq();
    }

    boolean has(final int symbolId)
    {
        return seqs[symbolId] > 0;
    }

    TickDecoder tick(final int symbolId)
    {
        return decoder.wrap(records, symbolId * TickEncoder.BLOCK_LENGTH);
    }

    /**
     * The symbol's latest tick as a ring payload, encoded now unless already encoded for this seq.
     *
     * @return the slots holding it: {@link PayloadSlots#buffer()} at {@link PayloadSlots#offset(int)}.
     */
    PayloadSlots tickPayload(final int symbolId, final SymbolTable symbols, final boolean binaryFormat)
    {
        final PayloadSlots slots = binaryFormat ? binary : json;
        if (!slots.isCurrent(symbolId, seqs[symbolId]))
        {
            final int length = writePayload(symbolId, symbols, binaryFormat, false, slots.buffer(),
                slots.offset(symbolId));
            slots.encoded(symbolId, seqs[symbolId], length);
        }
        return slots;
    }

    /**
     * Write the symbol's latest value as a snapshot payload; the symbol must {@link #has(int) have} one.
     *
     * @return bytes written.
     */
    int writeSnapshotPayload(
        final int symbolId, final SymbolTable symbols, final boolean binaryFormat, final MutableDirectBuffer out)
    {
        return writePayload(symbolId, symbols, binaryFormat, true, out, 0);
    }

    private int writePayload(
        final int symbolId,
        final SymbolTable symbols,
        final boolean binaryFormat,
        final boolean snapshot,
        final MutableDirectBuffer out,
        final int offset)
    {
        final TickDecoder tick = tick(symbolId);
        // snapshots are not fan-out latency samples: they replay an old value on purpose
        out.putLong(offset, snapshot ? 0L : tick.ingestTimeNanos());
        final int body = offset + PAYLOAD_HEADER;
        final int length = binaryFormat ?
            BinaryQuote.writeQuote(snapshot ? BinaryQuote.KIND_SNAPSHOT : BinaryQuote.KIND_TICK, tick, out, body) :
            JsonQuoteWriter.write(snapshot ? JsonQuoteWriter.Type.SNAPSHOT : JsonQuoteWriter.Type.TICK, tick,
                symbols, out, body);
        return PAYLOAD_HEADER + length;
    }

    /**
     * One encoded payload per symbol, tagged with the seq it was encoded for.
     */
    static final class PayloadSlots
    {
        private final UnsafeBuffer buffer;
        private final int slotLength;
        private final int[] lengths;
        private final long[] seqs;

        PayloadSlots(final int symbolCapacity, final int slotLength)
        {
            this.buffer = new UnsafeBuffer(new byte[symbolCapacity * slotLength]);
            this.slotLength = slotLength;
            this.lengths = new int[symbolCapacity];
            this.seqs = new long[symbolCapacity];
        }

        UnsafeBuffer buffer()
        {
            return buffer;
        }

        int offset(final int symbolId)
        {
            return symbolId * slotLength;
        }

        int length(final int symbolId)
        {
            return lengths[symbolId];
        }

        boolean isCurrent(final int symbolId, final long seq)
        {
            return seqs[symbolId] == seq;
        }

        void encoded(final int symbolId, final long seq, final int length)
        {
            seqs[symbolId] = seq;
            lengths[symbolId] = length;
        }
    }
}
