package io.tickgate.client;

/**
 * What the client knows of one symbol: its cached name, the last seq delivered and whether it is streamed in full
 * mode. <b>Note:</b> accessed only under the client's lock.
 */
final class SymbolState
{
    final String name;
    long lastSeq;
    boolean full;
    /**
     * After a refused replay fell back to a plain subscribe: the seq that was expected next, so the first quote of
     * the new stream is delivered (whatever its seq, even one at or below {@link #lastSeq}: the journal may have been
     * replaced) and the discontinuity reported as a gap. 0 when not resynchronising.
     */
    long resyncFrom;

    SymbolState(final String name)
    {
        this.name = name;
    }
}
