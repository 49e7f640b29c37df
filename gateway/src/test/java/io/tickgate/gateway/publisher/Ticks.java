package io.tickgate.gateway.publisher;

import io.tickgate.codec.MessageHeaderEncoder;
import io.tickgate.codec.TickDecoder;
import io.tickgate.codec.TickEncoder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Journal tick records made in memory, for the publisher's pieces that take a {@link TickDecoder}.
 */
final class Ticks
{
    private Ticks()
    {
    }

    /**
     * @return a decoder over a fresh record: last price {@code last} (fixed point), bid/ask around it.
     */
    static TickDecoder tick(
        final int symbolId, final long seq, final long eventMicros, final long ingestNanos, final long last)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TickEncoder.ENCODED_LENGTH]);
        new TickEncoder().wrapAndApplyHeader(buffer, 0)
            .symbolId(symbolId)
            .seq(seq)
            .eventTimeMicros(eventMicros)
            .ingestTimeNanos(ingestNanos)
            .bid(last - 1_000_000)
            .ask(last + 1_000_000)
            .last(last)
            .bidSize(300)
            .askSize(200)
            .lastSize(100)
            .volume(seq * 100);
        return new TickDecoder().wrap(buffer, MessageHeaderEncoder.ENCODED_LENGTH);
    }

    static TickDecoder tick(final int symbolId, final long seq, final long eventMicros)
    {
        return tick(symbolId, seq, eventMicros, 1, 100_00000000L);
    }
}
