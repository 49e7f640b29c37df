package io.tickgate.cli;

import io.tickgate.codec.FixedPoint;
import io.tickgate.codec.SymbolTable;
import io.tickgate.codec.TickDecoder;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalHandler;
import io.tickgate.journal.JournalReader;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code tickgate tail --journal DIR [--symbols A,B] [--from-start]}: print ticks as they are journaled, one readable
 * line each, until SIGTERM or Ctrl-C (exit 0). A debugging tool: it reads like any other reader, without the writer
 * lock, so it runs beside the gateway or feed writing the journal.
 * <p>
 * Starting at the end still reads the journal once from the start, printing nothing ({@link JournalReader#toEnd()}),
 * because the symbol definitions are records in the journal: a tick of a symbol defined before the end could not be
 * named otherwise. When idle it backs off to sleeping (up to {@value #MAX_IDLE_MS} ms), so it never spins a core.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
    description = "Print ticks as they are journaled (from the end, or from the start), until Ctrl-C.")
final class TailCommand implements Callable<Integer>
{
    static final int MAX_IDLE_MS = 5;
    private static final long MICROS_PER_DAY = TimeUnit.DAYS.toMicros(1);

    @Option(names = "--journal", required = true, description = "Journal directory (must exist).")
    Path journal;

    @Option(names = "--symbols", paramLabel = "A,B", description = "Only these symbols (comma-separated); they need " +
        "not be in the journal yet.")
    String symbols;

    @Option(names = "--from-start", description = "Print the journal's ticks from its start, then follow it.")
    boolean fromStart;

    @Option(names = "--symbol-capacity", description = "Most symbols the journal may define (default: 65536).")
    int symbolCapacity = Journal.DEFAULT_SYMBOL_CAPACITY;

    @Spec
    CommandSpec spec;

    private volatile boolean running = true;

    public Integer call()
    {
        final PrintWriter err = spec.commandLine().getErr();
        final Set<String> selected;
        try
        {
            JournalArguments.requireExistingJournal(journal);
            selected = null == symbols ? null : JournalArguments.parseSymbols(symbols);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("tickgate tail: " + ConfigSources.explain(ex.getMessage()));
            return ExportCommand.BAD_ARGUMENTS;
        }

        StopSignals.onStop(() -> running = false);
        final PrintWriter out = spec.commandLine().getOut();
        final IdleStrategy idle = new BackoffIdleStrategy(
            1, 1, TimeUnit.MICROSECONDS.toNanos(100), TimeUnit.MILLISECONDS.toNanos(MAX_IDLE_MS));
        try (Journal opened = Journal.open(journal);
            JournalReader reader = opened.reader(symbolCapacity))
        {
            if (!fromStart)
            {
                reader.toEnd();
            }
            err.println("tickgate tail: following " + journal + (fromStart ? " from the start" : " from the end") +
                " (" + reader.symbols().count() + " symbols so far); Ctrl-C to stop");
            err.flush();
            final Printer printer = new Printer(reader.symbols(), new SymbolFilter(selected), out);
            while (running)
            {
                final int read = reader.poll(printer, 1024);
                if (printer.pending)
                {
                    out.flush();
                    printer.pending = false;
                }
                idle.idle(read);
            }
            err.println("tickgate tail: stopped after " + printer.printed + " ticks");
            return 0;
        }
    }

    /**
     * Formats {@code HH:mm:ss.SSSSSS SYMBOL seq=N bid=P x S ask=P x S last=P x S vol=V}, the time of day in UTC, into
     * a reused builder.
     */
    private static final class Printer implements JournalHandler
    {
        private final SymbolTable symbols;
        private final SymbolFilter filter;
        private final PrintWriter out;
        private final StringBuilder line = new StringBuilder(128);
        private boolean pending;
        private long printed;

        Printer(final SymbolTable symbols, final SymbolFilter filter, final PrintWriter out)
        {
            this.symbols = symbols;
            this.filter = filter;
            this.out = out;
        }

        public void onTick(final TickDecoder tick, final long index)
        {
            if (!filter.selects(tick.symbolId(), symbols))
            {
                return;
            }
            final StringBuilder line = this.line;
            line.setLength(0);
            final long micros = Math.floorMod(tick.eventTimeMicros(), MICROS_PER_DAY);
            final long seconds = micros / 1_000_000;
            twoDigits(line, seconds / 3600).append(':');
            twoDigits(line, seconds / 60 % 60).append(':');
            twoDigits(line, seconds % 60).append('.');
            final long fraction = micros % 1_000_000;
            for (long scale = 100_000; scale > 0; scale /= 10)
            {
                line.append((char)('0' + fraction / scale % 10));
            }
            line.append(' ').append(symbols.name(tick.symbolId()))
                .append(" seq=").append(tick.seq())
                .append(" bid=").append(FixedPoint.toString(tick.bid())).append(" x ").append(tick.bidSize())
                .append(" ask=").append(FixedPoint.toString(tick.ask())).append(" x ").append(tick.askSize())
                .append(" last=").append(FixedPoint.toString(tick.last())).append(" x ").append(tick.lastSize())
                .append(" vol=").append(tick.volume())
                .append('\n');
            out.append(line);
            pending = true;
            printed++;
        }

        private static StringBuilder twoDigits(final StringBuilder line, final long value)
        {
            return line.append((char)('0' + value / 10)).append((char)('0' + value % 10));
        }
    }
}
