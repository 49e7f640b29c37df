package io.tickgate.journal;

import io.tickgate.codec.SymbolDefinitionEncoder;
import io.tickgate.codec.SymbolTable;
import io.tickgate.codec.Symbols;
import io.tickgate.codec.TickDecoder;
import io.tickgate.codec.TickEncoder;
import io.tickgate.codec.TickFields;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The journal's only writer. It owns the per-symbol seq and the symbol ids, so it holds an OS file lock on the
 * journal directory: a second writer, in this process or another, fails fast with {@link JournalLockedException}.
 * Other feeds reach a running gateway's journal through its TCP ingest port.
 * <p>
 * On open it reads the whole journal once to rebuild the symbol table and each symbol's last seq, so seqs continue
 * after a restart, never restart or repeat. A tick is durable once {@link #append} returns: the record sits in the
 * memory-mapped queue file, which survives a crash of this process.
 * <b>Note:</b> not threadsafe; owned by one thread.
 */
public final class JournalWriter implements AutoCloseable
{
    public static final long INVALID_SYMBOL = -1;
    public static final long SYMBOLS_FULL = -2;

    private final FileChannel lockChannel;
    private final FileLock lock;
    private final SymbolTable symbols;
    private final long[] lastSeq;
    private final ExcerptAppender appender;
    private final byte[] scratchBytes = new byte[Math.max(TickEncoder.ENCODED_LENGTH,
        SymbolDefinitionEncoder.ENCODED_LENGTH)];
    private final UnsafeBuffer scratch = new UnsafeBuffer(scratchBytes);
    private final TickEncoder tickEncoder = new TickEncoder();
    private long appended;

    JournalWriter(final Journal journal, final int symbolCapacity)
    {
        final Path lockFile = journal.directory().resolve("writer.lock");
        try
        {
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = tryLock(lockChannel);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot lock journal " + journal.directory(), ex);
        }
        if (null == lock)
        {
            closeQuietly(lockChannel);
            throw new JournalLockedException("journal " + journal.directory() + " already has a writer " +
                "(another tickgate process or feed); send ticks to that gateway's ingest port instead");
        }

        try
        {
            lastSeq = new long[symbolCapacity];
            try (JournalReader reader = journal.reader(symbolCapacity))
            {
                final JournalHandler rebuild = (final TickDecoder tick, final long index) ->
                    lastSeq[tick.symbolId()] = Math.max(lastSeq[tick.symbolId()], tick.seq());
                while (reader.poll(rebuild, 4096) > 0)
                {
                    // read to the end
                }
                symbols = reader.symbols();
            }
            appender = journal.queue().createAppender();
        }
        catch (final RuntimeException | Error ex)
        {
            // a writer that failed to open must not keep the journal locked for the rest of the process
            closeQuietly(lockChannel);
            throw ex;
        }
    }

    /**
     * Journal one tick: define its symbol first if it is new, then stamp seq and ingest time.
     *
     * @param symbol          buffer holding the symbol's ASCII text.
     * @param symbolOffset    where the text starts.
     * @param symbolLength    its length.
     * @param fields          the tick's values.
     * @param ingestTimeNanos epoch nanos at which the tick reached tickgate.
     * @return the tick's seq (from 1), or {@link #INVALID_SYMBOL} or {@link #SYMBOLS_FULL} when nothing was written.
     */
    public long append(
        final DirectBuffer symbol,
        final int symbolOffset,
        final int symbolLength,
        final TickFields fields,
        final long ingestTimeNanos)
    {
        int symbolId = symbols.lookup(symbol, symbolOffset, symbolLength);
        if (symbolId < 0)
        {
            symbolId = defineSymbol(symbol, symbolOffset, symbolLength);
            if (symbolId < 0)
            {
                return SymbolTable.FULL == symbolId ? SYMBOLS_FULL : INVALID_SYMBOL;
            }
        }

        final long seq = lastSeq[symbolId] + 1;
        fields.encodeInto(tickEncoder.wrapAndApplyHeader(scratch, 0))
            .symbolId(symbolId)
            .seq(seq)
            .ingestTimeNanos(ingestTimeNanos);
        write(TickEncoder.ENCODED_LENGTH);
        lastSeq[symbolId] = seq;
        appended++;
        return seq;
    }

    /**
     * Convenience for callers with a clock at hand.
     *
     * @param symbol       buffer holding the symbol's ASCII text.
     * @param symbolOffset where the text starts.
     * @param symbolLength its length.
     * @param fields       the tick's values.
     * @param clock        stamps the ingest time.
     * @return as {@link #append(DirectBuffer, int, int, TickFields, long)}.
     */
    public long append(
        final DirectBuffer symbol,
        final int symbolOffset,
        final int symbolLength,
        final TickFields fields,
        final EpochNanoClock clock)
    {
        return append(symbol, symbolOffset, symbolLength, fields, clock.nanoTime());
    }

    /**
     * Make the calling thread the writer's owner, when it was opened on one thread and is used on another (a feed
     * agent's): Chronicle checks that an appender is used by one thread only.
     */
    public void claimForCurrentThread()
    {
        appender.singleThreadedCheckReset();
    }

    /**
     * @return the symbols this journal defines, owned by the writer's thread.
     */
    public SymbolTable symbols()
    {
        return symbols;
    }

    /**
     * @param symbolId a defined symbol.
     * @return the seq of its last journaled tick, 0 when it has none.
     */
    public long lastSeq(final int symbolId)
    {
        return lastSeq[symbolId];
    }

    /**
     * @return ticks appended by this writer since it opened.
     */
    public long appended()
    {
        return appended;
    }

    public void close()
    {
        appender.close();
        try
        {
            lock.release();
        }
        catch (final IOException ignore)
        {
            // the channel close below releases it too
        }
        closeQuietly(lockChannel);
    }

    /**
     * Journal a new symbol's definition, then enter it in the table: a symbol is never known in memory without its
     * definition in the journal, even when the write fails (a full disk), so every reader agrees on its id.
     */
    private int defineSymbol(final DirectBuffer symbol, final int offset, final int length)
    {
        if (!Symbols.isValid(symbol, offset, length))
        {
            return SymbolTable.INVALID_SYMBOL;
        }
        final int id = symbols.count();
        if (id >= symbols.capacity())
        {
            return SymbolTable.FULL;
        }
        write(SymbolDefinitionEncoder.encode(
            scratch, 0, SymbolDefinitionEncoder.TEMPLATE_ID, id, symbol, offset, length));
        return symbols.define(id, symbol, offset, length);
    }

    private void write(final int length)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(scratchBytes, 0, length);
        }
    }

    private static FileLock tryLock(final FileChannel channel) throws IOException
    {
        try
        {
            return channel.tryLock();
        }
        catch (final OverlappingFileLockException ex)
        {
            return null;
        }
    }

    private static void closeQuietly(final FileChannel channel)
    {
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
