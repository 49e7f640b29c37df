package io.tickgate.gateway.publisher;

import io.tickgate.codec.BinaryQuote;
import io.tickgate.codec.SymbolTable;
import io.tickgate.codec.TickDecoder;
import io.tickgate.gateway.ErrorCode;
import io.tickgate.gateway.GatewayMetrics;
import io.tickgate.gateway.ws.Frames;
import io.tickgate.gateway.ws.SendMode;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The one route to the clients: quotes in each session's format (with the binary symbol definition before a
 * symbol's first quote), every control message (welcome, heartbeats, answers, errors) and control frame (ping,
 * pong, close), and the once-per-cycle socket write of every session that was given something.
 * <b>Note:</b> not threadsafe; owned by the publisher thread.
 */
final class Outbound
{
    private static final long WRITE_RETRY_NS = 1_000_000L;
    /** The mode of messages that are no latency sample (ingest 0): any, it is not recorded. */
    private static final SendMode UNTIMED = SendMode.FULL;

    private final GatewayMetrics metrics;
    private final SymbolTable symbols;
    private final CycleClock clock;
    private final EpochNanoClock epochClock;
    private final Faults faults;
    private final ControlMessages control = new ControlMessages();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[LastValueCache.MAX_PAYLOAD]);
    private final UnsafeBuffer controlFrame = new UnsafeBuffer(new byte[Frames.MAX_CONTROL_PAYLOAD]);
    private final List<Session> touched = new ArrayList<>();
    private final List<Session> backlogged = new ArrayList<>();
    private final List<Session> broken = new ArrayList<>();
    private final List<Session> overflowed = new ArrayList<>();
    private int dataLimit;
    private int controlLimit;

    /**
     * @param symbols    the live reader's: every line's symbols are among them, under the same ids.
     * @param clock      the publisher's clock, read once per duty cycle.
     * @param epochClock wall-clock time, for the latency of each frame as it is written.
     */
    Outbound(
        final GatewayMetrics metrics,
        final SymbolTable symbols,
        final CycleClock clock,
        final EpochNanoClock epochClock,
        final Faults faults)
    {
        this.metrics = metrics;
        this.symbols = symbols;
        this.clock = clock;
        this.epochClock = epochClock;
        this.faults = faults;
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

    int dataLimit()
    {
        return dataLimit;
    }

    // ---------------------------------------------------------------- quotes

    /**
     * Queue the symbol's latest tick, as the {@link LastValueCache} of the session's {@link Line} encoded it when it
     * arrived.
     *
     * @param mode {@link SendMode#FULL} as it arrived, {@link SendMode#CONFLATED} when its rate allowed.
     * @return false when the session had no room; the caller decides what that means.
     */
    boolean offerTick(final Session session, final int symbolId, final SendMode mode)
    {
        final LastValueCache.PayloadSlots payloads = session.line().lvc().tickPayloads(session.isBinary());
        return announce(session, symbolId) && offerPayload(session, payloads.buffer(), payloads.offset(symbolId),
            payloads.length(symbolId), mode, dataLimit);
    }

    /**
     * Queue the symbol's latest value on the session's line as a snapshot; the symbol must have one.
     *
     * @return false when the session had no room.
     */
    boolean offerSnapshot(final Session session, final int symbolId)
    {
        return announce(session, symbolId) && offerPayload(session, scratch, 0,
            session.line().lvc().writeSnapshotPayload(symbolId, symbols, session.isBinary(), scratch), UNTIMED,
            dataLimit);
    }

    /**
     * Queue a tick read from history (a replay) as a tick message, timed from now: its ingest may be days ago.
     *
     * @return false when the session had no room.
     */
    boolean offerHistoric(final Session session, final TickDecoder tick)
    {
        return announce(session, tick.symbolId()) && offerPayload(session, scratch, 0, LastValueCache.writePayload(
            tick, symbols, session.isBinary(), false, epochClock.nanoTime(), scratch, 0), SendMode.REPLAY, dataLimit);
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
        if (!offerPayload(session, scratch, 0, length, UNTIMED, dataLimit))
        {
            return false;
        }
        session.announced(symbolId, symbols.capacity());
        return true;
    }

    /**
     * Queue a quote payload ({@code [ingestNanos][message]}) as one message in the session's format.
     */
    private boolean offerPayload(final Session session, final DirectBuffer payload, final int offset,
        final int length, final SendMode mode, final int limit)
    {
        return offerPayload(session.isBinary() ? Frames.OP_BINARY : Frames.OP_TEXT, session, payload, offset, length,
            mode, limit);
    }

    private boolean offerPayload(
        final int opcode,
        final Session session,
        final DirectBuffer payload,
        final int offset,
        final int length,
        final SendMode mode,
        final int limit)
    {
        if (session.offer(opcode, payload,
            offset + LastValueCache.PAYLOAD_HEADER, length - LastValueCache.PAYLOAD_HEADER, payload.getLong(offset),
            mode, clock.nanoTime(), limit))
        {
            touch(session);
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- control messages

    void sendWelcome(final Session session, final String version, final long heartbeatMs)
    {
        send(session, control.welcome(version, heartbeatMs, session.grant()));
    }

    void sendAuthenticated(final Session session, final long expiresAtSeconds, final String idJson)
    {
        send(session, control.authenticated(expiresAtSeconds, idJson));
    }

    void sendHeartbeat(final Session session)
    {
        send(session, control.heartbeat(epochClock.nanoTime() / 1000));
    }

    void sendPong(final Session session, final String idJson)
    {
        send(session, control.pong(idJson));
    }

    // slow: the session is switched to conflated; else it is back in full mode
    void sendModeChange(final Session session, final boolean slow)
    {
        send(session, slow ? control.modeChange("slow", "conflated") : control.modeChange("caughtUp", "full"));
    }

    void sendDraining(final Session session, final long reconnectAfterMs)
    {
        send(session, control.draining(reconnectAfterMs));
    }

    void sendSymbols(final Session session, final String type, final List<String> names, final String idJson)
    {
        sendInChunks(session, names, chunk -> control.symbols(type, chunk, idJson));
    }

    /**
     * @param names symbols the error is about; may be empty or null.
     */
    void sendError(
        final Session session,
        final ErrorCode code,
        final String message,
        final List<String> names,
        final String idJson)
    {
        metrics.error(code);
        sendInChunks(session, null == names ? List.of() : names, chunk -> control.error(code, message, chunk, idJson));
    }

    /**
     * A command was dropped because the publisher's queue was full; counted where it was dropped.
     */
    void sendBusy(final Session session)
    {
        send(session, control.error(ErrorCode.LIMIT, "server busy, retry", null, null));
    }

    void sendReplayEnd(final Session session, final boolean live, final List<String> names, final String idJson)
    {
        sendInChunks(session, names, chunk -> control.replayEnd(live, chunk, idJson));
    }

    /**
     * A message that lists symbols goes out as several, {@link ControlMessages#SYMBOLS_PER_MESSAGE} symbols each, so
     * it fits any buffer and frame; an empty list still sends one.
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

    private void send(final Session session, final int length)
    {
        // control messages are JSON text in either format
        if (!offerPayload(Frames.OP_TEXT, session, control.buffer(), 0, length, UNTIMED, controlLimit))
        {
            // an answer the client would never see: the session is cut off rather than left to miss it
            metrics.droppedControl.incrementAndGet();
            if (!session.isClosed() && !session.isOverflowed())
            {
                session.overflowed(true);
                overflowed.add(session);
            }
        }
    }

    // ---------------------------------------------------------------- control frames

    /**
     * A WebSocket ping, which every client answers unasked.
     */
    void sendPing(final Session session)
    {
        sendControl(session, Frames.OP_PING, 0);
    }

    /**
     * Answer the client's latest ping with its payload.
     */
    void sendPong(final Session session)
    {
        sendControl(session, Frames.OP_PONG, session.inbox().copyPing(controlFrame));
    }

    /**
     * Queue a close frame after what is queued.
     *
     * @return false when no buffer could be had for it.
     */
    boolean sendClose(final Session session, final int code, final String reason)
    {
        return sendControl(session, Frames.OP_CLOSE, Frames.putClosePayload(controlFrame, 0, code, reason));
    }

    private boolean sendControl(final Session session, final int opcode, final int length)
    {
        if (session.offerControl(opcode, controlFrame, length, clock.nanoTime()))
        {
            touch(session);
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- socket writes

    /**
     * Note a session that was given messages; everything queued for it in this duty cycle goes to its socket in one
     * write at the end of the cycle ({@link #flush()}).
     */
    private void touch(final Session session)
    {
        if (!session.isTouched())
        {
            session.touched(true);
            touched.add(session);
        }
    }

    /**
     * Write to the sockets: first the sessions whose sockets did not take everything last time (Artio-style: tried
     * again each duty cycle rather than waiting for a writable event), then every session given something in this
     * cycle. One write per session per cycle; sessions the socket failed for are left in {@link #broken()}.
     */
    void flush()
    {
        final long nowNs = clock.nanoTime();
        for (int i = backlogged.size() - 1; i >= 0; i--)
        {
            final Session session = backlogged.get(i);
            if (nowNs < session.nextWriteNs() && Session.State.CLOSED != session.state())
            {
                continue;
            }
            if (!write(session, nowNs))
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
            if (!session.isBacklogged() && write(session, nowNs))
            {
                session.backlogged(true);
                backlogged.add(session);
            }
        }
        touched.clear();
    }

    /**
     * @return sessions that a control message did not fit since the last {@link List#clear()}; the caller cuts them
     * off.
     */
    List<Session> overflowed()
    {
        return overflowed;
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
    private boolean write(final Session session, final long nowNs)
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
        catch (final RuntimeException ex)
        {
            faults.onFault(session, ex);
            return false;
        }
    }
}
