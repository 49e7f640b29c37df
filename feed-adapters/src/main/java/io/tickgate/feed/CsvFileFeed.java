package io.tickgate.feed;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Replays CSV ticks from a file or standard input ({@code -}) into the journal through a {@link CsvIngest}, as fast
 * as the journal takes them or paced by the ingest's {@link EventTimePacer}. Bad lines are counted and skipped; a file
 * that cannot be read is an {@link IOException} naming it, so the CLI can exit non-zero.
 * <p>
 * <b>Note:</b> not threadsafe; {@link #replay} blocks the calling thread, which must own the ingest's journal writer.
 */
public final class CsvFileFeed
{
    /** The path that means standard input. */
    public static final String STDIN = "-";
    private static final int READ_BUFFER_BYTES = 64 * 1024;

    private final CsvIngest ingest;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final UnsafeBuffer readView = new UnsafeBuffer(readBuffer);

    /**
     * @param ingest the ingest path, with a pacer when replay should follow the ticks' event times.
     */
    public CsvFileFeed(final CsvIngest ingest)
    {
        this.ingest = ingest;
    }

    /**
     * Replay a file, or {@link System#in} when the path is {@link #STDIN}.
     *
     * @param path of the CSV file, or {@code -}.
     * @return the ingest's counters: accepted, skipped and rejected by kind.
     * @throws IOException when the file cannot be opened or read; the message names the file and the reason.
     */
    public IngestCounters replay(final String path) throws IOException
    {
        if (STDIN.equals(path))
        {
            return replay(System.in);
        }
        final FileChannel channel;
        try
        {
            channel = FileChannel.open(Path.of(path), StandardOpenOption.READ);
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new IOException("cannot read CSV file '" + path + "': " + describe(ex), ex);
        }
        try (channel)
        {
            return replay(path, channel);
        }
    }

    /**
     * Replay standard input, or any stream standing in for it.
     *
     * @param stdin the stream; not closed.
     * @return the ingest's counters.
     * @throws IOException when reading fails.
     */
    public IngestCounters replay(final InputStream stdin) throws IOException
    {
        return replay("stdin", Channels.newChannel(stdin));
    }

    /**
     * Replay a channel to its end.
     *
     * @param source  name for log lines.
     * @param channel to read; not closed.
     * @return the ingest's counters.
     * @throws IOException when reading fails; the message names the source.
     */
    public IngestCounters replay(final String source, final ReadableByteChannel channel) throws IOException
    {
        final LineFramer framer = new LineFramer(source);
        try
        {
            while (true)
            {
                readBuffer.clear();
                final int read = channel.read(readBuffer);
                if (read < 0)
                {
                    break;
                }
                framer.onBytes(readView, 0, read, ingest);
            }
        }
        catch (final IOException ex)
        {
            throw new IOException("cannot read CSV '" + source + "' after line " + framer.lineNumber() + ": " +
                describe(ex), ex);
        }
        framer.endOfStream(ingest);
        return ingest.counters();
    }

    private static String describe(final Exception ex)
    {
        final String kind = ex.getClass().getSimpleName();
        return null == ex.getMessage() ? kind : kind + " " + ex.getMessage();
    }
}
