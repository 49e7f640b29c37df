package io.tickgate.feed;

/**
 * How many symbols the journal does not know yet one source may still define.
 * <b>Note:</b> not threadsafe; owned by the ingest thread.
 */
public final class NewSymbolBudget
{
    private int remaining;

    /**
     * @param max new symbols the source may define in all.
     */
    public NewSymbolBudget(final int max)
    {
        this.remaining = max;
    }

    /**
     * @return true when the source may define one more, which is then counted.
     */
    public boolean tryTake()
    {
        if (remaining > 0)
        {
            remaining--;
            return true;
        }
        return false;
    }
}
