package io.tickgate.gateway;

/**
 * A gateway was asked to stop while it read the journal at start; everything it had opened is closed again.
 */
public final class StartCancelledException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public StartCancelledException(final String message)
    {
        super(message);
    }
}
