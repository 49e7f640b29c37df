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

    SymbolState(final String name)
    {
        this.name = name;
    }
}
