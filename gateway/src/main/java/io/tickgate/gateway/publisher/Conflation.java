package io.tickgate.gateway.publisher;

import io.tickgate.gateway.GatewayMetrics;
import io.tickgate.gateway.ws.SendMode;
import org.agrona.collections.IntArrayList;

import java.util.ArrayList;
import java.util.List;

/**
 * How each live update reaches a subscriber: at once (full mode), or folded into a dirty flag and sent later as the
 * symbol's latest value (conflated mode, rate-limited by the subscription's {@code maxRate}; and full mode with
 * {@code "onSlow":"conflate"} while the session is behind), or, for a full-mode session out of room, not at all:
 * it is cut off. Snapshots wait here as dirty symbols too, so no tick overtakes a pending snapshot. The queue depths
 * that decide are the {@link Watermarks}.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class Conflation
{
    /** A session whose dirty symbols found no room is looked at again after this, not on every duty cycle. */
    private static final long ROOM_RETRY_NS = 200_000L;

    private final Outbound outbound;
    private final SessionLifecycle lifecycle;
    private final GatewayMetrics metrics;
    private final Watermarks marks;
    private final CycleClock clock;
    private final Faults faults;
    private final List<Session> dirtySessions = new ArrayList<>();
    private long nextScanNs;

    Conflation(
        final Outbound outbound,
        final SessionLifecycle lifecycle,
        final GatewayMetrics metrics,
        final Watermarks marks,
        final CycleClock clock,
        final Faults faults)
    {
        this.outbound = outbound;
        this.lifecycle = lifecycle;
        this.metrics = metrics;
        this.marks = marks;
        this.clock = clock;
        this.faults = faults;
    }

    /**
     * A new tick of the symbol in the session's {@code slot}, already in the last-value cache.
     */
    void onTick(final Session session, final int slot, final int symbolId)
    {
        final SessionSubscriptions subs = session.subscriptions();
        final boolean full = subs.isFullMode(slot);
        if (subs.isDirty(slot))
        {
            // a conflated update or a pending snapshot already covers this tick
            if (!full || subs.isDegraded())
            {
                metrics.conflated.lazySet(metrics.conflated.get() + 1);
            }
            return;
        }
        if (full && subs.conflatesWhenSlow(slot) &&
            (subs.isDegraded() || session.queuedBytes() > marks.conflateAboveBytes))
        {
            degrade(session);
            markDirty(session, slot);
        }
        else if (full)
        {
            if (!outbound.offerTick(session, symbolId, SendMode.FULL))
            {
                lifecycle.closeSlowConsumer(session);
            }
        }
        else if (subs.maySend(slot, clock.nanoTime()) && session.queuedBytes() < marks.sendBelowBytes &&
            outbound.offerTick(session, symbolId, SendMode.CONFLATED))
        {
            subs.sent(slot, clock.nanoTime());
        }
        else
        {
            markDirty(session, slot);
        }
    }

    /**
     * The session's next message for the slot is the symbol's snapshot: ticks before it are folded into it.
     */
    void markSnapshot(final Session session, final int slot)
    {
        final SessionSubscriptions subs = session.subscriptions();
        subs.markSnapshotPending(slot);
        subs.dirtyDueNs(0);
        listDirty(session);
    }

    private void markDirty(final Session session, final int slot)
    {
        final SessionSubscriptions subs = session.subscriptions();
        subs.markDirty(slot);
        subs.dirtyDueNs(Math.min(subs.dirtyDueNs(), subs.nextAllowedNs(slot)));
        listDirty(session);
    }

    private void listDirty(final Session session)
    {
        final SessionSubscriptions subs = session.subscriptions();
        nextScanNs = Math.min(nextScanNs, subs.dirtyDueNs());
        if (!subs.inDirtyList())
        {
            subs.inDirtyList(true);
            dirtySessions.add(session);
        }
    }

    private void degrade(final Session session)
    {
        final SessionSubscriptions subs = session.subscriptions();
        if (!subs.isDegraded())
        {
            subs.degraded(true);
            outbound.sendModeChange(session, true);
        }
    }

    /**
     * The session is leaving: forget it.
     */
    void remove(final Session session)
    {
        final SessionSubscriptions subs = session.subscriptions();
        if (subs.inDirtyList())
        {
            dirtySessions.remove(session);
            subs.inDirtyList(false);
        }
    }

    /**
     * Send what is due: pending snapshots, and the latest value of dirty symbols whose {@code maxRate} allows, to
     * sessions with room.
     *
     * @return sessions finished with.
     */
    int flush()
    {
        final long nowNs = clock.nanoTime();
        if (nowNs < nextScanNs)
        {
            return 0;
        }
        int work = 0;
        long nextNs = Long.MAX_VALUE;
        for (int i = dirtySessions.size() - 1; i >= 0; i--)
        {
            final Session session = dirtySessions.get(i);
            final SessionSubscriptions subs = session.subscriptions();
            if (nowNs < subs.dirtyDueNs() && !session.isClosed())
            {
                nextNs = Math.min(nextNs, subs.dirtyDueNs());
                continue;
            }
            if (session.isClosed() || flushOrFault(session, nowNs))
            {
                subs.inDirtyList(false);
                final int last = dirtySessions.size() - 1;
                dirtySessions.set(i, dirtySessions.get(last));
                dirtySessions.remove(last);
                work++;
            }
            else
            {
                nextNs = Math.min(nextNs, subs.dirtyDueNs());
            }
        }
        nextScanNs = nextNs;
        return work;
    }

    private boolean flushOrFault(final Session session, final long nowNs)
    {
        try
        {
            return flush(session, nowNs);
        }
        catch (final RuntimeException ex)
        {
            faults.onFault(session, ex);
            return true;
        }
    }

    /**
     * @return true when nothing is left to do for the session: nothing dirty, and not degraded.
     */
    private boolean flush(final Session session, final long nowNs)
    {
        final SessionSubscriptions subs = session.subscriptions();
        final IntArrayList dirty = subs.dirtySlots();
        long dueNs = Long.MAX_VALUE;
        int i = 0;
        while (i < dirty.size() && session.queuedBytes() < marks.sendBelowBytes)
        {
            final int slot = dirty.getInt(i);
            final boolean snapshot = subs.isSnapshotPending(slot);
            if (!snapshot && !subs.maySend(slot, nowNs))
            {
                dueNs = Math.min(dueNs, subs.nextAllowedNs(slot));
                i++;
                continue;
            }
            final int symbolId = subs.symbolId(slot);
            if (!(snapshot ? outbound.offerSnapshot(session, symbolId) :
                outbound.offerTick(session, symbolId, SendMode.CONFLATED)))
            {
                break;
            }
            subs.sent(slot, nowNs);
            subs.clearDirty(slot);
            dirty.fastUnorderedRemove(i);
        }
        // when every dirty symbol waits on its maxRate, skip the session until the first is due; when it has no
        // room, look again shortly rather than on every duty cycle
        subs.dirtyDueNs(i == dirty.size() ? dueNs : nowNs + ROOM_RETRY_NS);
        if (!dirty.isEmpty())
        {
            return false;
        }
        if (subs.isDegraded())
        {
            if (session.queuedBytes() >= marks.caughtUpBelowBytes)
            {
                subs.dirtyDueNs(nowNs + ROOM_RETRY_NS);
                return false;
            }
            subs.degraded(false);
            outbound.sendModeChange(session, false);
        }
        return true;
    }
}
