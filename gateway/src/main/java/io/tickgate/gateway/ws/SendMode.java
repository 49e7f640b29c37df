package io.tickgate.gateway.ws;

import java.util.Locale;

/**
 * How a timed message reached its socket, the label its fan-out latency is recorded under: real-time figures are
 * then not mixed with conflated updates that waited for {@code maxRate} on purpose, nor with history or delayed data.
 */
public enum SendMode
{
    /** A live tick to a full-mode subscription, queued as it was read: from its ingest. */
    FULL,
    /** A live update to a conflated subscription (or a full one that degraded), queued when its rate allowed. */
    CONFLATED,
    /** A tick read from history for a replay: from the moment the replay read it. */
    REPLAY,
    /** A tick to a delayed connection: from when it was due (ingest plus the delay). */
    DELAYED;

    private static final SendMode[] MODES = values();

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label()
    {
        return label;
    }

    /**
     * @return the mode of this ordinal, without the copy {@code values()} makes.
     */
    static SendMode of(final int ordinal)
    {
        return MODES[ordinal];
    }
}
