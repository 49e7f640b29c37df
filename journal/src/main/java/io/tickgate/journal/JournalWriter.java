package io.tickgate.journal;

import io.tickgate.codec.CycleHeaderEncoder;
import io.tickgate.codec.MessageHeaderEncoder;
import io.tickgate.codec.SymbolDefinitionEncoder;
import io.tickgate.codec.SymbolTable;
import io.tickgate.codec.Symbols;
import io.tickgate.codec.TickEncoder;
import io.tickgate.codec.TickFields;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The journal's only writer. It owns the per-symbol seq and the symbol ids, so it holds an OS file lock on the
 * journal directory: a second writer, in this process or another, fails fast with {@link JournalLockedException}.
 * Other feeds reach a running gateway's journal through its TCP ingest port.
 * <p>
 * At the first append of each roll cycle (day file) it journals a cycle header first: a marker, then for every symbol
 * its definition and its last tick as a carried value, so each cycle stands alone and older ones may be deleted
 * ({@link Retention}). On open it reads from the newest complete header only (the whole journal when there is none)
 * to rebuild the symbol table and each symbol's last seq, so seqs continue after a restart, never restart or repeat.
 * A tick is durable once {@link #append} returns a seq: the record sits in the memory-mapped queue file, which
 * survives a crash of this process. While disk space is low or after a write threw, appends are refused
 * ({@link #DISK_LOW}, {@link #JOURNAL_FAILED}); {@link #status()} says why.
 * <b>Note:</b> not threadsafe; owned by one thread.
 */
public final class JournalWriter implements AutoCloseable
{
    public static final long INVALID_SYMBOL = -1;
    public static final long SYMBOLS_FULL = -2;
    public static final long DISK_LOW = -3;
    public static final long JOURNAL_FAILED = -4;

    private final WriterLock lock;
    private final SymbolTable symbols;
    private final LastValues lastValues = new LastValues();
    private final PinnableTime time;
    private final SingleChronicleQueue queue;
    private ExcerptAppender appender;
    private final JournalStatus status = new JournalStatus();
    private final WriteGuard guard;
    private final Retention retention;
    private final byte[] scratchBytes = new byte[Math.max(TickEncoder.ENCODED_LENGTH,
        SymbolDefinitionEncoder.ENCODED_LENGTH)];
    private final UnsafeBuffer scratch = new UnsafeBuffer(scratchBytes);
    private final TickEncoder tickEncoder = new TickEncoder();
    private int headerCycle;
    private long appended;

    JournalWriter(final Journal journal, final WriterOptions options, final WriteGuard.UsableSpace usableSpace)
    {
        lock = WriterLock.acquire(journal.directory());
        try
        {
            time = journal.time();
            queue = journal.queue();
            final CycleHeaders headers = new CycleHeaders(queue);
            symbols = rebuild(journal, options.symbolCapacity(), lastValues);
            final int lastCycle = queue.lastCycle();
            headerCycle = lastCycle >= 0 && headers.hasRecords(lastCycle) ? lastCycle : CycleHeaders.NONE;
            guard = new WriteGuard(options.minFreeDiskBytes(), usableSpace, status);
            retention = new Retention(queue, headers, options, status);
            appender = queue.createAppender();
        }
        catch (final RuntimeException | Error ex)
        {
            // a writer that failed to open must not keep the journal locked for the rest of the process
            lock.close();
            throw ex;
        }
    }

    /**
     * Journal one tick: a cycle header first when the tick opens a new cycle, its symbol's definition first when the
     * symbol is new, then the tick stamped with its seq and ingest time.
     *
     * @param symbol          buffer holding the symbol's ASCII text.
     * @param symbolOffset    where the text starts.
     * @param symbolLength    its length.
     * @param fields          the tick's values.
     * @param ingestTimeNanos epoch nanos at which the tick reached tickgate.
     * @return the tick's seq (from 1), or {@link #INVALID_SYMBOL}, {@link #SYMBOLS_FULL}, {@link #DISK_LOW} or
     * {@link #JOURNAL_FAILED} when nothing was written.
     */
    public long append(
        final DirectBuffer symbol,
        final int symbolOffset,
        final int symbolLength,
        final TickFields fields,
        final long ingestTimeNanos)
    {
        final long nowMillis = time.pin();
        try
        {
            int symbolId = symbols.lookup(symbol, symbolOffset, symbolLength);
            if (symbolId < 0 && !Symbols.isValid(symbol, symbolOffset, symbolLength))
            {
                return INVALID_SYMBOL;
            }
            if (symbolId < 0 && symbols.count() >= symbols.capacity())
            {
                return SYMBOLS_FULL;
            }
            final long refusal = upkeep(nowMillis, queue.cycle());
            if (0 != refusal)
            {
                status.countRefused();
                return refusal;
            }
            if (symbolId < 0)
            {
                symbolId = defineSymbol(symbol, symbolOffset, symbolLength);
            }
            return appendTick(symbolId, fields, ingestTimeNanos);
        }
        catch (final Exception | InternalError ex)
        {
            // Chronicle rethrows a failed mapping's IOException unchecked (sneakily): catch it by its supertype
            guard.failed(ex, nowMillis);
            discardAppender();
            status.countRefused();
            return JOURNAL_FAILED;
        }
        finally
        {
            time.unpin();
        }
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
        if (null != appender)
        {
            appender.singleThreadedCheckReset();
        }
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
        return lastValues.seq(symbolId);
    }

    /**
     * @return whether the writer accepts appends and why not, and the retention counters; readable from any thread.
     */
    public JournalStatus status()
    {
        return status;
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
        if (null != appender)
        {
            appender.close();
        }
        lock.close();
    }

    /**
     * At a new cycle and every so often: check the disk before the new cycle is mapped, write the cycle's header,
     * let retention delete what it may.
     *
     * @return 0, or the code the append is refused with.
     */
    private long upkeep(final long nowMillis, final int cycle)
    {
        final boolean newCycle = cycle != headerCycle;
        if (guard.due(nowMillis) || newCycle && status.accepting())
        {
            final long refusal = guard.check(nowMillis);
            if (0 != refusal)
            {
                return refusal;
            }
        }
        else if (!status.accepting())
        {
            return status.refusal();
        }
        if (newCycle)
        {
            writeHeader();
            headerCycle = cycle;
        }
        if (newCycle || retention.due(nowMillis))
        {
            retention.run(nowMillis, cycle);
        }
        return 0;
    }

    private long appendTick(final int symbolId, final TickFields fields, final long ingestTimeNanos)
    {
        final long seq = lastValues.seq(symbolId) + 1;
        fields.encodeInto(tickEncoder.wrapAndApplyHeader(scratch, 0))
            .symbolId(symbolId)
            .seq(seq)
            .ingestTimeNanos(ingestTimeNanos);
        write(TickEncoder.ENCODED_LENGTH);
        lastValues.store(symbolId, scratch, MessageHeaderEncoder.ENCODED_LENGTH);
        appended++;
        return seq;
    }

    /**
     * The marker, then every symbol's definition and carried last tick, in id order.
     */
    private void writeHeader()
    {
        final int count = symbols.count();
        write(CycleHeaderEncoder.encode(scratch, 0, count));
        for (int id = 0; id < count; id++)
        {
            write(SymbolDefinitionEncoder.encode(scratch, 0, SymbolDefinitionEncoder.TEMPLATE_ID, id,
                symbols.nameBytes(), symbols.nameOffset(id), symbols.nameLength(id)));
            if (lastValues.seq(id) > 0)
            {
                write(lastValues.encodeCarried(id, scratch));
            }
        }
    }

    /**
     * Read from the newest complete header (or the start) to the end: definitions give the table, carried values
     * and ticks each symbol's last tick.
     */
    private static SymbolTable rebuild(final Journal journal, final int symbolCapacity, final LastValues lastValues)
    {
        try (JournalReader reader = journal.readerFromNewestHeader(symbolCapacity))
        {
            while (reader.poll(lastValues, 4096) > 0)
            {
                // read to the end
            }
            return reader.symbols();
        }
    }

    /**
     * Journal a new, valid symbol's definition, then enter it in the table: a symbol is never known in memory without
     * its definition in the journal, even when the write fails (a full disk), so every reader agrees on its id.
     */
    private int defineSymbol(final DirectBuffer symbol, final int offset, final int length)
    {
        final int id = symbols.count();
        lastValues.add(id);
        write(SymbolDefinitionEncoder.encode(
            scratch, 0, SymbolDefinitionEncoder.TEMPLATE_ID, id, symbol, offset, length));
        return symbols.define(id, symbol, offset, length);
    }

    /**
     * After a failed write Chronicle's appender may be left half way into a roll, and would then drop what it is
     * given, and the queue's write lock may be left held: the next write gets a fresh appender and a free lock.
     */
    private void discardAppender()
    {
        StuckWriteLock.release(queue);
        final ExcerptAppender failed = appender;
        appender = null;
        if (null != failed)
        {
            try
            {
                failed.close();
            }
            catch (final Exception ignore)
            {
                // a broken appender may fail to close; it is dropped either way
            }
        }
    }

    private void write(final int length)
    {
        if (null == appender)
        {
            appender = queue.createAppender();
        }
        final DocumentContext dc = appender.writingDocument();
        try
        {
            dc.wire().bytes().write(scratchBytes, 0, length);
        }
        catch (final Exception | InternalError ex)
        {
            // a record half written must not be published
            dc.rollbackOnClose();
            throw ex;
        }
        finally
        {
            dc.close();
        }
    }
}
