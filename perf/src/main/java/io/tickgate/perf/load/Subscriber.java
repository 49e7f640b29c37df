package io.tickgate.perf.load;

import io.tickgate.perf.protocol.SymbolIndex;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Who subscribes to what, and the subscribing. Connection c takes the symbols {@code (c*K + j) mod S} for
 * {@code j < K}, so every symbol gets C*K/S subscribers (±1). Commands follow protocol v1, at most
 * {@value #SYMBOLS_PER_COMMAND} symbols each, and every one is waited for (at most 15 s in all) until it is answered,
 * with {@code subscribed} or {@code error}.
 */
final class Subscriber
{
    static final int SYMBOLS_PER_COMMAND = 100;

    private final LoadOptions o;
    private final SymbolIndex index;
    private final ClientEngine engine;
    private final PrintStream log;

    Subscriber(final LoadOptions o, final SymbolIndex index, final ClientEngine engine, final PrintStream log)
    {
        this.o = o;
        this.index = index;
        this.engine = engine;
        this.log = log;
    }

    /** Connection c subscribes to (c*K + j) mod S for j below K. */
    static int[] assignment(final int connection, final int perConnection, final int symbols)
    {
        final int[] result = new int[perConnection];
        for (int j = 0; j < perConnection; j++)
        {
            result[j] = (int)(((long)connection * perConnection + j) % symbols);
        }
        return result;
    }

    /** Sends every open connection's commands, then waits for the answers. */
    void subscribe(final List<ClientConnection> connections)
    {
        long expectedAcks = 0;
        for (final ClientConnection c : connections)
        {
            if (!c.connected || c.closed)
            {
                continue;
            }
            for (int from = 0; from < c.symbols.length; from += SYMBOLS_PER_COMMAND)
            {
                try
                {
                    engine.sendText(c, command(c.symbols, from));
                    expectedAcks++;
                }
                catch (final Exception ex)
                {
                    c.failure = ex;
                    break;
                }
            }
        }
        final long deadline = System.nanoTime() + 15_000_000_000L;
        long answered = 0;
        while (System.nanoTime() < deadline)
        {
            answered = 0;
            for (final ClientConnection c : connections)
            {
                answered += c.subscribedAcks + c.errorMessages;
            }
            if (answered >= expectedAcks)
            {
                break;
            }
            LockSupport.parkNanos(20_000_000L);
        }
        log.printf("subscribe commands answered %d/%d%n", answered, expectedAcks);
    }

    /** The subscribe command for symbols[from, from + 100): full mode, or conflated with an optional maxRate. */
    private String command(final int[] symbols, final int from)
    {
        final StringBuilder cmd = new StringBuilder(64 + 20 * SYMBOLS_PER_COMMAND)
            .append("{\"op\":\"subscribe\",\"id\":").append(from / SYMBOLS_PER_COMMAND).append(",\"symbols\":[");
        for (int j = from; j < Math.min(symbols.length, from + SYMBOLS_PER_COMMAND); j++)
        {
            cmd.append(j == from ? "\"" : ",\"").append(index.name(symbols[j])).append('"');
        }
        cmd.append(']');
        if (o.full)
        {
            cmd.append(",\"mode\":\"full\"");
        }
        else if (o.maxRate > 0)
        {
            cmd.append(",\"maxRate\":").append(o.maxRate);
        }
        return cmd.append('}').toString();
    }
}
