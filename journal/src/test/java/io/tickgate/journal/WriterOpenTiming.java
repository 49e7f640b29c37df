package io.tickgate.journal;

import io.tickgate.codec.TickFields;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A measurement, not a test: how long {@link Journal#writer(int)} takes to open a large journal.
 * <pre>
 *   build DIR TICKS DAYS SYMBOLS   write TICKS ticks round-robin over SYMBOLS symbols, spread over DAYS days of a
 *                                  hand-set clock (seconds to write what takes days to arrive)
 *   open DIR RUNS                  open and close the writer RUNS times; print each time and the median
 * </pre>
 * {@code open} uses only {@code Journal.open(Path)} and {@code writer(int)}, so the same class also times an older
 * journal module put first on the class path.
 */
final class WriterOpenTiming
{
    private WriterOpenTiming()
    {
    }

    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[1]);
        if ("build".equals(args[0]))
        {
            build(dir, Long.parseLong(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            return;
        }
        final long[] millis = new long[Integer.parseInt(args[2])];
        for (int run = 0; run < millis.length; run++)
        {
            try (Journal journal = Journal.open(dir))
            {
                final long start = System.nanoTime();
                try (JournalWriter writer = journal.writer(Journal.DEFAULT_SYMBOL_CAPACITY))
                {
                    millis[run] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    System.out.println("open " + run + ": " + millis[run] + " ms, symbols " + writer.symbols().count() +
                        ", last seq of id 0: " + writer.lastSeq(0));
                }
            }
        }
        Arrays.sort(millis);
        System.out.println("median writer open: " + millis[millis.length / 2] + " ms over " + millis.length + " runs");
    }

    private static void build(final Path dir, final long ticks, final int days, final int symbolCount)
    {
        final SetTimeProvider clock = new SetTimeProvider(Instant.parse("2026-01-05T00:00:00Z"));
        final UnsafeBuffer[] names = new UnsafeBuffer[symbolCount];
        for (int s = 0; s < symbolCount; s++)
        {
            names[s] = new UnsafeBuffer(("SYM" + s).getBytes(StandardCharsets.US_ASCII));
        }
        final TickFields fields = new TickFields();
        final long perDay = ticks / days;
        final long step = TimeUnit.DAYS.toMillis(1) / perDay;
        try (Journal journal = Journal.open(dir, clock);
            JournalWriter writer = journal.writer(WriterOptions.of(Journal.DEFAULT_SYMBOL_CAPACITY)
                .minFreeDiskBytes(0)))
        {
            for (long i = 0; i < ticks; i++)
            {
                fields.eventTimeMicros = clock.currentTimeMicros();
                fields.bid = i;
                final UnsafeBuffer name = names[(int)(i % symbolCount)];
                if (writer.append(name, 0, name.capacity(), fields, i) <= 0)
                {
                    throw new IllegalStateException("append " + i + " refused");
                }
                clock.advanceMillis(Math.max(1, step));
            }
            System.out.println("built " + ticks + " ticks, " + journal.recordCount() + " records");
        }
    }
}
