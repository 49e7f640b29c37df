package io.tickgate.cli;

import io.tickgate.feed.CsvFileFeed;
import io.tickgate.feed.CsvIngest;
import io.tickgate.feed.EventTimePacer;
import io.tickgate.feed.IngestCounters;
import io.tickgate.feed.RateLimitedLog;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalLockedException;
import io.tickgate.journal.JournalWriter;
import io.tickgate.journal.WriterOptions;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code tickgate feed csv FILE|- --journal DIR [--speed X]}: journal a CSV file or standard input.
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

    public Integer call()
    {
        if (null != speed && !(speed > 0))
        {
            System.err.println("tickgate feed csv: --speed must be above 0, got " + speed);
            return 2;
        }
        final WriterOptions writerOptions;
        try
        {
            writerOptions = journalLimits.writerOptions(symbolCapacity);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("tickgate feed csv: " + ex.getMessage());
            return 2;
        }
        try (Journal opened = Journal.open(journal);
            JournalWriter writer = opened.writer(writerOptions))
        {
            final EventTimePacer pacer = null == speed ? null :
                new EventTimePacer(speed, SystemNanoClock.INSTANCE, new SleepingMillisIdleStrategy(1));
            final CsvIngest ingest = new CsvIngest(writer, new IngestCounters(),
                new RateLimitedLog(10, SystemNanoClock.INSTANCE), new OffsetEpochNanoClock(), pacer);
            final IngestCounters counters = new CsvFileFeed(ingest).replay(file);
            System.err.println("tickgate feed csv: " + counters);
            return 0;
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
