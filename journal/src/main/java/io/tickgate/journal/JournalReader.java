package io.tickgate.journal;

import io.tickgate.codec.CycleHeaderEncoder;
import io.tickgate.codec.MessageHeaderEncoder;
import io.tickgate.codec.SymbolDefinitionDecoder;
import io.tickgate.codec.SymbolDefinitionEncoder;
import io.tickgate.codec.SymbolTable;
import io.tickgate.codec.TickDecoder;
import io.tickgate.codec.TickEncoder;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Tails a journal in order, rebuilding its symbol table from the definition records as it goes, and hands each tick
 * to a {@link JournalHandler} as a flyweight over the journal's own memory (no copy, no allocation).
 * <p>
 * Each roll cycle (day file) starts with a cycle header: a marker, then every symbol's definition again and its last
 * tick as a carried value ({@link JournalHandler#onCarried}, never {@link JournalHandler#onTick}). A definition of a
 * symbol the reader already knows is not announced again, so reading across headers is the same as reading a journal
 * without them.
 * <p>
 * Records of an unknown template or schema are skipped and counted, so a newer writer does not break an older reader.
 * <b>Note:</b> not threadsafe; owned by one thread.
 */
public final class JournalReader implements AutoCloseable
{
    private static final JournalHandler SKIP = (final TickDecoder tick, final long index) ->
    {
    };

    private final ExcerptTailer tailer;
    private final SymbolTable symbols;
    private final RecordView record = new RecordView();
    private final TickDecoder tick = new TickDecoder();
    private final SymbolDefinitionDecoder definition = new SymbolDefinitionDecoder();
    private long skippedRecords;
    private long lastIndex = -1;
    private long lastIngestNanos;
    private long heldBackIngestNanos = Long.MIN_VALUE;

    JournalReader(final ExcerptTailer tailer, final SymbolTable symbols)
    {
        this.tailer = tailer;
        this.symbols = symbols;
    }

    /**
     * The symbols defined in the records read so far.
     *
     * @return the table, owned by this reader's thread.
     */
    public SymbolTable symbols()
    {
        return symbols;
    }

    /**
     * Read up to {@code limit} records.
     *
     * @param handler receives the records.
     * @param limit   the most records to read in this call.
     * @return records read; 0 when the reader is at the end of the journal.
     */
    public int poll(final JournalHandler handler, final int limit)
    {
        return poll(handler, limit, Long.MAX_VALUE);
    }

    /**
     * Read up to {@code limit} records, none past {@code maxIndex}: how a replay stops exactly where another reader
     * (the live one) has got to.
     *
     * @param handler  receives the records.
     * @param limit    the most records to read in this call.
     * @param maxIndex the last journal index this call may read.
     * @return records read.
     */
    public int poll(final JournalHandler handler, final int limit, final long maxIndex)
    {
        return read(handler, limit, maxIndex, Long.MAX_VALUE);
    }

    /**
     * Read up to {@code limit} records, stopping at the first tick (or carried tick) ingested after
     * {@code maxIngestNanos}, which is left unread: how a delay line trails the journal by a fixed time. Records
     * without an ingest time (symbol definitions, cycle headers) are read when reached.
     *
     * @param handler        receives the records.
     * @param limit          the most records to read in this call.
     * @param maxIngestNanos the latest ingest time (ns since the epoch) a tick may have to be read now.
     * @return records read.
     */
    public int pollIngestedBy(final JournalHandler handler, final int limit, final long maxIngestNanos)
    {
        heldBackIngestNanos = Long.MIN_VALUE;
        return read(handler, limit, Long.MAX_VALUE, maxIngestNanos);
    }

    /**
     * @return the ingest time of the tick the last {@link #pollIngestedBy} left unread because it was too young
     * (nothing before it is left to read until then), or {@link Long#MIN_VALUE} when that call stopped for another
     * reason (its limit, the journal's end).
     */
    public long heldBackIngestNanos()
    {
        return heldBackIngestNanos;
    }

    /**
     * @return the ingest time of the last tick (not carried) {@link #pollIngestedBy} read, 0 before the first.
     */
    public long lastIngestNanos()
    {
        return lastIngestNanos;
    }

    private int read(final JournalHandler handler, final int limit, final long maxIndex, final long maxIngestNanos)
    {
        int read = 0;
        long rewindTo = -1;
        while (read < limit)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    break;
                }
                if (dc.index() > maxIndex)
                {
                    rewindTo = dc.index();
                    break;
                }
                final int templateId = record.wrap(dc.wire().bytes());
                if (Long.MAX_VALUE != maxIngestNanos && heldBack(templateId, maxIngestNanos))
                {
                    // Chronicle leaves the tailer on this record: the next call reads it again
                    dc.rollbackOnClose();
                    break;
                }
                lastIndex = dc.index();
                dispatch(handler, templateId, lastIndex);
            }
            read++;
        }
        if (rewindTo >= 0)
        {
            tailer.moveToIndex(rewindTo);
        }
        return read;
    }

    /**
     * @return true when the wrapped record is a tick ingested after {@code maxIngestNanos}; otherwise notes the
     * ingest time of a tick that may be read.
     */
    private boolean heldBack(final int templateId, final long maxIngestNanos)
    {
        if ((TickEncoder.TEMPLATE_ID != templateId && TickEncoder.CARRIED_TEMPLATE_ID != templateId) ||
            !record.holds(TickEncoder.ENCODED_LENGTH))
        {
            return false;
        }
        final long ingestNanos = tick.wrap(record.buffer, MessageHeaderEncoder.ENCODED_LENGTH).ingestTimeNanos();
        if (ingestNanos > maxIngestNanos)
        {
            heldBackIngestNanos = ingestNanos;
            return true;
        }
        if (TickEncoder.TEMPLATE_ID == templateId)
        {
            lastIngestNanos = ingestNanos;
        }
        return false;
    }

    /**
     * Skip every record journaled so far, so the next {@link #poll} returns only records appended after this call:
     * how a tail starts "at the end". The skipped records are still read, not jumped over (a plain
     * {@code ExcerptTailer.toEnd()} would be), because the symbol definitions among them must reach the
     * {@link #symbols() symbol table}: without them the ticks that follow could not be named, and would be skipped.
     * It costs one pass over the journal; ticks are not handed to anyone.
     *
     * @return records skipped.
     */
    public long toEnd()
    {
        long skipped = 0;
        int read;
        while ((read = poll(SKIP, 4096)) > 0)
        {
            skipped += read;
        }
        return skipped;
    }

    /**
     * Position the reader so the next record read is the one at {@code index}.
     *
     * @param index a journal index, as handed to {@link JournalHandler#onTick}.
     * @return false when the journal has no such index.
     */
    public boolean moveToIndex(final long index)
    {
        return tailer.moveToIndex(index);
    }

    /**
     * @return the journal index of the last record read, or -1 before the first.
     */
    public long lastIndex()
    {
        return lastIndex;
    }

    /**
     * @return records skipped because this version cannot read them.
     */
    public long skippedRecords()
    {
        return skippedRecords;
    }

    public void close()
    {
        tailer.close();
    }

    private void dispatch(final JournalHandler handler, final int templateId, final long index)
    {
        final int body = MessageHeaderEncoder.ENCODED_LENGTH;
        if ((TickEncoder.TEMPLATE_ID == templateId || TickEncoder.CARRIED_TEMPLATE_ID == templateId) &&
            record.holds(TickEncoder.ENCODED_LENGTH))
        {
            tick.wrap(record.buffer, body);
            if (tick.symbolId() >= 0 && tick.symbolId() < symbols.count())
            {
                if (TickEncoder.TEMPLATE_ID == templateId)
                {
                    handler.onTick(tick, index);
                }
                else
                {
                    handler.onCarried(tick, index);
                }
                return;
            }
        }
        else if (SymbolDefinitionEncoder.TEMPLATE_ID == templateId &&
            record.holds(SymbolDefinitionEncoder.ENCODED_LENGTH))
        {
            definition.wrap(record.buffer, body);
            final int known = symbols.count();
            final int id = symbols.define(
                definition.symbolId(), record.buffer, definition.nameOffset(), definition.nameLength());
            if (id >= 0)
            {
                if (id >= known)
                {
                    handler.onSymbol(id);
                }
                return;
            }
        }
        else if (CycleHeaderEncoder.TEMPLATE_ID == templateId && record.holds(CycleHeaderEncoder.ENCODED_LENGTH))
        {
            return;
        }
        skippedRecords++;
    }
}
