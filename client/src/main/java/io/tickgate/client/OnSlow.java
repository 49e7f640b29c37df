package io.tickgate.client;

/**
 * What the gateway should do when this client's full-mode stream falls behind (the protocol's {@code onSlow}).
 */
public enum OnSlow
{
    /** Cut the connection with close code 1008 (the gateway's default); the client then reconnects and replays. */
    DISCONNECT("disconnect"),
    /** Conflate while behind, announced by {@link ClientListener#onSlow()} and {@link ClientListener#onCaughtUp()}. */
    CONFLATE("conflate");

    private final String wireName;

    OnSlow(final String wireName)
    {
        this.wireName = wireName;
    }

    /**
     * @return the value of the command's {@code onSlow} field.
     */
    public String wireName()
    {
        return wireName;
    }
}
