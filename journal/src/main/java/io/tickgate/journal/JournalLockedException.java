package io.tickgate.journal;

/**
 * Thrown when a second writer tries to open a journal: seqs and symbol ids are stamped by exactly one writer.
 */
public final class JournalLockedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public JournalLockedException(final String message)
    {
        super(message);
    }
}
