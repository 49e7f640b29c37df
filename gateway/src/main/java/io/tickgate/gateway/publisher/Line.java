package io.tickgate.gateway.publisher;

import io.tickgate.codec.SymbolTable;
import io.tickgate.journal.JournalReader;

import java.util.concurrent.TimeUnit;

/**
 * What a session is served from: a journal reader, the {@link LastValueCache} and {@link Subscriptions} it feeds
 * through its {@link FanOut}, and the commands that wait for it. The live line is the publisher's own tail of the
 * journal; a delay line trails the journal by a fixed delay, reading a tick only once it was journaled at least that
 * long ago ({@link JournalReader#pollIngestedBy}), so everything its sessions get (ticks, snapshots, conflated
 * values, replays, which end at its reader) is at least that old.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class Line
{
    private final long delaySeconds;
    private final long delayNs;
    private final int slot;
    private final JournalReader reader;
    private final LastValueCache lvc;
    private final Subscriptions subscriptions;
    private final FanOut fanOut;
    private final HeldCommands held;
    private int sessions;
    private long idleSinceNs;
    private long lagNs;

    /**
     * @param delaySeconds 0 for the live line.
     * @param slot         the line's place in the metrics, -1 for the live line.
     * @param held         commands of the line's sessions that wait until it has caught up with its delay.
     */
    Line(
        final long delaySeconds,
        final int slot,
        final JournalReader reader,
        final LastValueCache lvc,
        final Subscriptions subscriptions,
        final FanOut fanOut,
        final HeldCommands held)
    {
        this.delaySeconds = delaySeconds;
        this.delayNs = TimeUnit.SECONDS.toNanos(delaySeconds);
        this.slot = slot;
        this.reader = reader;
        this.lvc = lvc;
        this.subscriptions = subscriptions;
        this.fanOut = fanOut;
        this.held = held;
    }

    long delaySeconds()
    {
        return delaySeconds;
    }

    int slot()
    {
        return slot;
    }

    /**
     * @return the line's reader: where its sessions' replays end and hand over to it.
     */
    JournalReader reader()
    {
        return reader;
    }

    SymbolTable symbols()
    {
        return reader.symbols();
    }

    LastValueCache lvc()
    {
        return lvc;
    }

    Subscriptions subscriptions()
    {
        return subscriptions;
    }

    HeldCommands held()
    {
        return held;
    }

    /**
     * A delay line's duty: read the ticks that have come of age, up to {@code limit} records.
     *
     * @param nowEpochNs the gateway's wall-clock time.
     * @return records read; fewer than {@code limit} once the line is at now less its delay.
     */
    int poll(final long nowEpochNs, final int limit)
    {
        final long cutoffNs = nowEpochNs - delayNs;
        if (reader.heldBackIngestNanos() > cutoffNs)
        {
            // the next tick is known to be too young: no journal access until it is due
            lagNs = 0;
            return 0;
        }
        final int read = reader.pollIngestedBy(fanOut, limit, cutoffNs);
        lagNs = read < limit || 0 == reader.lastIngestNanos() ? 0 : Math.max(0, cutoffNs - reader.lastIngestNanos());
        return read;
    }

    /**
     * @return how far the line was behind now less its delay after its last poll (0 when it had read all that was
     * due), in ns.
     */
    long lagNs()
    {
        return lagNs;
    }

    void join()
    {
        sessions++;
    }

    void leave(final long nowNs)
    {
        if (0 == --sessions)
        {
            idleSinceNs = nowNs;
        }
    }

    /**
     * @return true when no session has used the line for {@code graceNs}.
     */
    boolean idleFor(final long graceNs, final long nowNs)
    {
        return 0 == sessions && nowNs - idleSinceNs >= graceNs;
    }

    int sessions()
    {
        return sessions;
    }
}
