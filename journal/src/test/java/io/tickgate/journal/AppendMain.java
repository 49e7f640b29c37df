package io.tickgate.journal;

import io.tickgate.codec.TickFields;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process for {@link CrossProcessJournalTest}: opens the journal, appends {@code count} ticks round-robin over
 * the given symbols, and exits 0 only when every append returned the expected seq.
 * Tick {@code i} carries {@code eventTimeMicros = i} and {@code bid = i * 100}, so the reader can check its values.
 */
final class AppendMain
{
    private AppendMain()
    {
    }

    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[0]);
        final int count = Integer.parseInt(args[1]);
        final String[] symbols = args[2].split(",");
        final UnsafeBuffer[] names = new UnsafeBuffer[symbols.length];
        for (int s = 0; s < symbols.length; s++)
        {
            names[s] = new UnsafeBuffer(symbols[s].getBytes(StandardCharsets.US_ASCII));
        }
        final long[] seqs = new long[symbols.length];
        final TickFields fields = new TickFields();

        try (Journal journal = Journal.open(dir); JournalWriter writer = journal.writer(symbols.length))
        {
            for (int i = 0; i < count; i++)
            {
                final int s = i % symbols.length;
                fields.eventTimeMicros = i;
                fields.bid = i * 100L;
                fields.volume = i;
                final long seq = writer.append(names[s], 0, names[s].capacity(), fields, System.nanoTime());
                if (seq != ++seqs[s])
                {
                    System.err.println("tick " + i + " of " + symbols[s] + ": seq " + seq + ", expected " + seqs[s]);
                    System.exit(2);
                }
            }
        }
        System.exit(0);
    }
}
