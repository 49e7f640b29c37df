package io.tickgate.cli;

import io.tickgate.feed.CsvFileFeed;
import io.tickgate.feed.CsvIngest;
import io.tickgate.feed.EventTimePacer;
import io.tickgate.feed.IngestCounters;
import io.tickgate.feed.RateLimitedLog;
import io.tickgate.feed.TsSkewPolicy;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalLockedException;
import io.tickgate.journal.JournalWriter;
import io.tickgate.journal.WriterOptions;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code tickgate feed csv FILE|- --journal DIR [--speed X] [--strict]}: journal a CSV file or standard input, then
 * print {@code accepted N rejected M skipped K} on stdout and the breakdown on stderr. Status 0, or 1 when the file
 * cannot be read or, with {@code --strict}, any line was refused; 2 for a bad option; 3 when the journal has a writer.
 */
@Command(name = "csv", mixinStandardHelpOptions = true,
    description = "Journal CSV ticks (ingest contract v1) from a file, or from standard input with '-'.")
final class FeedCsvCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "FILE", description = "CSV file, or - for standard input.")
    String file;

    @Option(names = "--journal", required = true, description = "Journal directory (created when missing).")
    Path journal;

    @Option(names = "--speed", description = "Replay paced by the ts field at this multiple of real time " +
        "(2 = twice as fast); as fast as possible when absent.")
    Double speed;

    @Option(names = "--symbol-capacity", description = "Most symbols the journal may define (default: 16384).")
    int symbolCapacity = 16_384;

    @Mixin
    JournalLimitOptions journalLimits = new JournalLimitOptions();

    @Option(names = "--strict", description = "Exit with status 1 when any line was refused (all good lines are " +
        "journaled all the same).")
    boolean strict;

    @Mixin
    TsSkewOptions tsSkewOptions;

    @Option(names = "--progress", description = "Show progress (lines, lines/s, refused) on stderr even when it is " +
        "not a terminal.")
    boolean progress;

    @Spec
    CommandSpec spec;

    public Integer call()
    {
        if (null != speed && !(speed > 0))
        {
            System.err.println("tickgate feed csv: " + ConfigSources.explain("--speed must be above 0, got " + speed));
            return 2;
        }
        final WriterOptions writerOptions;
        final TsSkewPolicy tsSkew;
        try
        {
            writerOptions = journalLimits.writerOptions(symbolCapacity);
            tsSkew = TsSkewPolicy.of(tsSkewOptions.tsSkewPolicy, tsSkewOptions.maxTsSkewMs);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("tickgate feed csv: " + ConfigSources.explain(ex.getMessage()));
            return 2;
        }
        try (Journal opened = Journal.open(journal);
            JournalWriter writer = opened.writer(writerOptions))
        {
            final EventTimePacer pacer = null == speed ? null :
                new EventTimePacer(speed, SystemNanoClock.INSTANCE, new SleepingMillisIdleStrategy(1));
            final IngestCounters counters = new IngestCounters();
            final CsvIngest ingest = new CsvIngest(writer, counters,
                new RateLimitedLog(10, SystemNanoClock.INSTANCE), new OffsetEpochNanoClock(), pacer, tsSkew);
            final Progress shown = Progress.start(Progress.wanted(progress), spec.commandLine().getErr(),
                "feed csv", "lines", () -> counters.accepted() + counters.skipped() + counters.refused(), () -> 0,
                () -> ", " + counters.refused() + " refused");
            try
            {
                new CsvFileFeed(ingest).replay(file);
            }
            finally
            {
                shown.close();
            }
            System.out.println(counters.summary());
            System.err.println("tickgate feed csv: " + counters);
            return strict && counters.refused() > 0 ? 1 : 0;
        }
        catch (final JournalLockedException ex)
        {
            System.err.println("tickgate feed csv: " + ex.getMessage());
            return 3;
        }
        catch (final IOException ex)
        {
            System.err.println("tickgate feed csv: cannot read " + file + ": " + ex.getMessage());
            return 1;
        }
    }
}
