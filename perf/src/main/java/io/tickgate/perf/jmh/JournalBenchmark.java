package io.tickgate.perf.jmh;

import io.tickgate.codec.TickDecoder;
import io.tickgate.codec.TickFields;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalHandler;
import io.tickgate.journal.JournalReader;
import io.tickgate.journal.JournalWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Journal throughput in ticks per second (Throughput mode, one op = one tick via {@link OperationsPerInvocation}).
 * Each state lives in its own temporary directory, created in {@code @Setup} and deleted in {@code @TearDown}; the
 * append state starts a fresh journal every iteration so the files stay small.
 * <ul>
 * <li>{@code append}: {@link JournalWriter#append} round-robin over {@value #SYMBOLS} known symbols, in batches of
 * {@value #APPEND_BATCH}.</li>
 * <li>{@code tailPoll}: a {@link JournalReader} reading a pre-written journal of {@value #TAIL_RECORDS} ticks from
 * start to end with {@code poll(handler, 256)}: catch-up tailing, the rate at which a gateway rebuilds or replays.
 * Opening the reader is in the per-invocation setup, outside the measurement.</li>
 * </ul>
 * Files are on whatever disk backs {@code java.io.tmpdir}; set {@code -Djava.io.tmpdir=/dev/shm} to take the disk out.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = {
    BenchmarkFlags.AGRONA, BenchmarkFlags.REF, BenchmarkFlags.NIO, BenchmarkFlags.JAVAC, BenchmarkFlags.LANG,
    BenchmarkFlags.REFLECT, BenchmarkFlags.NATIVE, BenchmarkFlags.NO_ANALYTICS, BenchmarkFlags.NO_ANNOUNCER,
    BenchmarkFlags.NO_PERF_INFO, BenchmarkFlags.QUIET_CHRONICLE })
public class JournalBenchmark
{
    static final int SYMBOLS = 64;
    static final int APPEND_BATCH = 1_000;
    static final int TAIL_RECORDS = 200_000;
    static final int SYMBOL_CAPACITY = 1_024;

    /** A writer on a fresh journal per iteration. */
    @State(Scope.Thread)
    public static class AppendState
    {
        final Symbols symbols = new Symbols();
        final TickFields fields = sampleFields();
        Path dir;
        Journal journal;
        JournalWriter writer;
        int next;

        @Setup(Level.Iteration)
        public void open() throws IOException
        {
            dir = Files.createTempDirectory("tickgate-jmh-append");
            journal = Journal.open(dir);
            writer = journal.writer(SYMBOL_CAPACITY);
            for (int s = 0; s < SYMBOLS; s++)
            {
                append(writer, symbols, s, fields, 0);
            }
        }

        @TearDown(Level.Iteration)
        public void close()
        {
            writer.close();
            journal.close();
            deleteTree(dir);
        }
    }

    /** A journal written once per trial, and a reader opened before each invocation. */
    @State(Scope.Thread)
    public static class TailState
    {
        final CountingHandler handler = new CountingHandler();
        Path dir;
        Journal journal;
        JournalReader reader;

        @Setup(Level.Trial)
        public void write() throws IOException
        {
            dir = Files.createTempDirectory("tickgate-jmh-tail");
            journal = Journal.open(dir);
            final Symbols symbols = new Symbols();
            final TickFields fields = sampleFields();
            try (JournalWriter writer = journal.writer(SYMBOL_CAPACITY))
            {
                for (int i = 0; i < TAIL_RECORDS; i++)
                {
                    append(writer, symbols, i % SYMBOLS, fields, i);
                }
            }
        }

        @Setup(Level.Invocation)
        public void openReader()
        {
            reader = journal.reader(SYMBOL_CAPACITY);
            handler.ticks = 0;
        }

        @TearDown(Level.Invocation)
        public void closeReader()
        {
            reader.close();
            if (handler.ticks != TAIL_RECORDS)
            {
                throw new IllegalStateException("read " + handler.ticks + " ticks, expected " + TAIL_RECORDS);
            }
        }

        @TearDown(Level.Trial)
        public void delete()
        {
            journal.close();
            deleteTree(dir);
        }
    }

    @Benchmark
    @OperationsPerInvocation(APPEND_BATCH)
    public long append(final AppendState state)
    {
        long seq = 0;
        int s = state.next;
        for (int i = 0; i < APPEND_BATCH; i++)
        {
            seq += append(state.writer, state.symbols, s, state.fields, i);
            s = s + 1 == SYMBOLS ? 0 : s + 1;
        }
        state.next = s;
        return seq;
    }

    @Benchmark
    @OperationsPerInvocation(TAIL_RECORDS)
    public long tailPoll(final TailState state)
    {
        final JournalReader reader = state.reader;
        final CountingHandler handler = state.handler;
        while (reader.poll(handler, 256) > 0)
        {
            // read to the end
        }
        return handler.checksum;
    }

    static long append(
        final JournalWriter writer, final Symbols symbols, final int s, final TickFields fields, final long i)
    {
        fields.eventTimeMicros = 1_764_100_000_000_000L + i;
        fields.last = 18_913_000_000L + (i & 1023) * 1_000_000L;
        final long seq = writer.append(symbols.buffer, symbols.offset(s), symbols.length, fields, i);
        if (seq < 0)
        {
            throw new IllegalStateException("append failed: " + seq);
        }
        return seq;
    }

    static TickFields sampleFields()
    {
        final TickFields f = new TickFields();
        f.bid = 18_912_000_000L;
        f.bidSize = 300;
        f.ask = 18_914_000_000L;
        f.askSize = 200;
        f.last = 18_913_000_000L;
        f.lastSize = 100;
        f.volume = 1_234_567;
        return f;
    }

    static void deleteTree(final Path dir)
    {
        if (null == dir)
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Symbol names JMH0000..JMH0063 packed into one buffer, 7 bytes each. */
    static final class Symbols
    {
        final int length = 7;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[SYMBOLS * length]);

        Symbols()
        {
            for (int s = 0; s < SYMBOLS; s++)
            {
                buffer.putBytes(offset(s), String.format("JMH%04d", s).getBytes(StandardCharsets.US_ASCII));
            }
        }

        int offset(final int s)
        {
            return s * length;
        }
    }

    /** Reads a few fields of every tick so the decode is not dead code. */
    static final class CountingHandler implements JournalHandler
    {
        long ticks;
        long checksum;

        @Override
        public void onTick(final TickDecoder tick, final long index)
        {
            ticks++;
            checksum += tick.seq() + tick.last();
        }
    }
}
