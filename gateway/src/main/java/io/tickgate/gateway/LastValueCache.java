package io.tickgate.gateway;

import io.tickgate.codec.JsonQuoteWriter;
import io.tickgate.codec.SymbolTable;
import io.tickgate.codec.TickDecoder;
import io.tickgate.codec.TickEncoder;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The latest tick of every symbol, as raw journal records in one slab indexed by symbol id, plus each symbol's
 * latest tick message already encoded as outbound ring payload ({@code [ingestNanos][JSON]}), so an update is encoded
 * once however many sessions it goes to, and a conflated flush re-sends the cached bytes.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class LastValueCache
{
    static final int PAYLOAD_HEADER = Long.BYTES;
    static final int PAYLOAD_SLOT = PAYLOAD_HEADER + JsonQuoteWriter.MAX_LENGTH;

    private final UnsafeBuffer records;
    private final long[] seqs;
    private final UnsafeBuffer payloads;
    private final int[] payloadLengths;
    private final long[] payloadSeqs;
    private final TickDecoder decoder = new TickDecoder();

    LastValueCache(final int symbolCapacity)
    {
        records = new UnsafeBuffer(new byte[symbolCapacity * TickEncoder.BLOCK_LENGTH]);
        seqs = new long[symbolCapacity];
        payloads = new UnsafeBuffer(new byte[symbolCapacity * PAYLOAD_SLOT]);
        payloadLengths = new int[symbolCapacity];
        payloadSeqs = new long[symbolCapacity];
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

    long seq(final int symbolId)
    {
        return seqs[symbolId];
    }

    TickDecoder tick(final int symbolId)
    {
        return decoder.wrap(records, symbolId * TickEncoder.BLOCK_LENGTH);
    }

    /**
     * Encode the symbol's latest tick message, unless it is already encoded.
     *
     * @return the offset of the payload in {@link #payloads()}; its length is {@link #payloadLength(int)}.
     */
    int tickPayload(final int symbolId, final SymbolTable symbols)
    {
        final int offset = symbolId * PAYLOAD_SLOT;
        if (payloadSeqs[symbolId] != seqs[symbolId])
        {
            final TickDecoder tick = tick(symbolId);
            payloads.putLong(offset, tick.ingestTimeNanos());
            payloadLengths[symbolId] = PAYLOAD_HEADER +
                JsonQuoteWriter.write(JsonQuoteWriter.Type.TICK, tick, symbols, payloads, offset + PAYLOAD_HEADER);
            payloadSeqs[symbolId] = seqs[symbolId];
        }
        return offset;
    }

    int payloadLength(final int symbolId)
    {
        return payloadLengths[symbolId];
    }

    UnsafeBuffer payloads()
    {
        return payloads;
    }

    /**
     * Write a snapshot message payload for the symbol, which must {@link #has(int) have} a value.
     *
     * @return bytes written.
     */
    int writeSnapshotPayload(final int symbolId, final SymbolTable symbols, final MutableDirectBuffer out)
    {
        out.putLong(0, 0L);
        return PAYLOAD_HEADER + JsonQuoteWriter.write(
            JsonQuoteWriter.Type.SNAPSHOT, tick(symbolId), symbols, out, PAYLOAD_HEADER);
    }
}
