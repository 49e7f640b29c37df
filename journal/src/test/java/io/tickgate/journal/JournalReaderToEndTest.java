package io.tickgate.journal;

import io.tickgate.codec.TickDecoder;
import io.tickgate.codec.TickFields;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link JournalReader#toEnd()} skips what is journaled but still learns the symbols defined before the end,
 * {@link Journal#recordCount()} counts ticks and definitions, and {@link Journal#recordsAfter} how far a reader is
 * behind.
 */
@Timeout(60)
class JournalReaderToEndTest
{
    @TempDir
    Path dir;

    @Test
    void shouldSkipToTheEndButKnowEarlierSymbols()
    {
        try (Journal journal = Journal.open(dir);
            JournalWriter writer = journal.writer(16);
            JournalReader reader = journal.reader(16))
        {
            assertEquals(0, reader.toEnd());
            assertEquals(0, journal.recordCount());
            append(writer, "AAPL", 1);
            append(writer, "MSFT", 2);
            append(writer, "AAPL", 3);
            assertEquals(6, journal.recordCount(), "a cycle header, 3 ticks and 2 definitions");

            assertEquals(6, reader.toEnd());
            assertEquals(2, reader.symbols().count());
            final List<String> seen = new ArrayList<>();
            final JournalHandler collect = (final TickDecoder tick, final long index) ->
                seen.add(reader.symbols().name(tick.symbolId()) + "#" + tick.seq() + "@" + tick.eventTimeMicros());
            assertEquals(0, reader.poll(collect, 100));

            append(writer, "MSFT", 4);
            append(writer, "IBM", 5);
            append(writer, "AAPL", 6);
            while (reader.poll(collect, 100) > 0)
            {
                // read what was appended after toEnd
            }
            assertEquals(List.of("MSFT#2@4", "IBM#1@5", "AAPL#3@6"), seen);
        }
    }

    @Test
    void shouldCountTheRecordsAReaderHasNotReadYet()
    {
        final JournalHandler ignore = (final TickDecoder tick, final long index) ->
        {
        };
        try (Journal journal = Journal.open(dir);
            JournalWriter writer = journal.writer(16);
            JournalReader reader = journal.reader(16))
        {
            assertEquals(0, journal.recordsAfter(-1), "an empty journal");
            for (int i = 1; i <= 10; i++)
            {
                append(writer, i % 2 == 0 ? "AAPL" : "MSFT", i);
            }
            final long records = journal.recordCount();
            assertEquals(records, journal.recordsAfter(reader.lastIndex()), "nothing read yet");
            assertEquals(3, reader.poll(ignore, 3));
            assertEquals(records - 3, journal.recordsAfter(reader.lastIndex()));
            reader.toEnd();
            assertEquals(0, journal.recordsAfter(reader.lastIndex()), "read to the end");
            append(writer, "AAPL", 11);
            assertEquals(1, journal.recordsAfter(reader.lastIndex()));
        }
    }

    private static void append(final JournalWriter writer, final String symbol, final long ts)
    {
        final TickFields fields = new TickFields();
        fields.eventTimeMicros = ts;
        fields.bid = 100;
        final byte[] bytes = symbol.getBytes(StandardCharsets.US_ASCII);
        writer.append(new UnsafeBuffer(bytes), 0, bytes.length, fields, 0L);
    }
}
