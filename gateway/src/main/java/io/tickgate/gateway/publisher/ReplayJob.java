package io.tickgate.gateway.publisher;

import io.tickgate.codec.TickDecoder;
import io.tickgate.gateway.Command;
import io.tickgate.journal.JournalHandler;
import io.tickgate.journal.JournalReader;

import java.util.ArrayList;
import java.util.List;

/**
 * One client's replay: its own journal reader, moved to where the history starts and paced by the room in the
 * session's ring, filtering the journal's records down to the requested symbols and range. The publisher ends it
 * when it reaches the live reader's position (then the symbols join the live stream) or its {@code to}.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class ReplayJob implements JournalHandler, AutoCloseable
{
    private final Session session;
    private final Outbound outbound;
    private final JournalReader reader;
    private final boolean allSymbols;
    private final long[] minSeq;
    private final long fromMicros;
    private final long toMicros;
    private final boolean conflateWhenSlow;
    private final List<String> names;
    private final String idJson;
    private final List<Deferred> deferred = new ArrayList<>();
    private long windowStartNs;
    private long readInWindow;
    private boolean reachedTo;
    private boolean overflowed;

    ReplayJob(
        final Session session,
        final Outbound outbound,
        final JournalReader reader,
        final boolean allSymbols,
        final long[] minSeq,
        final Command command,
        final List<String> names)
    {
        this.session = session;
        this.outbound = outbound;
        this.reader = reader;
        this.allSymbols = allSymbols;
        this.minSeq = minSeq;
        this.fromMicros = command.fromMicros;
        this.toMicros = command.toMicros;
        this.conflateWhenSlow = command.conflateWhenSlow;
        this.names = names;
        this.idJson = command.idJson;
    }

    Session session()
    {
        return session;
    }

    JournalReader reader()
    {
        return reader;
    }

    boolean isLive()
    {
        return Command.NO_TIME == toMicros;
    }

    boolean reachedTo()
    {
        return reachedTo;
    }

    boolean overflowed()
    {
        return overflowed;
    }

    boolean conflateWhenSlow()
    {
        return conflateWhenSlow;
    }

    boolean isAllSymbols()
    {
        return allSymbols;
    }

    List<String> names()
    {
        return names;
    }

    /**
     * Start counting the journal records this replay reads, for its minimum pace.
     */
    void newWindow(final long nowNs)
    {
        windowStartNs = nowNs;
        readInWindow = 0;
    }

    long windowStartNs()
    {
        return windowStartNs;
    }

    long readInWindow()
    {
        return readInWindow;
    }

    void read(final int records)
    {
        readInWindow += records;
    }

    String idJson()
    {
        return idJson;
    }

    boolean wants(final int symbolId)
    {
        return allSymbols || minSeq[symbolId] > 0;
    }

    /**
     * Stop replaying one symbol, because the client unsubscribed it.
     */
    void drop(final int symbolId, final String name)
    {
        minSeq[symbolId] = 0;
        names.remove(name);
        deferred.removeIf(d -> d.symbolId == symbolId);
    }

    /**
     * The client subscribed to a symbol this replay holds: the subscription starts when the replay ends, so live
     * ticks never interleave with replayed ones.
     */
    void deferSubscribe(final int symbolId, final boolean full, final long minIntervalNs, final boolean conflateSlow)
    {
        deferred.add(new Deferred(symbolId, full, minIntervalNs, conflateSlow));
    }

    /**
     * @return the subscriptions that wait for the end of the replay, in the order they were asked for.
     */
    List<Deferred> deferred()
    {
        return deferred;
    }

    /**
     * A subscription asked for while the replay held its symbol.
     */
    record Deferred(int symbolId, boolean full, long minIntervalNs, boolean conflateWhenSlow)
    {
    }

    boolean isEmpty()
    {
        return !allSymbols && names.isEmpty();
    }

    public void onTick(final TickDecoder tick, final long index)
    {
        final int symbolId = tick.symbolId();
        if (reachedTo || overflowed || !wants(symbolId) || tick.seq() < minSeq[symbolId])
        {
            return;
        }
        final long eventMicros = tick.eventTimeMicros();
        if (Command.NO_TIME != fromMicros && eventMicros < fromMicros)
        {
            return;
        }
        if (Command.NO_TIME != toMicros && eventMicros > toMicros)
        {
            reachedTo = true;
            return;
        }
        if (!outbound.offerHistoric(session, tick))
        {
            overflowed = true;
        }
    }

    public void close()
    {
        reader.close();
    }
}
