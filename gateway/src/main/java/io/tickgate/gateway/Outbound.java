package io.tickgate.gateway;

import io.tickgate.codec.BinaryQuote;
import io.tickgate.codec.SymbolTable;
import io.tickgate.codec.TickDecoder;
import io.tickgate.gateway.ws.Frames;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Everything the publisher sends to clients goes through here: quotes in each session's format (with the binary
 * symbol definition before a symbol's first quote), control messages and control frames, and the once-per-cycle
 * socket write of every session that was given something.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class Outbound
{
    private final GatewayMetrics metrics;
    private final SymbolTable symbols;
    private final LastValueCache lvc;
    private final ControlMessages control = new ControlMessages();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[LastValueCache.MAX_PAYLOAD]);
    private final UnsafeBuffer controlFrame = new UnsafeBuffer(new byte[Frames.MAX_CONTROL_PAYLOAD]);
    private final List<Session> touched = new ArrayList<>();
    private final List<Session> backlogged = new ArrayList<>();
    private final List<Session> broken = new ArrayList<>();
    private static final long WRITE_RETRY_NS = 1_000_000L;

    private final EpochNanoClock epochClock;
    private long nowNs;
    private int dataLimit;
    private int controlLimit;

    Outbound(
        final GatewayMetrics metrics, final SymbolTable symbols, final LastValueCache lvc, final EpochNanoClock epochClock)
    {
        this.epochClock = epochClock;
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

    /**
     * @param dataLimit    most bytes a session may have queued for a new quote.
     * @param controlLimit most bytes a session may have queued for a new control message (answers, errors).
     */
    void limits(final int dataLimit, final int controlLimit)
    {
        this.dataLimit = dataLimit;
        this.controlLimit = controlLimit;
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
            return session.offer(msgType, scratch, 0, length, nowNs, dataLimit);
        }
        final LastValueCache.PayloadSlots payload = lvc.tickPayload(symbolId, symbols, binary);
        return session.offer(msgType, payload.buffer(), payload.offset(symbolId), payload.length(symbolId), nowNs,
            dataLimit);
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
        return session.offer(binary ? Session.MSG_BINARY : Session.MSG_TEXT, scratch, 0, length, nowNs, dataLimit);
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
        if (session.offer(Session.MSG_TEXT, control.buffer(), 0, length, nowNs, controlLimit))
        {
            touch(session);
        }
        else
        {
            metrics.droppedControl.incrementAndGet();
        }
    }

    /**
     * Note a session that was given messages; everything queued for it in this duty cycle goes to its socket in one
     * write at the end of the cycle ({@link #flush()}).
     */
    void touch(final Session session)
    {
        if (!session.isTouched())
        {
            session.touched(true);
            touched.add(session);
        }
    }

    /**
     * Queue a control frame (ping, pong, close) for the session.
     *
     * @return false when no buffer could be had for it.
     */
    boolean sendControl(final Session session, final int opcode, final int length)
    {
        if (session.offerControl(opcode, controlFrame, length, nowNs))
        {
            touch(session);
            return true;
        }
        return false;
    }

    /**
     * @return the publisher's scratch for a control frame's payload, used by {@link #sendControl}.
     */
    UnsafeBuffer controlFrame()
    {
        return controlFrame;
    }

    /**
     * Write to the sockets: first the sessions whose sockets did not take everything last time (Artio-style: tried
     * again each duty cycle rather than waiting for a writable event), then every session given something in this
     * cycle. One write per session per cycle; sessions the socket failed for are left in {@link #broken()}.
     */
    void flush()
    {
        for (int i = backlogged.size() - 1; i >= 0; i--)
        {
            final Session session = backlogged.get(i);
            if (nowNs < session.nextWriteNs() && Session.State.CLOSED != session.state())
            {
                continue;
            }
            if (!write(session))
            {
                session.backlogged(false);
                final int last = backlogged.size() - 1;
                backlogged.set(i, backlogged.get(last));
                backlogged.remove(last);
            }
        }
        for (int i = 0, size = touched.size(); i < size; i++)
        {
            final Session session = touched.get(i);
            session.touched(false);
            if (!session.isBacklogged() && write(session))
            {
                session.backlogged(true);
                backlogged.add(session);
            }
        }
        touched.clear();
    }

    /**
     * @return sessions whose socket write failed since the last {@link List#clear()}; the caller closes them.
     */
    List<Session> broken()
    {
        return broken;
    }

    /**
     * @return true when bytes remain queued.
     */
    private boolean write(final Session session)
    {
        if (Session.State.CLOSED == session.state())
        {
            return false;
        }
        try
        {
            if (session.flush(nowNs, epochClock))
            {
                // the kernel's buffer is full: it has no room until the client reads, so trying at every duty
                // cycle would be a system call per backlogged session per cycle for nothing
                session.nextWriteNs(nowNs + WRITE_RETRY_NS);
                return true;
            }
            return false;
        }
        catch (final IOException ex)
        {
            broken.add(session);
            return false;
        }
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
        if (!session.offer(Session.MSG_BINARY, scratch, 0, length, nowNs, dataLimit))
        {
            return false;
        }
        session.announced(symbolId, symbols.capacity());
        return true;
    }
}
