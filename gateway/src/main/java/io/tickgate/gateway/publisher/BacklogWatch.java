package io.tickgate.gateway.publisher;

/**
 * Tells a slow client from a slow machine. Once per sweep the publisher adds the queued bytes of every subscribed
 * session; when the median is a quarter of the soft per-session limit or more, most clients are behind at once,
 * and the cause is the machine (CPU, a pause), not the clients: sessions may then queue up to the hard limit before
 * they are cut off, instead of everyone being cut off at the soft limit together. A client behind while the median
 * is low is behind the others, and is cut off at the soft limit as before.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class BacklogWatch
{
    private final int threshold;
    private int[] queued = new int[64];
    private int count;
    private int medianBytes;
    private boolean massBacklog;

    /**
     * @param softLimit the per-session soft limit of queued bytes.
     */
    BacklogWatch(final int softLimit)
    {
        this.threshold = softLimit / 4;
    }

    void begin()
    {
        count = 0;
    }

    void add(final int queuedBytes)
    {
        if (count == queued.length)
        {
            queued = java.util.Arrays.copyOf(queued, count * 2);
        }
        queued[count++] = queuedBytes;
    }

    /**
     * @return true when the verdict changed with this sweep.
     */
    boolean end()
    {
        medianBytes = 0 == count ? 0 : select(queued, count, (count - 1) / 2);
        final boolean wasMassBacklog = massBacklog;
        massBacklog = medianBytes >= threshold;
        return wasMassBacklog != massBacklog;
    }

    boolean isMassBacklog()
    {
        return massBacklog;
    }

    int medianBytes()
    {
        return medianBytes;
    }

    /**
     * Quickselect: the k-th smallest of the first n values (reorders them), in O(n) on average without allocating.
     */
    static int select(final int[] values, final int n, final int k)
    {
        int left = 0;
        int right = n - 1;
        while (left < right)
        {
            final int pivot = values[(left + right) >>> 1];
            int i = left;
            int j = right;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }
                while (values[j] > pivot)
                {
                    j--;
                }
                if (i <= j)
                {
                    final int t = values[i];
                    values[i] = values[j];
                    values[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                return values[k];
            }
        }
        return values[k];
    }
}
