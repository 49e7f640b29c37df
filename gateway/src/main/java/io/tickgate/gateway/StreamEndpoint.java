package io.tickgate.gateway;

import io.tickgate.gateway.publisher.Inbox;
import io.tickgate.gateway.publisher.Publisher;
import io.tickgate.gateway.publisher.Session;
import io.tickgate.gateway.ws.Frames;
import io.tickgate.gateway.ws.Refusal;
import io.tickgate.gateway.ws.SendBuffer;
import io.tickgate.gateway.ws.WebSocketUpgrade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.StreamConnection;
import org.xnio.channels.StreamSourceChannel;

/**
 * {@code /stream}: takes each upgraded connection on its IO thread, refuses it (1013) past the connection limit or
 * the buffer-memory budget or while shutting down, and otherwise makes its {@link Session} and
 * {@link InboundReader} and tells the publisher. Client commands are checked here (size, rate) before they are
 * queued for the publisher.
 */
final class StreamEndpoint implements WebSocketUpgrade.Acceptor, InboundReader.CommandIntake
{
    static final String BINARY_SUBPROTOCOL = "tickgate.bin.v1";
    private static final Logger LOG = LoggerFactory.getLogger(StreamEndpoint.class);

    private final GatewayContext ctx;
    private final GatewayMetrics metrics;
    private final Publisher publisher;
    private final CommandParser parser = new CommandParser();
    private volatile boolean shuttingDown;

    StreamEndpoint(final GatewayContext ctx, final GatewayMetrics metrics, final Publisher publisher)
    {
        this.ctx = ctx;
        this.metrics = metrics;
        this.publisher = publisher;
    }

    WebSocketUpgrade handshake()
    {
        return new WebSocketUpgrade(BINARY_SUBPROTOCOL, this);
    }

    // wakeupReads is deprecated in XNIO, but it is the one call that gives a read event without data: see below
    @SuppressWarnings("deprecation")
    public void onUpgrade(final StreamConnection connection, final boolean binary)
    {
        final GatewayMetrics.Refused refused = refusal();
        if (null != refused)
        {
            metrics.refuse(refused);
            Refusal.refuse(connection, Frames.CLOSE_TRY_AGAIN_LATER, refused.reason(), ctx.closeGraceMs());
            return;
        }
        metrics.connectionsOpen.incrementAndGet();
        metrics.connectionsTotal.incrementAndGet();
        final long nowNs = ctx.nanoClock().nanoTime();
        final XnioSocket socket = new XnioSocket(connection);
        final Session session = new Session(binary, socket,
            new SendBuffer(publisher.buffers(), metrics, ctx.maxFrameBytes()), publisher::onSignal, nowNs);
        final Inbox inbox = session.inbox();
        final HttpDetach detach = new HttpDetach(connection, closed -> inbox.signal(Inbox.DISCONNECT));
        final StreamSourceChannel source = connection.getSourceChannel();
        source.getReadSetter().set(new InboundReader(session, socket, this, ctx.nanoClock(),
            ctx.maxCommandBytes() * 4, detach));
        inbox.signal(Inbox.CONNECT);
        // a first read at once, even from a silent client: it takes what Undertow read past the request, then lets
        // go of Undertow's side of the connection
        source.wakeupReads();
    }

    private GatewayMetrics.Refused refusal()
    {
        if (shuttingDown)
        {
            return GatewayMetrics.Refused.SHUTTING_DOWN;
        }
        if (metrics.connectionsOpen.get() >= ctx.maxConnections())
        {
            return GatewayMetrics.Refused.CONNECTION_LIMIT;
        }
        if (publisher.buffers().reservedBytes() >= ctx.maxBufferMemory())
        {
            return GatewayMetrics.Refused.BUFFER_MEMORY;
        }
        return null;
    }

    /**
     * Refuse new connections from now on; the publisher closes the open ones (1001).
     */
    void shutdown()
    {
        shuttingDown = true;
        publisher.shutdown();
    }

    public void onCommandText(final InboundReader reader, final Session session, final String text)
    {
        if (!admit(reader, session))
        {
            return;
        }
        if (text.length() > ctx.maxCommandBytes())
        {
            refuse(session, ErrorCode.LIMIT, "command frame over " + ctx.maxCommandBytes() + " bytes");
            return;
        }
        submit(session, parser.parse(session, text));
    }

    public void onBinaryFrame(final InboundReader reader, final Session session)
    {
        if (admit(reader, session))
        {
            refuse(session, ErrorCode.BAD_REQUEST, "commands are JSON text frames");
        }
    }

    /**
     * Every data frame a client sends takes a token, whatever it holds, so no kind of frame can flood the
     * publisher's command queue; past the rate it is answered with LIMIT, and a client that keeps on is cut off.
     *
     * @return true when the frame may go on to be parsed or refused on its merits.
     */
    private boolean admit(final InboundReader reader, final Session session)
    {
        if (reader.tryTakeCommandToken(ctx.nanoClock().nanoTime(), ctx.maxCommandsPerSecond(), ctx.commandBurst()))
        {
            return true;
        }
        if (reader.refusedInARow() >= ctx.refusedCommandsBeforeClose())
        {
            reader.ignoreFurtherFrames();
            cutOff(session, GatewayMetrics.CutOff.ABUSE, Frames.CLOSE_POLICY_VIOLATION, "too many commands refused");
        }
        else
        {
            refuse(session, ErrorCode.LIMIT,
                "commands too fast: at most " + ctx.maxCommandsPerSecond() + " per second");
        }
        return false;
    }

    private void refuse(final Session session, final ErrorCode code, final String message)
    {
        submit(session, Command.refuse(session, code, message, null));
    }

    public void onProtocolError(final Session session, final int closeCode, final String reason)
    {
        cutOff(session, GatewayMetrics.CutOff.PROTOCOL_ERROR, closeCode, reason);
    }

    private void cutOff(final Session session, final GatewayMetrics.CutOff why, final int code, final String reason)
    {
        metrics.cutOff(why);
        LOG.info("closing {} ({}): {} {}", session.remoteAddress(), why.label(), code, reason);
        session.inbox().requestClose(code, reason);
    }

    private void submit(final Session session, final Command command)
    {
        if (!publisher.offer(command))
        {
            metrics.error(ErrorCode.LIMIT);
            session.inbox().signal(Inbox.BUSY);
        }
    }
}
