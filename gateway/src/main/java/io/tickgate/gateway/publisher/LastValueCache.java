package io.tickgate.gateway.publisher;

import io.tickgate.codec.BinaryQuote;
import io.tickgate.codec.JsonQuoteWriter;
import io.tickgate.codec.SymbolTable;
import io.tickgate.codec.TickDecoder;
import io.tickgate.codec.TickEncoder;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * The latest tick of every symbol, as raw journal records in one slab indexed by symbol id, plus each symbol's
 * latest tick encoded as a payload ({@code [ingestNanos][message]}) in each wire format that has subscribers, when
 * the tick arrives: an update is encoded once per format however many sessions it goes to, and a conflated flush
 * re-sends the cached bytes. The slabs grow with the symbols that have ticks (doubling, up to the symbol capacity),
 * when a symbol's first tick arrives, not for every tick: a cache sized for the capacity would hold 580 bytes per
 * possible symbol from the start, about 9.5 MiB at the default 16,384, for each delay line too.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class LastValueCache
{
    static final int PAYLOAD_HEADER = Long.BYTES;
    static final int MAX_PAYLOAD = PAYLOAD_HEADER + Math.max(JsonQuoteWriter.MAX_LENGTH, BinaryQuote.QUOTE_LENGTH);

    static final int INITIAL_SYMBOLS = 1024;

    private final int symbolCapacity;
    private UnsafeBuffer records;
    private long[] seqs;
    private final PayloadSlots json;
    private final PayloadSlots binary;
    private final TickDecoder decoder = new TickDecoder();
    private final long dueAfterNs;

    LastValueCache(final int symbolCapacity)
    {
        this(symbolCapacity, 0);
    }

    /**
     * @param dueAfterNs added to each tick's ingest time in its payloads' latency reference: a delay line's ticks
     *                   are due that long after their ingest, and the send buffers measure from when they are due.
     */
    LastValueCache(final int symbolCapacity, final long dueAfterNs)
    {
        this.dueAfterNs = dueAfterNs;
        this.symbolCapacity = symbolCapacity;
        final int size = Math.min(symbolCapacity, INITIAL_SYMBOLS);
        records = new UnsafeBuffer(new byte[size * TickEncoder.BLOCK_LENGTH]);
        seqs = new long[size];
        json = new PayloadSlots(size, PAYLOAD_HEADER + JsonQuoteWriter.MAX_LENGTH);
        binary = new PayloadSlots(size, PAYLOAD_HEADER + BinaryQuote.QUOTE_LENGTH);
    }

    /**
     * Make room for a symbol: the slabs double until they hold it (never past the symbol capacity); what they held
     * is kept.
     */
    void onSymbol(final int symbolId)
    {
        if (symbolId < seqs.length)
        {
            return;
        }
        int size = seqs.length;
        while (size <= symbolId)
        {
            size *= 2;
        }
        size = Math.min(size, symbolCapacity);
        records = new UnsafeBuffer(Arrays.copyOf(records.byteArray(), size * TickEncoder.BLOCK_LENGTH));
        seqs = Arrays.copyOf(seqs, size);
        json.grow(size);
        binary.grow(size);
    }

    /**
     * @return symbols the slabs hold room for now.
     */
    int slots()
    {
        return seqs.length;
    }

    /**
     * Keep the symbol's latest tick, and encode it in the formats its subscribers take. A format without subscribers
     * is not encoded: who subscribes later is sent a snapshot, encoded then, and every later tick.
     *
     * @param symbols       for the symbol's name in JSON.
     * @param jsonNeeded    a JSON session is subscribed to the symbol.
     * @param binaryNeeded  a binary session is subscribed to the symbol.
     */
    void update(
        final TickDecoder tick, final SymbolTable symbols, final boolean jsonNeeded, final boolean binaryNeeded)
    {
        final int symbolId = tick.symbolId();
        onSymbol(symbolId);
        records.putBytes(symbolId * TickEncoder.BLOCK_LENGTH, tick.buffer(), tick.offset(), TickEncoder.BLOCK_LENGTH);
        seqs[symbolId] = tick.seq();
        if (jsonNeeded)
        {
            json.encoded(symbolId, writePayload(tick, symbols, false, false, tick.ingestTimeNanos() + dueAfterNs,
                json.buffer(), json.offset(symbolId)));
        }
        if (binaryNeeded)
        {
            binary.encoded(symbolId, writePayload(tick, symbols, true, false, tick.ingestTimeNanos() + dueAfterNs,
                binary.buffer(), binary.offset(symbolId)));
        }
    }

    boolean has(final int symbolId)
    {
        return symbolId < seqs.length && seqs[symbolId] > 0;
    }

    /**
     * @return the seq of the symbol's latest tick, 0 when it has none.
     */
    long seq(final int symbolId)
    {
        return symbolId < seqs.length ? seqs[symbolId] : 0;
    }

    TickDecoder tick(final int symbolId)
    {
        return decoder.wrap(records, symbolId * TickEncoder.BLOCK_LENGTH);
    }

    /**
     * The latest ticks as encoded by {@link #update} for sessions of one format: a symbol's payload is current for
     * every session that was subscribed when its latest tick arrived.
     *
     * @return the slots: {@link PayloadSlots#buffer()} at {@link PayloadSlots#offset(int)}.
     */
    PayloadSlots tickPayloads(final boolean binaryFormat)
    {
        return binaryFormat ? binary : json;
    }

    /**
     * Write the symbol's latest value as a snapshot payload; the symbol must {@link #has(int) have} one.
     *
     * @return bytes written.
     */
    int writeSnapshotPayload(
        final int symbolId, final SymbolTable symbols, final boolean binaryFormat, final MutableDirectBuffer out)
    {
        // snapshots are not fan-out latency samples: they replay an old value on purpose
        return writePayload(tick(symbolId), symbols, binaryFormat, true, 0L, out, 0);
    }

    /**
     * Encode any tick as a ring payload: {@code [ingestNanos][JSON object or binary quote]}.
     *
     * @param ingestNanos the latency reference, 0 for messages that are not fan-out samples.
     * @return bytes written.
     */
    static int writePayload(
        final TickDecoder tick,
        final SymbolTable symbols,
        final boolean binaryFormat,
        final boolean snapshot,
        final long ingestNanos,
        final MutableDirectBuffer out,
        final int offset)
    {
        out.putLong(offset, ingestNanos);
        final int body = offset + PAYLOAD_HEADER;
        final int length = binaryFormat ?
            BinaryQuote.writeQuote(snapshot ? BinaryQuote.KIND_SNAPSHOT : BinaryQuote.KIND_TICK, tick, out, body) :
            JsonQuoteWriter.write(snapshot ? JsonQuoteWriter.Type.SNAPSHOT : JsonQuoteWriter.Type.TICK, tick,
                symbols, out, body);
        return PAYLOAD_HEADER + length;
    }

    /**
     * One encoded payload per symbol. {@link #buffer()} is replaced when the slots grow: read it for each use.
     */
    static final class PayloadSlots
    {
        private UnsafeBuffer buffer;
        private final int slotLength;
        private int[] lengths;

        PayloadSlots(final int symbols, final int slotLength)
        {
            this.buffer = new UnsafeBuffer(new byte[symbols * slotLength]);
            this.slotLength = slotLength;
            this.lengths = new int[symbols];
        }

        void grow(final int symbols)
        {
            buffer = new UnsafeBuffer(Arrays.copyOf(buffer.byteArray(), symbols * slotLength));
            lengths = Arrays.copyOf(lengths, symbols);
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

        void encoded(final int symbolId, final int length)
        {
            lengths[symbolId] = length;
        }
    }
}
