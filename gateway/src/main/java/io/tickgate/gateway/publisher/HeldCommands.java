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
 * Commands that cannot be carried out yet wait here, in order. Replays wait while the journal's older days are still
 * being indexed ({@link HistoryIndexer}): a replay may reach back into them, and answering it from half an index
 * would start it late or refuse it wrongly. A session with a replay waiting has its later commands wait behind it, so
 * each session's commands are still carried out in the order it sent them. Every command of a delay line's sessions
 * waits while the line catches up with its delay ({@link DelayLines}), so snapshots are never older than they should
 * be. At most {@link #MAX_HELD} commands wait; past that a command is refused with {@code LIMIT}.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class HeldCommands
{
    static final int MAX_HELD = 1024;

    private final Outbound outbound;
    private final boolean everyCommand;
    private final String awaited;
    private final List<Command> held = new ArrayList<>();
    private final Set<Session> sessions = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean open;

    /**
     * @param open         true when there is nothing to wait for.
     * @param everyCommand hold every command, not only replays (and what their sessions send after them).
     * @param awaited      what the commands wait for, for the {@code LIMIT} message.
     */
    HeldCommands(final Outbound outbound, final boolean open, final boolean everyCommand, final String awaited)
    {
        this.outbound = outbound;
        this.open = open;
        this.everyCommand = everyCommand;
        this.awaited = awaited;
    }

    /**
     * @return true when the command was taken: held, or refused because too many are held.
     */
    boolean hold(final Command command)
    {
        if (open || (!everyCommand && Command.Op.REPLAY != command.op && !sessions.contains(command.session)))
        {
            return false;
        }
        if (held.size() >= MAX_HELD)
        {
            outbound.sendError(command.session, ErrorCode.LIMIT, "server busy: " + MAX_HELD + " commands wait for " +
                awaited, command.symbols, command.idJson);
            return true;
        }
        held.add(command);
        sessions.add(command.session);
        return true;
    }

    /**
     * What they waited for is done: carry out the held commands in the order they came, and hold no more.
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
