package io.tickgate.client;

/**
 * How a subscription delivers updates; see the protocol's {@code mode}.
 */
public enum Mode
{
    /** The latest value per symbol, skipping seqs under load (the protocol's default). */
    CONFLATED("conflated"),
    /** Every tick, in seq order; a jump in seq is a gap, reported by {@link ClientListener#onGap}. */
    FULL("full");

    private final String wireName;

    Mode(final String wireName)
    {
        this.wireName = wireName;
    }

    /**
     * @return the value of the command's {@code mode} field.
     */
    public String wireName()
    {
        return wireName;
    }
}
