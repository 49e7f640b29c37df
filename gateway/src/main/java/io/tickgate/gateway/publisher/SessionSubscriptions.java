package io.tickgate.gateway.publisher;

import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.IntArrayList;

import java.util.Arrays;

/**
 * One session's subscriptions, keyed by symbol id into slots that hold the mode and conflation state, and the
 * session's own conflation state ({@link Conflation}'s: degraded or not, when its dirty symbols are next due). Memory
 * grows with the number of subscribed symbols only, never with the tick rate: a conflated symbol that cannot be sent
 * yet is one dirty flag, however many ticks it misses.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class SessionSubscriptions
{
    private static final int NONE = -1;

    private static final int[] NO_INTS = new int[0];
    private static final boolean[] NO_FLAGS = new boolean[0];
    private static final long[] NO_LONGS = new long[0];

    // made on the first subscribe: an idle connection should cost little (docs/performance.md has the figure)
    private Int2IntHashMap slotBySymbol;
    private IntArrayList freeSlots;
    private IntArrayList dirtySlots;
    private int[] symbolIds = NO_INTS;
    private boolean[] fullMode = NO_FLAGS;
    private boolean[] conflateWhenSlow = NO_FLAGS;
    private boolean[] dirty = NO_FLAGS;
    private boolean[] snapshotPending = NO_FLAGS;
    private long[] minIntervalNs = NO_LONGS;
    private long[] nextAllowedNs = NO_LONGS;
    private int[] listIndex = NO_INTS;
    private int slotsUsed;

    private boolean wildcard;
    private boolean wildcardFullMode;
    private boolean wildcardConflateWhenSlow;
    private long wildcardMinIntervalNs;

    private boolean degraded;
    private boolean inDirtyList;
    private long dirtyDueNs;

    int size()
    {
        return null == slotBySymbol ? 0 : slotBySymbol.size();
    }

    boolean isSubscribed(final int symbolId)
    {
        return null != slotBySymbol && NONE != slotBySymbol.get(symbolId);
    }

    /**
     * Subscribe, or change the mode of an existing subscription.
     *
     * @return the slot.
     */
    int subscribe(final int symbolId, final boolean full, final long minIntervalNanos, final boolean conflateSlow)
    {
        if (null == slotBySymbol)
        {
            slotBySymbol = new Int2IntHashMap(8, 0.65f, NONE);
            freeSlots = new IntArrayList(0, IntArrayList.DEFAULT_NULL_VALUE);
            dirtySlots = new IntArrayList(0, IntArrayList.DEFAULT_NULL_VALUE);
        }
        int slot = slotBySymbol.get(symbolId);
        if (NONE == slot)
        {
            slot = freeSlots.isEmpty() ? newSlot() : freeSlots.popInt();
            slotBySymbol.put(symbolId, slot);
            symbolIds[slot] = symbolId;
            dirty[slot] = false;
            snapshotPending[slot] = false;
            nextAllowedNs[slot] = 0;
        }
        fullMode[slot] = full;
        conflateWhenSlow[slot] = conflateSlow;
        minIntervalNs[slot] = minIntervalNanos;
        return slot;
    }

    /**
     * @return the freed slot, or -1 when the symbol was not subscribed.
     */
    int unsubscribe(final int symbolId)
    {
        final int slot = null == slotBySymbol ? NONE : slotBySymbol.remove(symbolId);
        if (NONE != slot)
        {
            if (dirty[slot])
            {
                dirty[slot] = false;
                dirtySlots.removeInt(slot);
            }
            freeSlots.addInt(slot);
        }
        return slot;
    }

    int symbolId(final int slot)
    {
        return symbolIds[slot];
    }

    /**
     * @return where this session stands in the slot's symbol's {@link SubscriberList}, so leaving it costs O(1); kept
     * after {@link #unsubscribe} until the slot is reused.
     */
    int listIndex(final int slot)
    {
        return listIndex[slot];
    }

    void listIndex(final int slot, final int index)
    {
        listIndex[slot] = index;
    }

    boolean isFullMode(final int slot)
    {
        return fullMode[slot];
    }

    /**
     * @return true for a full-mode slot whose client asked for {@code "onSlow":"conflate"}.
     */
    boolean conflatesWhenSlow(final int slot)
    {
        return conflateWhenSlow[slot];
    }

    boolean isDirty(final int slot)
    {
        return dirty[slot];
    }

    void markDirty(final int slot)
    {
        dirty[slot] = true;
        dirtySlots.addInt(slot);
    }

    /**
     * The slot's next message is its snapshot: ticks before it are folded into it, so none precedes it.
     */
    void markSnapshotPending(final int slot)
    {
        snapshotPending[slot] = true;
        markDirty(slot);
    }

    boolean isSnapshotPending(final int slot)
    {
        return snapshotPending[slot];
    }

    IntArrayList dirtySlots()
    {
        return dirtySlots;
    }

    /**
     * The slot's pending message was queued.
     */
    void clearDirty(final int slot)
    {
        dirty[slot] = false;
        snapshotPending[slot] = false;
    }

    boolean maySend(final int slot, final long nowNs)
    {
        return nowNs >= nextAllowedNs[slot];
    }

    long nextAllowedNs(final int slot)
    {
        return nextAllowedNs[slot];
    }

    void sent(final int slot, final long nowNs)
    {
        nextAllowedNs[slot] = nowNs + minIntervalNs[slot];
    }

    boolean isWildcard()
    {
        return wildcard;
    }

    boolean wildcardFullMode()
    {
        return wildcardFullMode;
    }

    long wildcardMinIntervalNs()
    {
        return wildcardMinIntervalNs;
    }

    boolean wildcardConflateWhenSlow()
    {
        return wildcardConflateWhenSlow;
    }

    void wildcard(final boolean on, final boolean full, final long minIntervalNanos, final boolean conflateSlow)
    {
        wildcard = on;
        wildcardFullMode = full;
        wildcardMinIntervalNs = minIntervalNanos;
        wildcardConflateWhenSlow = conflateSlow;
    }

    /**
     * @return every subscribed symbol id, in no order; allocates, so for the cold path.
     */
    int[] symbolIds()
    {
        if (null == slotBySymbol)
        {
            return NO_INTS;
        }
        final int[] ids = new int[slotBySymbol.size()];
        final Int2IntHashMap.KeyIterator keys = slotBySymbol.keySet().iterator();
        for (int i = 0; keys.hasNext(); i++)
        {
            ids[i] = keys.nextValue();
        }
        return ids;
    }

    private int newSlot()
    {
        if (slotsUsed == symbolIds.length)
        {
            final int length = Math.max(8, slotsUsed * 2);
            symbolIds = Arrays.copyOf(symbolIds, length);
            fullMode = Arrays.copyOf(fullMode, length);
            conflateWhenSlow = Arrays.copyOf(conflateWhenSlow, length);
            dirty = Arrays.copyOf(dirty, length);
            snapshotPending = Arrays.copyOf(snapshotPending, length);
            minIntervalNs = Arrays.copyOf(minIntervalNs, length);
            nextAllowedNs = Arrays.copyOf(nextAllowedNs, length);
            listIndex = Arrays.copyOf(listIndex, length);
        }
        return slotsUsed++;
    }

    /**
     * @return true while full-mode subscriptions with {@code "onSlow":"conflate"} are being conflated.
     */
    boolean isDegraded()
    {
        return degraded;
    }

    void degraded(final boolean value)
    {
        degraded = value;
    }

    /**
     * @return when the session's dirty symbols are next worth a look; 0 for at once.
     */
    long dirtyDueNs()
    {
        return dirtyDueNs;
    }

    void dirtyDueNs(final long value)
    {
        dirtyDueNs = value;
    }

    boolean inDirtyList()
    {
        return inDirtyList;
    }

    void inDirtyList(final boolean value)
    {
        inDirtyList = value;
    }
}
