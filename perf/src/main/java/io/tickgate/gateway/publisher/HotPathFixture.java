package io.tickgate.gateway.publisher;

import io.tickgate.codec.MessageHeaderEncoder;
import io.tickgate.codec.SymbolTable;
import io.tickgate.codec.TickDecoder;
import io.tickgate.codec.TickEncoder;
import io.tickgate.codec.TickFields;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Shared by the gateway hot-path benchmarks: a symbol table and last-value cache with 64 symbols, and their journal
 * ticks, handed out round-robin with a fresh seq each time.
 */
abstract class HotPathFixture
{
    static final int SYMBOLS = 64;

    final SymbolTable symbols = new SymbolTable(1024);
    final LastValueCache lvc = new LastValueCache(1024);
    private final UnsafeBuffer ticks = new UnsafeBuffer(new byte[SYMBOLS * TickEncoder.ENCODED_LENGTH]);
    private final TickDecoder tick = new TickDecoder();
    private long seq;
    private int next;

    void setupTicks()
    {
        final TickEncoder encoder = new TickEncoder();
        final TickFields f = new TickFields();
        for (int s = 0; s < SYMBOLS; s++)
        {
            final byte[] name = String.format("SYM%03d", s).getBytes(StandardCharsets.US_ASCII);
            final int id = symbols.add(new UnsafeBuffer(name), 0, name.length);
            f.eventTimeMicros = 1_764_100_000_123_456L + s;
            f.bid = 18_912_000_000L + s * 1_000_000L;
            f.ask = f.bid + 2_000_000L;
            f.last = f.bid + 1_000_000L;
            f.bidSize = 300;
            f.askSize = 200;
            f.lastSize = 100;
            f.volume = 1_234_567;
            f.encodeInto(encoder.wrapAndApplyHeader(ticks, s * TickEncoder.ENCODED_LENGTH)).symbolId(id).seq(++seq)
                .ingestTimeNanos(seq);
        }
        // every symbol in the cache, in both formats
        for (int s = 0; s < SYMBOLS; s++)
        {
            lvc.update(nextTick(), symbols, true, true);
        }
    }

    /** The next symbol's journal tick, with a fresh seq. */
    final TickDecoder nextTick()
    {
        final int s = next;
        next = s + 1 == SYMBOLS ? 0 : s + 1;
        final int offset = s * TickEncoder.ENCODED_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH;
        ticks.putLong(offset + TickEncoder.SEQ_OFFSET, ++seq);
        ticks.putLong(offset + TickEncoder.INGEST_TIME_OFFSET, seq);
        return tick.wrap(ticks, offset);
    }
}
