package io.tickgate.cli;

import io.tickgate.codec.SymbolTable;

import java.util.Arrays;
import java.util.Set;

/**
 * Which symbol ids a {@code --symbols} list selects, learned from a reader's symbol table as ids appear, so a check
 * per tick is an array lookup. <b>Note:</b> not threadsafe; owned by the reading thread.
 */
final class SymbolFilter
{
    private final Set<String> names;
    private boolean[] selected = new boolean[256];
    private int known;

    /**
     * @param names the symbols to keep, or null for all.
     */
    SymbolFilter(final Set<String> names)
    {
        this.names = names;
    }

    boolean selects(final int symbolId, final SymbolTable symbols)
    {
        if (null == names)
        {
            return true;
        }
        if (symbolId >= known)
        {
            learn(symbols);
        }
        return symbolId < known && selected[symbolId];
    }

    private void learn(final SymbolTable symbols)
    {
        final int count = symbols.count();
        if (count > selected.length)
        {
            selected = Arrays.copyOf(selected, Math.max(count, selected.length * 2));
        }
        for (int id = known; id < count; id++)
        {
            selected[id] = names.contains(symbols.name(id));
        }
        known = count;
    }
}
