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

    // IO-thread-owned
    private ByteBuffer frame;
    private UnsafeBuffer frameBuffer;
    private boolean inFlight;
    private boolean flushing;
    private int frameMessages;
    private long frameNowNs;
    private final ControlledMessageHandler frameFiller = this::appendToFrame;
    private double commandTokens;
    private long commandTokensNs;
    private int refusedInARow;

    Session(
        final long id,
        final WebSocketChannel channel,
        final GatewayMetrics metrics,
        final EpochNanoClock clock,
        final int ringCapacity,
        final int maxFrameBytes)
    {
        this.id = id;
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
     * @return false when the ring is full; nothing was queued.
     */
    boolean offer(final DirectBuffer payload, final int offset, final int length, final long nowNs)
    {
        if (ring().write(MSG_TEXT, payload, offset, length))
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
                WebSockets.sendText(frame, channel, SEND_CALLBACK, this);
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
        frameBuffer.putByte(0, (byte)'[');
        frame.position(1);
        frameMessages = 0;
        frameNowNs = clock.nanoTime();
        ring.controlledRead(frameFiller);
        if (0 == frameMessages)
        {
            return false;
        }
        final int end = frame.position();
        frameBuffer.putByte(end, (byte)']');
        frame.limit(end + 1).position(0);
        metrics.framesOut.incrementAndGet();
        metrics.messagesOut.addAndGet(frameMessages);
        metrics.bytesOut.addAndGet(end + 1);
        return true;
    }

    private ControlledMessageHandler.Action appendToFrame(
        final int msgTypeId, final org.agrona.MutableDirectBuffer buffer, final int index, final int length)
    {
        final int jsonLength = length - PAYLOAD_HEADER;
        final int position = frame.position();
        final int separator = frameMessages > 0 ? 1 : 0;
        if (position + separator + jsonLength + 1 > maxFrameBytes)
        {
            return ControlledMessageHandler.Action.ABORT;
        }
        if (separator > 0)
        {
            frameBuffer.putByte(position, (byte)',');
        }
        frameBuffer.putBytes(position + separator, buffer, index + PAYLOAD_HEADER, jsonLength);
        frame.position(position + separator + jsonLength);
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
