package io.tickgate.gateway.publisher;

import io.tickgate.gateway.Command;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The IO threads' commands on their way to the publisher, bounded so that no client can crowd out another: a
 * connection may have at most {@code perSession} commands waiting, and once {@code shared} commands wait in all, only
 * a connection with none waiting gets one in. A client that sends one command and waits for its answer is therefore
 * always taken, however many others flood; the queue holds at most {@code shared} plus one command per connection.
 * <b>Note:</b> {@link #offer} from any thread (one producer per session: its IO thread), {@link #drain} from the
 * publisher thread.
 */
final class CommandQueue
{
    private final int perSession;
    private final int shared;
    private final int capacity;
    private final AtomicInteger waiting = new AtomicInteger();
    private final ManyToOneConcurrentArrayQueue<Command> queue;
    private final Consumer<Command> drainer;

    /**
     * @param perSession     most commands one connection may have waiting.
     * @param shared         commands waiting in all beyond which only connections with none waiting are taken.
     * @param maxConnections connections the gateway accepts: each may add one command beyond {@code shared}.
     * @param handler        carries out each command on the publisher thread ({@link #drain()}).
     */
    CommandQueue(final int perSession, final int shared, final int maxConnections, final Consumer<Command> handler)
    {
        this.perSession = perSession;
        this.shared = shared;
        // the connection count is checked and raised on several IO threads, so it can pass the limit by a few
        this.capacity = shared + maxConnections + 1024;
        this.queue = new ManyToOneConcurrentArrayQueue<>(capacity);
        // made once: a lambda capturing the handler at each drain would allocate on every duty cycle
        this.drainer = command ->
        {
            done(command);
            handler.accept(command);
        };
    }

    /**
     * @return false when the command's session already has its share waiting; nothing was queued.
     */
    boolean offer(final Command command)
    {
        final Inbox inbox = command.session.inbox();
        final int mine = inbox.commandsWaiting();
        if (mine >= perSession || (mine > 0 && waiting.get() >= shared))
        {
            return false;
        }
        inbox.commandsWaiting(1);
        waiting.incrementAndGet();
        if (!queue.offer(command))
        {
            done(command);
            return false;
        }
        return true;
    }

    /**
     * Hand each waiting command to the handler, in arrival order.
     *
     * @return commands handed over.
     */
    int drain()
    {
        return queue.drain(drainer, capacity);
    }

    private void done(final Command command)
    {
        command.session.inbox().commandsWaiting(-1);
        waiting.decrementAndGet();
    }
}
