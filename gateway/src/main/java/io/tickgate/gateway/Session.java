package io.tickgate.gateway;

import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WebSocket client. Its outbound ring is the hand-off between two owners:
 * <ul>
 * <li>the publisher thread is the ring's only producer and owns {@link #subscriptions()} and the timing fields;</li>
 * <li>the connection's Undertow IO thread is the only consumer: {@link #flush()} batches everything pending into one
 * JSON-array text frame per send, with one send in flight at a time (Undertow owns the frame buffer until its
 * callback), so queued bytes are the slow-consumer signal, as in Artio.</li>
 * </ul>
 * Ring records are {@code [ingestNanos:8][JSON object]}; the ingest time, zero for control messages, gives the
 * fan-out latency at the moment the frame is handed to the socket.
 */
final class Session
{
    static final int MSG_TEXT = 1;
    static final int MSG_BINARY = 2;
    static final int PAYLOAD_HEADER = LastValueCache.PAYLOAD_HEADER;

    private static final WebSocketCallback<Session> SEND_CALLBACK = new WebSocketCallback<>()
    {
        public void complete(final WebSocketChannel channel, final Session session)
        {
            session.inFlight = false;
            session.flush();
        }

        public void onError(final WebSocketChannel channel, final Session session, final Throwable throwable)
        {
            session.inFlight = false;
            session.onSendError();
        }
    };

    private final long id;
    private final boolean binary;
    private final WebSocketChannel channel;
    private final Executor ioThread;
    private final GatewayMetrics metrics;
    private final EpochNanoClock clock;
    private final int ringCapacity;
    private final int maxFrameBytes;
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final Runnable flushTask = this::flush;
    private volatile boolean closed;
    private volatile OneToOneRingBuffer ring;

    // publisher-owned
    private final SessionSubscriptions subscriptions = new SessionSubscriptions();
    private long lastWriteNs;
    private long lastConsumerPosition;
    private long lastProgressNs;
    private boolean inDirtyList;
    private boolean touched;
    private long[] announcedSymbols;
    private boolean degraded;
    private long dirtyDueNs;
    private ReplayJob replay;

    // IO-thread-owned
    private ByteBuffer frame;
    private UnsafeBuffer frameBuffer;
    private boolean inFlight;
    private boolean flushing;
    private int frameMessages;
    private int frameType;
    private long frameNowNs;
    private final ControlledMessageHandler frameFiller = this::appendToFrame;
    private double commandTokens;
    private long commandTokensNs;
    private int refusedInARow;

    Session(
        final long id,
        final boolean binary,
        final WebSocketChannel channel,
        final GatewayMetrics metrics,
        final EpochNanoClock clock,
        final int ringCapacity,
        final int maxFrameBytes)
    {
        this.id = id;
        this.binary = binary;
        this.channel = channel;
        this.ioThread = channel.getIoThread();
        this.metrics = metrics;
        this.clock = clock;
        this.ringCapacity = BitUtil.findNextPositivePowerOfTwo(ringCapacity);
        this.maxFrameBytes = maxFrameBytes;
    }

    long id()
    {
        return id;
    }

    WebSocketChannel channel()
    {
        return channel;
    }

    /**
     * @return true when quotes go out as binary frames (docs/binary-format.md), false for JSON.
     */
    boolean isBinary()
    {
        return binary;
    }

    boolean isClosed()
    {
        return closed;
    }

    SessionSubscriptions subscriptions()
    {
        return subscriptions;
    }

    // ---------------------------------------------------------------- publisher side

    /**
     * The ring is made on the first message, so an idle connection costs no buffer.
     */
    OneToOneRingBuffer ring()
    {
        OneToOneRingBuffer ring = this.ring;
        if (null == ring)
        {
            ring = new OneToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(ringCapacity + RingBufferDescriptor.TRAILER_LENGTH)));
            this.ring = ring;
        }
        return ring;
    }

    boolean hasRing()
    {
        return null != ring;
    }

    int queuedBytes()
    {
        final OneToOneRingBuffer ring = this.ring;
        return null == ring ? 0 : ring.size();
    }

    int ringCapacity()
    {
        return ringCapacity;
    }

    /**
     * Queue one message for the client.
     *
     * @param msgType {@link #MSG_TEXT} for a JSON object, {@link #MSG_BINARY} for a binary record.
     * @return false when the ring is full; nothing was queued.
     */
    boolean offer(final int msgType, final DirectBuffer payload, final int offset, final int length, final long nowNs)
    {
        if (ring().write(msgType, payload, offset, length))
        {
            lastWriteNs = nowNs;
            return true;
        }
        return false;
    }

    long lastWriteNs()
    {
        return lastWriteNs;
    }

    void lastWriteNs(final long nowNs)
    {
        lastWriteNs = nowNs;
    }

    /**
     * Start the clocks for heartbeats and stall detection.
     */
    void onRegistered(final long nowNs)
    {
        lastWriteNs = nowNs;
        lastProgressNs = nowNs;
    }

    /**
     * Artio-style stall detection: has the IO side taken nothing from a non-empty ring for longer than the timeout?
     */
    boolean isStalled(final long nowNs, final long timeoutNs)
    {
        final OneToOneRingBuffer ring = this.ring;
        if (null == ring || ring.size() == 0)
        {
            lastProgressNs = nowNs;
            return false;
        }
        final long consumed = ring.consumerPosition();
        if (consumed != lastConsumerPosition)
        {
            lastConsumerPosition = consumed;
            lastProgressNs = nowNs;
            return false;
        }
        return nowNs - lastProgressNs > timeoutNs;
    }

    /**
     * Binary sessions get a symbol's definition record before its first quote.
     */
    boolean isAnnounced(final int symbolId)
    {
        return null != announcedSymbols && symbolId < announcedSymbols.length * 64 &&
            (announcedSymbols[symbolId >>> 6] & (1L << symbolId)) != 0;
    }

    void announced(final int symbolId, final int symbolCapacity)
    {
        if (null == announcedSymbols)
        {
            announcedSymbols = new long[(symbolCapacity + 63) / 64];
        }
        announcedSymbols[symbolId >>> 6] |= 1L << symbolId;
    }

    /**
     * @return when the publisher should next look at this session's dirty symbols; 0 for at once.
     */
    long dirtyDueNs()
    {
        return dirtyDueNs;
    }

    void dirtyDueNs(final long value)
    {
        dirtyDueNs = value;
    }

    /**
     * @return true while full-mode subscriptions with {@code "onSlow":"conflate"} are being conflated.
     */
    boolean isDegraded()
    {
        return degraded;
    }

    void degraded(final boolean value)
    {
        degraded = value;
    }

    ReplayJob replay()
    {
        return replay;
    }

    void replay(final ReplayJob job)
    {
        replay = job;
    }

    boolean isTouched()
    {
        return touched;
    }

    void touched(final boolean value)
    {
        touched = value;
    }

    boolean inDirtyList()
    {
        return inDirtyList;
    }

    void inDirtyList(final boolean value)
    {
        inDirtyList = value;
    }

    /**
     * Ask the IO thread to flush; at most one request is outstanding at a time.
     */
    void scheduleFlush()
    {
        if (!flushScheduled.get() && flushScheduled.compareAndSet(false, true))
        {
            ioThread.execute(flushTask);
        }
    }

    /**
     * The socket closed: stop queueing for it.
     */
    void markClosed()
    {
        closed = true;
    }

    /**
     * Close from any thread with a WebSocket close code and reason; nothing more is sent.
     */
    void close(final int code, final String reason)
    {
        if (closed)
        {
            return;
        }
        closed = true;
        ioThread.execute(() -> WebSockets.sendClose(code, reason, channel, null));
    }

    /**
     * Send a control message straight from the IO side, for a session that has no ring yet or when the publisher
     * cannot take a command. Cold path.
     */
    void sendDirect(final String jsonArray)
    {
        ioThread.execute(() ->
        {
            if (!closed)
            {
                WebSockets.sendText(jsonArray, channel, null);
            }
        });
    }

    // ---------------------------------------------------------------- IO-thread side

    void flush()
    {
        flushScheduled.set(false);
        if (flushing)
        {
            return;
        }
        flushing = true;
        try
        {
            while (!inFlight && !closed && null != ring)
            {
                if (!fillFrame())
                {
                    break;
                }
                inFlight = true;
                if (MSG_BINARY == frameType)
                {
                    WebSockets.sendBinary(frame, channel, SEND_CALLBACK, this);
                }
                else
                {
                    WebSockets.sendText(frame, channel, SEND_CALLBACK, this);
                }
            }
        }
        finally
        {
            flushing = false;
        }
    }

    private boolean fillFrame()
    {
        if (null == frame)
        {
            frame = ByteBuffer.allocateDirect(maxFrameBytes);
            frameBuffer = new UnsafeBuffer(frame);
        }
        frame.clear();
        frameMessages = 0;
        frameType = 0;
        frameNowNs = clock.nanoTime();
        ring.controlledRead(frameFiller);
        if (0 == frameMessages)
        {
            return false;
        }
        int end = frame.position();
        if (MSG_TEXT == frameType)
        {
            frameBuffer.putByte(end++, (byte)']');
        }
        frame.limit(end).position(0);
        metrics.framesOut.incrementAndGet();
        metrics.messagesOut.addAndGet(frameMessages);
        metrics.bytesOut.addAndGet(end);
        return true;
    }

    private ControlledMessageHandler.Action appendToFrame(
        final int msgTypeId, final org.agrona.MutableDirectBuffer buffer, final int index, final int length)
    {
        // one frame holds messages of one type: JSON objects as [a,b,c], binary records back to back
        if (0 == frameType)
        {
            frameType = msgTypeId;
            if (MSG_TEXT == msgTypeId)
            {
                frameBuffer.putByte(0, (byte)'[');
                frame.position(1);
            }
        }
        else if (frameType != msgTypeId)
        {
            return ControlledMessageHandler.Action.ABORT;
        }
        final int messageLength = length - PAYLOAD_HEADER;
        final int position = frame.position();
        final int separator = MSG_TEXT == msgTypeId && frameMessages > 0 ? 1 : 0;
        if (position + separator + messageLength + 1 > maxFrameBytes)
        {
            return ControlledMessageHandler.Action.ABORT;
        }
        if (separator > 0)
        {
            frameBuffer.putByte(position, (byte)',');
        }
        frameBuffer.putBytes(position + separator, buffer, index + PAYLOAD_HEADER, messageLength);
        frame.position(position + separator + messageLength);
        frameMessages++;
        final long ingestNs = buffer.getLong(index);
        if (0 != ingestNs)
        {
            metrics.recordFanOut(frameNowNs - ingestNs);
        }
        return ControlledMessageHandler.Action.CONTINUE;
    }

    private void onSendError()
    {
        if (!closed)
        {
            metrics.cutOff(GatewayMetrics.CutOff.SEND_ERROR);
            closed = true;
            org.xnio.IoUtils.safeClose(channel);
        }
    }

    /**
     * Token bucket for client commands, refilled at {@code perSecond}; IO thread only.
     *
     * @return true when the command may proceed.
     */
    boolean tryTakeCommandToken(final long nowNs, final int perSecond, final int burst)
    {
        if (0 == commandTokensNs)
        {
            commandTokens = burst;
        }
        else
        {
            commandTokens = Math.min(burst, commandTokens + (nowNs - commandTokensNs) * perSecond / 1e9);
        }
        commandTokensNs = nowNs;
        if (commandTokens >= 1)
        {
            commandTokens -= 1;
            refusedInARow = 0;
            return true;
        }
        refusedInARow++;
        return false;
    }

    int refusedInARow()
    {
        return refusedInARow;
    }
}
