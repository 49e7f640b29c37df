package io.tickgate.cli;

import io.tickgate.journal.WriterOptions;
import picocli.CommandLine.Option;

/**
 * The journal writer's bounds, shared by {@code serve}, {@code demo} and {@code feed csv}: retention and the
 * free-disk guard (docs/operations.md).
 */
final class JournalLimitOptions
{
    @Option(names = "--retain-days", description = "Keep only the journal's newest N day files, deleting older " +
        "ones at each day's roll and every minute; 0 keeps all (default: 0).")
    int retainDays;

    @Option(names = "--retain-bytes", description = "Delete the journal's oldest day files while its files take " +
        "more than this many bytes; the newest day is always kept; 0 keeps all (default: 0).")
    long retainBytes;

    @Option(names = "--min-free-disk", description = "Refuse ticks (DISK_LOW) while the journal's disk has fewer " +
        "usable bytes than this, resuming by itself when space returns; 0 turns the guard off " +
        "(default: 1073741824, 1 GiB).")
    long minFreeDiskBytes = WriterOptions.DEFAULT_MIN_FREE_DISK_BYTES;

    /**
     * @param symbolCapacity the most symbols the journal may define.
     * @return the writer's options.
     * @throws IllegalArgumentException when a bound is negative.
     */
    WriterOptions writerOptions(final int symbolCapacity)
    {
        return new WriterOptions(symbolCapacity, retainDays, retainBytes, minFreeDiskBytes);
    }
}
