package io.tickgate.gateway;

import io.tickgate.gateway.security.Grant;
import io.tickgate.gateway.security.TokenRejectedException;
import io.tickgate.gateway.publisher.Inbox;
import io.tickgate.gateway.publisher.Publisher;
import io.tickgate.gateway.publisher.Session;
import io.tickgate.gateway.ws.Frames;
import io.tickgate.gateway.ws.Refusal;
import io.tickgate.gateway.ws.SendBuffer;
import io.tickgate.gateway.ws.WebSocketUpgrade;
import io.undertow.server.HttpHandler;
import org.xnio.StreamConnection;
import org.xnio.channels.StreamSourceChannel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code /stream}: takes each upgraded connection on its IO thread, refuses it (1013) past the connection limit, the
 * buffer-memory budget or its address's limit, or while shutting down, and otherwise makes its {@link Session} (with
 * the handshake's {@link Grant}) and {@link InboundReader} and tells the publisher. Client commands are checked here
 * (size, rate; a refresh's token) before they are queued for the publisher.
 */
final class StreamEndpoint implements WebSocketUpgrade.Acceptor, InboundReader.CommandIntake
{
    static final String BINARY_SUBPROTOCOL = "tickgate.bin.v1";

    private final GatewayContext ctx;
    private final GatewayMetrics metrics;
    private final Publisher publisher;
    private final TokenCheck tokens;
    private final ConnectionsPerAddress perAddress;
    private final CommandParser parser = new CommandParser();
    private volatile boolean shuttingDown;

    StreamEndpoint(
        final GatewayContext ctx,
        final GatewayMetrics metrics,
        final Publisher publisher,
        final TokenCheck tokens,
        final ConnectionsPerAddress perAddress)
    {
        this.ctx = ctx;
        this.metrics = metrics;
        this.publisher = publisher;
        this.tokens = tokens;
        this.perAddress = perAddress;
    }

    /**
     * @return the handshake: the address limit and the token first, then the upgrade.
     */
    HttpHandler handshake()
    {
        return new HandshakeAuth(tokens, perAddress, new WebSocketUpgrade(BINARY_SUBPROTOCOL, this));
    }

    // wakeupReads is deprecated in XNIO, but it is the one call that gives a read event without data: see below
    @SuppressWarnings("deprecation")
    public void onUpgrade(final StreamConnection connection, final boolean binary, final Grant grant)
    {
        final GatewayMetrics.Refused refused = refusal();
        if (null != refused)
        {
            metrics.refuse(refused);
            Refusal.refuse(connection, Frames.CLOSE_TRY_AGAIN_LATER, refused.reason(), ctx.closeGraceMs());
            return;
        }
        final InetAddress address = connection.getPeerAddress(InetSocketAddress.class).getAddress();
        if (!perAddress.tryAcquire(address))
        {
            // another IO thread took the address's last place since its handshake was let through
            tokens.refuse(GatewayMetrics.AuthRefused.PER_IP, address, grant.who(), "too many connections");
            Refusal.refuse(connection, Frames.CLOSE_TRY_AGAIN_LATER, "too many connections from this address",
                ctx.closeGraceMs());
            return;
        }
        metrics.connectionsOpen.incrementAndGet();
        metrics.connectionsTotal.incrementAndGet();
        final long nowNs = ctx.nanoClock().nanoTime();
        final XnioSocket socket = new XnioSocket(connection);
        final Session session = new Session(grant, binary, socket,
            new SendBuffer(publisher.buffers(), metrics.delays.forGrant(grant), ctx.maxFrameBytes()),
            publisher::onSignal, nowNs);
        final Inbox inbox = session.inbox();
        final AtomicBoolean counted = new AtomicBoolean(true);
        final HttpDetach detach = new HttpDetach(connection, closed ->
        {
            inbox.signal(Inbox.DISCONNECT);
            publisher.connections().disconnected(session, nowNs, ctx.nanoClock().nanoTime());
            if (counted.getAndSet(false))
            {
                perAddress.release(address);
            }
        });
        final StreamSourceChannel source = connection.getSourceChannel();
        source.getReadSetter().set(new InboundReader(session, socket, this, ctx.nanoClock(),
            ctx.maxCommandBytes() * 4, detach));
        inbox.signal(Inbox.CONNECT);
        publisher.connections().connected(session);
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
        final Command command = parser.parse(session, text);
        submit(session, Command.Op.AUTH == command.op ? checkRefresh(session, command) : command);
    }

    /**
     * A refresh's token is verified here, on the IO thread; the publisher only swaps the grant.
     *
     * @return the command with its grant, or a refusal to send back (the old token stays in force).
     */
    private Command checkRefresh(final Session session, final Command command)
    {
        if (!tokens.isOn())
        {
            return Command.refuse(session, ErrorCode.BAD_REQUEST, "this gateway does not use tokens", command.idJson);
        }
        try
        {
            command.grant = tokens.verify(command.token, session.remoteAddress());
            return command;
        }
        catch (final TokenRejectedException ex)
        {
            return Command.refuse(session, ErrorCode.UNAUTHORIZED, ex.getMessage(), command.idJson);
        }
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
        publisher.connections().cutOff(session, why.label(), code, reason);
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
