package io.tickgate.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The OS file lock on a journal's {@code writer.lock} that makes its writer the only one, in this process or another.
 */
final class WriterLock implements AutoCloseable
{
    private final FileChannel channel;
    private final FileLock lock;

    private WriterLock(final FileChannel channel, final FileLock lock)
    {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param directory the journal's.
     * @return the lock, held until {@link #close()}.
     * @throws JournalLockedException when another writer holds it.
     */
    static WriterLock acquire(final Path directory)
    {
        final FileChannel channel;
        FileLock lock;
        try
        {
            channel = FileChannel.open(directory.resolve("writer.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
            try
            {
                lock = channel.tryLock();
            }
            catch (final OverlappingFileLockException ex)
            {
                lock = null;
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot lock journal " + directory, ex);
        }
        if (null == lock)
        {
            new WriterLock(channel, null).close();
            throw new JournalLockedException("journal " + directory + " already has a writer " +
                "(another tickgate process or feed); send ticks to that gateway's ingest port instead");
        }
        return new WriterLock(channel, lock);
    }

    public void close()
    {
        try
        {
            if (null != lock)
            {
                lock.release();
            }
        }
        catch (final IOException ignore)
        {
            // the channel close below releases it too
        }
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // nothing more to release
        }
    }
}
