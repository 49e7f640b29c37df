package io.tickgate.perf.load;

import io.tickgate.codec.BinaryQuote;
import io.tickgate.codec.FixedPoint;
import io.tickgate.codec.SymbolTable;
import io.tickgate.codec.TickDecoder;
import io.tickgate.codec.TickEncoder;
import io.tickgate.codec.TickFields;
import io.tickgate.perf.protocol.SymbolIndex;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The load generator's binary decoding, on frames built with the codec exactly as the gateway builds them.
 */
class BinaryFrameDecodeTest
{
    private final SymbolTable wireSymbols = new SymbolTable(16);
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[TickEncoder.ENCODED_LENGTH]);
    private final TickEncoder encoder = new TickEncoder();
    private final TickDecoder decoder = new TickDecoder();

    @Test
    void shouldCountTicksSnapshotsAndGapsFromBinaryFrames()
    {
        final SymbolIndex index = new SymbolIndex(List.of("AAPL", "MSFT"));
        final ClientConnection connection = new ClientConnection(
            0, new int[]{ 0, 1 }, index, true, new EpochMicrosClock(), new LatencyRecorder());
        // the gateway numbers symbols its own way: MSFT is its 0 and AAPL its 1
        add("MSFT");
        add("AAPL");

        final UnsafeBuffer frame = new UnsafeBuffer(new byte[1024]);
        int length = 0;
        length += BinaryQuote.writeSymbol(1, wireSymbols, frame, length);
        length += quote(frame, length, 1, BinaryQuote.KIND_SNAPSHOT, 10);
        length += quote(frame, length, 1, BinaryQuote.KIND_TICK, 11);
        length += BinaryQuote.writeSymbol(0, wireSymbols, frame, length);
        length += quote(frame, length, 0, BinaryQuote.KIND_TICK, 1);
        length += quote(frame, length, 1, BinaryQuote.KIND_TICK, 13);
        connection.onBinaryFrame(frame.byteArray(), 0, length);

        final ConnectionTotals totals = new ConnectionTotals();
        totals.read(List.of(connection));
        assertEquals(1, totals.frames, "one frame, counted once");
        assertEquals(4, connection.messages);
        assertEquals(3, connection.ticks);
        assertEquals(1, connection.snapshots);
        assertEquals(1, connection.gapEvents, "AAPL went from 11 to 13");
        assertEquals(1, connection.missing);
        assertEquals(0, connection.parseErrors);
    }

    private void add(final String symbol)
    {
        final byte[] bytes = symbol.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        wireSymbols.add(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private int quote(final UnsafeBuffer frame, final int offset, final int symbolId, final byte kind, final long seq)
    {
        final TickFields fields = new TickFields();
        fields.eventTimeMicros = 1;
        fields.last = FixedPoint.parse("1.5");
        fields.encodeInto(encoder.wrapAndApplyHeader(scratch, 0)).symbolId(symbolId).seq(seq);
        return BinaryQuote.writeQuote(kind, decoder.wrap(scratch, 8), frame, offset);
    }
}
