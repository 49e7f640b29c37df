package io.tickgate.feed;

import io.tickgate.codec.TickFields;

import java.util.Locale;

/**
 * What the ingest does with a tick whose {@code ts} is more than the allowed skew ahead of the ingest clock: a feed
 * stamping nanoseconds or a wrong time zone, which would otherwise sit in the journal as the "latest" tick for good.
 * A tick exactly at the bound passes. Clamping moves {@code ts} to the bound itself, so the mapping stays monotone:
 * ticks keep their order, ties aside.
 * <p>
 * <b>Note:</b> immutable; {@link #admit} counts into the caller's counters, on the ingest thread.
 */
public final class TsSkewPolicy
{
    /**
     * One minute: NTP-synced hosts differ by milliseconds and an exchange's stamps lead a local clock by far less,
     * while the mistakes it is meant to catch (a time zone, nanoseconds for microseconds, a wrong year) are 15 minutes
     * and more. A feed with a looser clock raises it, or picks {@code clamp} or {@code accept}.
     */
    public static final long DEFAULT_MAX_SKEW_MS = 60_000;
    /** Keeps the skew in microseconds within a long. */
    public static final long MAX_SKEW_MS = Long.MAX_VALUE / 1_000;
    /** The policy's name when none is given. */
    public static final String DEFAULT_ACTION = "reject";

    /**
     * What happens to a tick too far ahead; each is counted under its {@link #label()}.
     */
    public enum Action
    {
        /** Refused as {@link IngestError#TS_IN_FUTURE}. */
        REJECT("rejected"),
        /** Journaled with {@code ts} set to the ingest time plus the skew. */
        CLAMP("clamped"),
        /** Journaled unchanged. */
        ACCEPT("accepted");

        private final String label;

        Action(final String label)
        {
            this.label = label;
        }

        /**
         * @return the metric label: what was done, e.g. {@code clamped}.
         */
        public String label()
        {
            return label;
        }
    }

    private final Action action;
    private final long maxSkewMicros;

    private TsSkewPolicy(final Action action, final long maxSkewMs)
    {
        this.action = action;
        this.maxSkewMicros = maxSkewMs * 1_000;
    }

    /**
     * @param action    {@code reject}, {@code clamp} or {@code accept}, as the command line gives it.
     * @param maxSkewMs how far ahead of the ingest clock a {@code ts} may be, 0 to {@link #MAX_SKEW_MS}.
     * @return the policy.
     * @throws IllegalArgumentException naming the option, for a bad name or a skew out of range.
     */
    public static TsSkewPolicy of(final String action, final long maxSkewMs)
    {
        if (maxSkewMs < 0 || maxSkewMs > MAX_SKEW_MS)
        {
            throw new IllegalArgumentException("invalid --max-ts-skew-ms: " + maxSkewMs + " (0 or more milliseconds)");
        }
        for (final Action candidate : Action.values())
        {
            if (candidate.name().toLowerCase(Locale.ROOT).equals(action))
            {
                return new TsSkewPolicy(candidate, maxSkewMs);
            }
        }
        throw new IllegalArgumentException("invalid --ts-skew-policy: " + action + " (reject, clamp or accept)");
    }

    /**
     * @return the default: reject ticks more than a minute ahead.
     */
    public static TsSkewPolicy defaults()
    {
        return of(DEFAULT_ACTION, DEFAULT_MAX_SKEW_MS);
    }

    /**
     * @return what happens to a tick too far ahead.
     */
    public Action action()
    {
        return action;
    }

    /**
     * Check one parsed tick against the ingest clock; a clamped or accepted future tick is counted here.
     *
     * @param fields          the tick; its {@code ts} is moved to the bound when clamped.
     * @param ingestTimeNanos the ingest clock now, epoch nanos.
     * @param counters        where clamped and accepted future ticks are counted.
     * @return false when the tick must be refused as {@link IngestError#TS_IN_FUTURE}.
     */
    boolean admit(final TickFields fields, final long ingestTimeNanos, final IngestCounters counters)
    {
        final long nowMicros = ingestTimeNanos / 1_000;
        final long boundMicros =
            maxSkewMicros > Long.MAX_VALUE - nowMicros ? Long.MAX_VALUE : nowMicros + maxSkewMicros;
        if (fields.eventTimeMicros <= boundMicros)
        {
            return true;
        }
        switch (action)
        {
            case CLAMP ->
            {
                fields.eventTimeMicros = boundMicros;
                counters.onFutureTs(action);
                return true;
            }
            case ACCEPT ->
            {
                counters.onFutureTs(action);
                return true;
            }
            default ->
            {
                return false;
            }
        }
    }
}
