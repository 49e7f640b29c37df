package io.tickgate.journal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a {@link JournalWriter} is doing, for health checks and metrics: whether it accepts appends, and if not why
 * and since when; appends refused; cycle files deleted by retention. Written by the writer's thread only; any thread
 * may read it.
 */
public final class JournalStatus
{
    private volatile long refusal;
    private volatile String reason;
    private volatile long sinceMillis;
    private final AtomicLong refusedAppends = new AtomicLong();
    private final AtomicLong deletedCycles = new AtomicLong();
    private final AtomicLong deletedBytes = new AtomicLong();

    /**
     * @return whether the writer journals appends now.
     */
    public boolean accepting()
    {
        return 0 == refusal;
    }

    /**
     * @return 0 while accepting, else the code appends get: {@link JournalWriter#DISK_LOW} or
     * {@link JournalWriter#JOURNAL_FAILED}.
     */
    public long refusal()
    {
        return refusal;
    }

    /**
     * @return why the writer refuses appends, or null while it accepts them.
     */
    public String reason()
    {
        return reason;
    }

    /**
     * @return epoch millis (of the journal's clock) since which it refuses, or 0 while it accepts.
     */
    public long sinceMillis()
    {
        return sinceMillis;
    }

    /**
     * @return appends refused for low disk space or a failed write since the writer opened.
     */
    public long refusedAppends()
    {
        return refusedAppends.get();
    }

    /**
     * @return cycle files retention deleted since the writer opened.
     */
    public long deletedCycles()
    {
        return deletedCycles.get();
    }

    /**
     * @return bytes of the cycle files retention deleted since the writer opened.
     */
    public long deletedBytes()
    {
        return deletedBytes.get();
    }

    /**
     * @return e.g. "accepting" or "refusing (DISK_LOW since 1764100000000): ...".
     */
    public String toString()
    {
        final long code = refusal;
        return 0 == code ? "accepting" :
            "refusing (" + describe(code) + " since " + sinceMillis + "): " + reason;
    }

    /**
     * @param code a refusal code of {@link JournalWriter#append}.
     * @return its name, e.g. {@code DISK_LOW}.
     */
    public static String describe(final long code)
    {
        if (JournalWriter.INVALID_SYMBOL == code)
        {
            return "INVALID_SYMBOL";
        }
        if (JournalWriter.SYMBOLS_FULL == code)
        {
            return "SYMBOLS_FULL";
        }
        if (JournalWriter.DISK_LOW == code)
        {
            return "DISK_LOW";
        }
        return JournalWriter.JOURNAL_FAILED == code ? "JOURNAL_FAILED" : "seq " + code;
    }

    /**
     * @return true when this changes the state (the first refusal, or another cause).
     */
    boolean refuse(final long code, final String why, final long nowMillis)
    {
        final boolean changed = code != refusal;
        if (changed)
        {
            sinceMillis = nowMillis;
        }
        reason = why;
        refusal = code;
        return changed;
    }

    /**
     * @return true when the writer was refusing.
     */
    boolean accept()
    {
        final boolean changed = 0 != refusal;
        refusal = 0;
        reason = null;
        sinceMillis = 0;
        return changed;
    }

    void countRefused()
    {
        refusedAppends.lazySet(refusedAppends.get() + 1);
    }

    void countDeleted(final long bytes)
    {
        deletedCycles.lazySet(deletedCycles.get() + 1);
        deletedBytes.lazySet(deletedBytes.get() + bytes);
    }
}
