package io.tickgate.journal;

import io.tickgate.codec.TickDecoder;

/**
 * Receives the journal's records in order. Flyweights are valid only during the call.
 */
public interface JournalHandler
{
    /**
     * A symbol was defined, once per symbol and reader: its text is in the reader's
     * {@link JournalReader#symbols() symbol table}.
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

    /**
     * A symbol's last tick carried into a new cycle's header: the same seq, times and values as the tick journaled
     * before, repeated so that a reader starting at this cycle knows every symbol's state. It is not a new tick: a
     * reader that has seen that tick has nothing to do; one that starts here seeds its last values from it.
     *
     * @param tick  the carried tick, wrapped in place over the journal's memory.
     * @param index the journal index of the record.
     */
    default void onCarried(final TickDecoder tick, final long index)
    {
    }
}
