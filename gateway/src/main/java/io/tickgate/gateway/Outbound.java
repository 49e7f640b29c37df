package io.tickgate.gateway;

import io.tickgate.codec.BinaryQuote;
import io.tickgate.codec.SymbolTable;
import io.tickgate.codec.TickDecoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Everything the publisher queues for clients goes through here: quotes in each session's format (with the binary
 * symbol definition before a symbol's first quote), control messages, and the once-per-cycle wake-up of the IO
 * threads of sessions that were given something.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class Outbound
{
    private final GatewayMetrics metrics;
    private final SymbolTable symbols;
    private final LastValueCache lvc;
    private final ControlMessages control = new ControlMessages();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[LastValueCache.MAX_PAYLOAD]);
    private final List<Session> touched = new ArrayList<>();
    private long nowNs;

    Outbound(final GatewayMetrics metrics, final SymbolTable symbols, final LastValueCache lvc)
    {
        this.metrics = metrics;
        this.symbols = symbols;
        this.lvc = lvc;
    }

    /**
     * @param nowNs the publisher's clock for this duty cycle.
     */
    void now(final long nowNs)
    {
        this.nowNs = nowNs;
    }

    ControlMessages control()
    {
        return control;
    }

    /**
     * Queue the symbol's latest value from the last-value cache.
     *
     * @return false when the ring had no room; the caller decides what that means.
     */
    boolean offerLatest(final Session session, final int symbolId, final boolean snapshot)
    {
        if (!announce(session, symbolId))
        {
            return false;
        }
        final boolean binary = session.isBinary();
        final int msgType = binary ? Session.MSG_BINARY : Session.MSG_TEXT;
        if (snapshot)
        {
            final int length = lvc.writeSnapshotPayload(symbolId, symbols, binary, scratch);
            return session.offer(msgType, scratch, 0, length, nowNs);
        }
        final LastValueCache.PayloadSlots payload = lvc.tickPayload(symbolId, symbols, binary);
        return session.offer(msgType, payload.buffer(), payload.offset(symbolId), payload.length(symbolId), nowNs);
    }

    /**
     * Queue a tick read from history (a replay) as a tick message.
     *
     * @return false when the ring had no room.
     */
    boolean offerHistoric(final Session session, final TickDecoder tick)
    {
        if (!announce(session, tick.symbolId()))
        {
            return false;
        }
        final boolean binary = session.isBinary();
        final int length = LastValueCache.writePayload(tick, symbols, binary, false, 0L, scratch, 0);
        return session.offer(binary ? Session.MSG_BINARY : Session.MSG_TEXT, scratch, 0, length, nowNs);
    }

    void sendSymbols(final Session session, final String type, final List<String> names, final String idJson)
    {
        sendInChunks(session, names, chunk -> control.symbols(type, chunk, idJson));
    }

    void sendError(
        final Session session,
        final ErrorCode code,
        final String message,
        final List<String> names,
        final String idJson)
    {
        metrics.error(code);
        sendInChunks(session, names, chunk -> control.error(code, message, chunk, idJson));
    }

    void sendReplayEnd(final Session session, final boolean live, final List<String> names, final String idJson)
    {
        sendInChunks(session, names, chunk -> control.replayEnd(live, chunk, idJson));
    }

    /**
     * A message that lists symbols goes out as several, {@link ControlMessages#SYMBOLS_PER_MESSAGE} symbols each, so
     * it fits any ring and frame; an empty list still sends one.
     */
    private void sendInChunks(
        final Session session, final List<String> names, final ToIntFunction<List<String>> encodeChunk)
    {
        int from = 0;
        do
        {
            final int to = Math.min(names.size(), from + ControlMessages.SYMBOLS_PER_MESSAGE);
            send(session, encodeChunk.applyAsInt(names.subList(from, to)));
            from = to;
        }
        while (from < names.size());
    }

    /**
     * Queue the control message just encoded in {@link #control()}'s buffer.
     */
    void send(final Session session, final int length)
    {
        if (session.offer(Session.MSG_TEXT, control.buffer(), 0, length, nowNs))
        {
            touch(session);
        }
        else
        {
            metrics.droppedControl.incrementAndGet();
        }
    }

    /**
     * Note a session that was given messages; its IO thread is woken once per duty cycle, so a whole poll's worth of
     * updates goes out in one frame rather than one wake-up per tick.
     */
    void touch(final Session session)
    {
        if (session.queuedBytes() > session.ringCapacity() / 4)
        {
            // this session has a lot waiting: wake its IO thread now rather than at the end of the cycle
            session.scheduleFlush();
        }
        else if (!session.isTouched())
        {
            session.touched(true);
            touched.add(session);
        }
    }

    /**
     * Wake the IO threads of every session touched this cycle.
     */
    void flushTouched()
    {
        for (int i = 0, size = touched.size(); i < size; i++)
        {
            final Session session = touched.get(i);
            session.touched(false);
            session.scheduleFlush();
        }
        touched.clear();
    }

    private boolean announce(final Session session, final int symbolId)
    {
        if (!session.isBinary() || session.isAnnounced(symbolId))
        {
            return true;
        }
        scratch.putLong(0, 0L);
        final int length = LastValueCache.PAYLOAD_HEADER +
            BinaryQuote.writeSymbol(symbolId, symbols, scratch, LastValueCache.PAYLOAD_HEADER);
        if (!session.offer(Session.MSG_BINARY, scratch, 0, length, nowNs))
        {
            return false;
        }
        session.announced(symbolId, symbols.capacity());
        return true;
    }
}
