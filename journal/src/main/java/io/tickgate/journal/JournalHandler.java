package io.tickgate.journal;

import io.tickgate.codec.TickDecoder;

/**
 * Receives the journal's records in order. Flyweights are valid only during the call.
 */
public interface JournalHandler
{
    /**
     * A symbol was defined; its text is in the reader's {@link JournalReader#symbols() symbol table}.
     *
     * @param symbolId the new id.
     */
    default void onSymbol(final int symbolId)
    {
    }

    /**
     * @param tick  the tick, wrapped in place over the journal's memory.
     * @param index the journal index of the record.
     */
    void onTick(TickDecoder tick, long index);
}
