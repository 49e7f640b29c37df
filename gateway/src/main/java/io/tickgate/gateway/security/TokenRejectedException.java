package io.tickgate.gateway.security;

/**
 * A token that does not grant anything: unparseable, wrongly signed, of another algorithm, with bad claims, not yet
 * valid, or expired. The message says which, for the client's {@code UNAUTHORIZED} error and the log.
 */
public final class TokenRejectedException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final boolean expired;

    TokenRejectedException(final String message, final boolean expired)
    {
        super(message, null, false, false);
        this.expired = expired;
    }

    /**
     * @return true when the token was valid but its {@code exp} has passed; false for every other fault.
     */
    public boolean isExpired()
    {
        return expired;
    }
}
