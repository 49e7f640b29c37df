package io.tickgate.cli;

import io.tickgate.codec.SymbolTable;
import io.tickgate.codec.TickDecoder;
import io.tickgate.feed.CsvTickFormatter;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalHandler;
import io.tickgate.journal.JournalReader;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code tickgate export --journal DIR [--from T] [--to T] [--symbols A,B] [--out FILE]}: the journal's ticks as CSV
 * of the ingest contract, in journal order, so {@code feed csv} journals exactly the same ticks again.
 * <p>
 * It only reads: it never takes the writer lock, so it runs beside a gateway or feed that is writing, and exports
 * what was journaled when it reached the end. It never creates a journal either.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write a journal's ticks as CSV (ingest contract v1) to stdout or a file; 'feed csv' re-imports it.")
final class ExportCommand implements Callable<Integer>
{
    static final int BAD_ARGUMENTS = 2;
    private static final int POLL_LIMIT = 4096;
    private static final long OUTPUT_CHECK_INTERVAL = 16_384;

    @Option(names = "--journal", required = true, description = "Journal directory (must exist).")
    Path journal;

    @Option(names = "--from", paramLabel = "T", description = "Only ticks with event time >= T: an ISO-8601 instant " +
        "(2025-11-25T20:00:00Z) or microseconds since the epoch.")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "Only ticks with event time <= T (inclusive).")
    String to;

    @Option(names = "--symbols", paramLabel = "A,B", description = "Only these symbols (comma-separated); each must " +
        "be in the journal.")
    String symbols;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to this file instead of standard output.")
    Path out;

    @Option(names = "--progress", description = "Show progress on stderr even when it is not a terminal.")
    boolean progress;

    @Option(names = "--symbol-capacity", description = "Most symbols the journal may define (default: 65536).")
    int symbolCapacity = Journal.DEFAULT_SYMBOL_CAPACITY;

    @Spec
    CommandSpec spec;

    public Integer call()
    {
        final PrintWriter err = spec.commandLine().getErr();
        final long fromMicros;
        final long toMicros;
        final Set<String> selected;
        try
        {
            JournalArguments.requireExistingJournal(journal);
            fromMicros = null == from ? Long.MIN_VALUE : JournalArguments.parseTimeMicros("--from", from);
            toMicros = null == to ? Long.MAX_VALUE : JournalArguments.parseTimeMicros("--to", to);
            if (toMicros < fromMicros)
            {
                throw new IllegalArgumentException("--to " + to + " is before --from " + from);
            }
            selected = null == symbols ? null : JournalArguments.parseSymbols(symbols);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("tickgate export: " + ConfigSources.explain(ex.getMessage()));
            return BAD_ARGUMENTS;
        }

        try (Journal opened = Journal.open(journal))
        {
            if (null != selected)
            {
                final List<String> unknown = unknownSymbols(opened, selected);
                if (!unknown.isEmpty())
                {
                    err.println("tickgate export: not in journal " + journal + ": " + String.join(",", unknown));
                    return BAD_ARGUMENTS;
                }
            }
            return export(opened, new Export(fromMicros, toMicros, new SymbolFilter(selected)), err);
        }
    }

    private int export(final Journal opened, final Export export, final PrintWriter err)
    {
        final boolean showProgress = Progress.wanted(progress);
        final long total = showProgress ? opened.recordCount() : 0;
        final long startNs = System.nanoTime();
        final String failure;
        try (JournalReader reader = opened.reader(symbolCapacity);
            Writer writer = openOutput())
        {
            export.reader = reader;
            export.writer = writer;
            writer.write(CsvTickFormatter.HEADER);
            writer.write('\n');
            final Progress shown = Progress.start(showProgress, err, "export", "records", () -> export.records,
                () -> total, () -> ", " + export.written + " ticks written");
            try
            {
                failure = copy(reader, export, writer);
            }
            finally
            {
                shown.close();
            }
            if (null != failure)
            {
                err.println("tickgate export: " + failure);
                return 1;
            }
            err.println("tickgate export: wrote " + export.written + " ticks of " + export.symbolCount() +
                " symbols (" + export.records + " records read) to " + (null == out ? "stdout" : out) + " in " +
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs) + " ms");
            return 0;
        }
        catch (final IOException | UncheckedIOException ex)
        {
            err.println("tickgate export: cannot write " + (null == out ? "stdout" : out) + ": " + ex.getMessage());
            return 1;
        }
    }

    /**
     * @return null, or why the output failed.
     */
    private static String copy(final JournalReader reader, final Export export, final Writer writer)
        throws IOException
    {
        long nextOutputCheck = OUTPUT_CHECK_INTERVAL;
        int read;
        while ((read = reader.poll(export, POLL_LIMIT)) > 0)
        {
            export.records += read;
            if (export.written >= nextOutputCheck)
            {
                nextOutputCheck = export.written + OUTPUT_CHECK_INTERVAL;
                if (stdoutFailed(writer))
                {
                    return "standard output closed after " + export.written + " ticks";
                }
            }
        }
        writer.flush();
        return stdoutFailed(writer) ? "cannot write standard output" : null;
    }

    private Writer openOutput() throws IOException
    {
        if (null == out)
        {
            // picocli's stdout writer is buffered; closing it would close System.out, so only flush it
            final PrintWriter stdout = spec.commandLine().getOut();
            return new PrintWriter(stdout)
            {
                public void close()
                {
                    flush();
                }
            };
        }
        return new OutputStreamWriter(new BufferedOutputStream(Files.newOutputStream(out), 1 << 16),
            StandardCharsets.US_ASCII);
    }

    /**
     * Print writers swallow write errors, and so does {@code System.out} under picocli's writer; without this check an
     * {@code export | head} would read the whole journal into a closed pipe and then claim success.
     */
    private static boolean stdoutFailed(final Writer writer)
    {
        return writer instanceof PrintWriter && (((PrintWriter)writer).checkError() || System.out.checkError());
    }

    private List<String> unknownSymbols(final Journal opened, final Set<String> selected)
    {
        // symbols are defined anywhere in the journal, so the check needs the whole table before anything is written
        final List<String> unknown = new ArrayList<>();
        try (JournalReader reader = opened.reader(symbolCapacity))
        {
            reader.toEnd();
            for (final String symbol : selected)
            {
                if (reader.symbols().lookup(symbol) < 0)
                {
                    unknown.add(symbol);
                }
            }
        }
        return unknown;
    }

    /**
     * The per-tick work: filter, format into a reused byte buffer, copy to a reused char buffer, write.
     */
    private static final class Export implements JournalHandler
    {
        private final long fromMicros;
        private final long toMicros;
        private final SymbolFilter filter;
        private final byte[] lineBytes = new byte[CsvTickFormatter.MAX_LINE_LENGTH];
        private final UnsafeBuffer line = new UnsafeBuffer(lineBytes);
        private final char[] lineChars = new char[CsvTickFormatter.MAX_LINE_LENGTH];
        private boolean[] symbolWritten = new boolean[256];
        private int symbolCount;
        private JournalReader reader;
        private Writer writer;
        // read by the progress line's thread
        private volatile long records;
        private volatile long written;

        Export(final long fromMicros, final long toMicros, final SymbolFilter filter)
        {
            this.fromMicros = fromMicros;
            this.toMicros = toMicros;
            this.filter = filter;
        }

        public void onTick(final TickDecoder tick, final long index)
        {
            final long ts = tick.eventTimeMicros();
            final int symbolId = tick.symbolId();
            final SymbolTable symbols = reader.symbols();
            if (ts < fromMicros || ts > toMicros || !filter.selects(symbolId, symbols))
            {
                return;
            }
            final int length = CsvTickFormatter.format(symbols.nameBytes(), symbols.nameOffset(symbolId),
                symbols.nameLength(symbolId), tick, line, 0);
            for (int i = 0; i < length; i++)
            {
                lineChars[i] = (char)lineBytes[i];
            }
            try
            {
                writer.write(lineChars, 0, length);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            written++;
            countSymbol(symbolId);
        }

        int symbolCount()
        {
            return symbolCount;
        }

        private void countSymbol(final int symbolId)
        {
            if (symbolId >= symbolWritten.length)
            {
                symbolWritten = Arrays.copyOf(symbolWritten, Math.max(symbolId + 1, symbolWritten.length * 2));
            }
            if (!symbolWritten[symbolId])
            {
                symbolWritten[symbolId] = true;
                symbolCount++;
            }
        }
    }
}
