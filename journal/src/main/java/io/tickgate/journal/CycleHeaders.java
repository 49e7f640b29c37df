package io.tickgate.journal;

import io.tickgate.codec.CycleHeaderDecoder;
import io.tickgate.codec.CycleHeaderEncoder;
import io.tickgate.codec.MessageHeaderEncoder;
import io.tickgate.codec.SymbolDefinitionEncoder;
import io.tickgate.codec.TickEncoder;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.util.Iterator;
import java.util.NavigableSet;

/**
 * Finds the roll cycles that start with a complete cycle header (see {@link io.tickgate.codec.CycleHeaderEncoder}):
 * those a reader can start at and know every symbol, and before which older cycles may be deleted. A header is
 * complete when its marker is the cycle's first record and all the definitions it announces follow it (a writer that
 * died half way through one leaves an incomplete header, which does not count). Cold path: it reads the header's
 * records, a few per symbol.
 */
final class CycleHeaders
{
    static final int NONE = Integer.MIN_VALUE;

    private final SingleChronicleQueue queue;
    private final RecordView record = new RecordView();
    private final CycleHeaderDecoder marker = new CycleHeaderDecoder();

    CycleHeaders(final SingleChronicleQueue queue)
    {
        this.queue = queue;
    }

    /**
     * @return the cycles present, oldest first (a fresh listing of the directory).
     */
    NavigableSet<Long> cycles()
    {
        final int first = queue.firstCycle();
        final int last = queue.lastCycle();
        return queue.listCyclesBetween(Math.min(first, last), last);
    }

    /**
     * @return the newest cycle that starts with a complete header, or {@link #NONE}.
     */
    int newest()
    {
        return newestAtOrBefore(Integer.MAX_VALUE);
    }

    /**
     * @param maxCycle the newest cycle wanted.
     * @return the newest cycle up to {@code maxCycle} that starts with a complete header, or {@link #NONE}.
     */
    int newestAtOrBefore(final int maxCycle)
    {
        if (queue.lastCycle() < 0)
        {
            return NONE;
        }
        final Iterator<Long> newestFirst = cycles().descendingIterator();
        while (newestFirst.hasNext())
        {
            final int cycle = newestFirst.next().intValue();
            if (cycle <= maxCycle && startsWithCompleteHeader(cycle))
            {
                return cycle;
            }
        }
        return NONE;
    }

    /**
     * @param cycle a roll cycle.
     * @return the journal index of its first record.
     */
    long firstIndex(final int cycle)
    {
        return queue.rollCycle().toIndex(cycle, 0);
    }

    /**
     * @param cycle a roll cycle.
     * @return whether it holds at least one record.
     */
    boolean hasRecords(final int cycle)
    {
        try (ExcerptTailer tailer = queue.createTailer())
        {
            return tailer.moveToIndex(firstIndex(cycle));
        }
    }

    /**
     * @param cycle a roll cycle.
     * @return whether its first record is a cycle header followed by every definition it announces.
     */
    boolean startsWithCompleteHeader(final int cycle)
    {
        try (ExcerptTailer tailer = queue.createTailer())
        {
            if (!tailer.moveToIndex(firstIndex(cycle)))
            {
                return false;
            }
            int expected = -1;
            int defined = 0;
            while (defined != expected)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent() || queue.rollCycle().toCycle(dc.index()) != cycle)
                    {
                        return false;
                    }
                    final int templateId = record.wrap(dc.wire().bytes());
                    if (expected < 0)
                    {
                        if (CycleHeaderEncoder.TEMPLATE_ID != templateId ||
                            !record.holds(CycleHeaderEncoder.ENCODED_LENGTH))
                        {
                            return false;
                        }
                        expected = marker.wrap(record.buffer, MessageHeaderEncoder.ENCODED_LENGTH).symbolCount();
                    }
                    else if (SymbolDefinitionEncoder.TEMPLATE_ID == templateId)
                    {
                        defined++;
                    }
                    else if (TickEncoder.CARRIED_TEMPLATE_ID != templateId)
                    {
                        return false;
                    }
                }
            }
            return true;
        }
    }
}
