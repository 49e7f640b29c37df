package io.tickgate.gateway.publisher;

import io.tickgate.gateway.Command;
import io.tickgate.gateway.ErrorCode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Replays wait here while the journal's older days are still being indexed ({@link HistoryIndexer}): a replay may
 * reach back into them, and answering it from half an index would start it late or refuse it wrongly. A session with
 * a replay waiting has its later commands wait behind it, so each session's commands are still carried out in the
 * order it sent them. At most {@link #MAX_HELD} commands wait; past that a command is refused with {@code LIMIT}.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class HeldCommands
{
    static final int MAX_HELD = 1024;

    private final Outbound outbound;
    private final List<Command> held = new ArrayList<>();
    private final Set<Session> sessions = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean open;

    /**
     * @param open true when there is no history to wait for.
     */
    HeldCommands(final Outbound outbound, final boolean open)
    {
        this.outbound = outbound;
        this.open = open;
    }

    /**
     * @return true when the command was taken: held, or refused because too many are held.
     */
    boolean hold(final Command command)
    {
        if (open || (Command.Op.REPLAY != command.op && !sessions.contains(command.session)))
        {
            return false;
        }
        if (held.size() >= MAX_HELD)
        {
            outbound.sendError(command.session, ErrorCode.LIMIT, "server busy: " + MAX_HELD +
                " commands wait for the journal's history to be indexed", command.symbols, command.idJson);
            return true;
        }
        held.add(command);
        sessions.add(command.session);
        return true;
    }

    /**
     * The history is indexed: carry out the held commands in the order they came, and hold no more.
     */
    void release(final Consumer<Command> commands)
    {
        open = true;
        held.forEach(commands);
        held.clear();
        sessions.clear();
    }

    boolean isOpen()
    {
        return open;
    }
}
