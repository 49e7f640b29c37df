package io.tickgate.gateway.publisher;

import java.util.Arrays;

/**
 * The sessions subscribed to one symbol, with each one's slot in its {@link SessionSubscriptions}, and how many take
 * each wire format (so a tick is encoded only in the formats someone takes). Arrays, so the per-tick fan-out loop
 * allocates nothing.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class SubscriberList
{
    private Session[] sessions = new Session[4];
    private int[] slots = new int[4];
    private int size;
    private int binaryCount;

    int size()
    {
        return size;
    }

    Session session(final int index)
    {
        return sessions[index];
    }

    int slot(final int index)
    {
        return slots[index];
    }

    boolean hasJson()
    {
        return size > binaryCount;
    }

    boolean hasBinary()
    {
        return binaryCount > 0;
    }

    void add(final Session session, final int slot)
    {
        if (size == sessions.length)
        {
            sessions = Arrays.copyOf(sessions, size * 2);
            slots = Arrays.copyOf(slots, size * 2);
        }
        sessions[size] = session;
        slots[size] = slot;
        session.subscriptions().listIndex(slot, size);
        size++;
        if (session.isBinary())
        {
            binaryCount++;
        }
    }

    /**
     * Remove the subscriber at {@code index} (its {@link SessionSubscriptions#listIndex}): the last one takes its
     * place and is told its new index, so removal is O(1) however many subscribe to the symbol.
     */
    void remove(final int index)
    {
        final Session removed = sessions[index];
        size--;
        if (index != size)
        {
            sessions[index] = sessions[size];
            slots[index] = slots[size];
            sessions[index].subscriptions().listIndex(slots[index], index);
        }
        sessions[size] = null;
        if (removed.isBinary())
        {
            binaryCount--;
        }
    }
}
