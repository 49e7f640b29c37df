package io.tickgate.gateway;

import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code /stream}: accepts WebSocket clients, sends the welcome, and turns each client frame into a {@link Command}
 * for the publisher after the IO-thread checks (frame size, command rate). Runs on Undertow's IO threads.
 */
final class StreamEndpoint implements WebSocketConnectionCallback
{
    static final int CLOSE_GOING_AWAY = 1001;
    static final int CLOSE_TRY_AGAIN_LATER = 1013;
    static final String BINARY_SUBPROTOCOL = "tickgate.bin.v1";

    private final GatewayContext ctx;
    private final GatewayMetrics metrics;
    private final Publisher publisher;
    private final ManyToOneConcurrentLinkedQueue<Command> lifecycle;
    private final CommandParser parser = new CommandParser();
    private final AtomicLong sessionIds = new AtomicLong();
    private final Set<Session> open = ConcurrentHashMap.newKeySet();
    private final String welcome;
    private volatile boolean shuttingDown;

    StreamEndpoint(
        final GatewayContext ctx,
        final GatewayMetrics metrics,
        final Publisher publisher,
        final ManyToOneConcurrentLinkedQueue<Command> lifecycle)
    {
        this.ctx = ctx;
        this.metrics = metrics;
        this.publisher = publisher;
        this.lifecycle = lifecycle;
        this.welcome = ControlMessages.welcomeFrame(GatewayContext.VERSION, ctx.heartbeatMs());
    }

    public void onConnect(final WebSocketHttpExchange exchange, final WebSocketChannel channel)
    {
        if (shuttingDown || open.size() >= ctx.maxConnections())
        {
            WebSockets.sendClose(CLOSE_TRY_AGAIN_LATER, shuttingDown ? "shutting down" : "too many connections",
                channel, null);
            return;
        }
        final Session session = new Session(sessionIds.incrementAndGet(), isBinary(exchange, channel), channel,
            metrics, ctx.epochClock(), ctx.sessionBufferBytes(), ctx.maxFrameBytes());
        open.add(session);
        metrics.connectionsOpen.incrementAndGet();
        metrics.connectionsTotal.incrementAndGet();
        channel.addCloseTask((closed) ->
        {
            session.markClosed();
            open.remove(session);
            metrics.connectionsOpen.decrementAndGet();
            lifecycle.offer(new Command(Command.Op.DISCONNECT, session));
        });
        WebSockets.sendText(welcome, channel, null);
        lifecycle.offer(new Command(Command.Op.CONNECT, session));
        channel.getReceiveSetter().set(new Listener(session));
        channel.resumeReceives();
    }

    private static boolean isBinary(final WebSocketHttpExchange exchange, final WebSocketChannel channel)
    {
        final List<String> format = exchange.getRequestParameters().get("format");
        return BINARY_SUBPROTOCOL.equals(channel.getSubProtocol()) ||
            (null != format && format.contains("binary"));
    }

    /**
     * Stop accepting and send every client a going-away close.
     */
    void shutdown()
    {
        shuttingDown = true;
        for (final Session session : open)
        {
            session.close(CLOSE_GOING_AWAY, "server shutting down");
        }
    }

    int openSessions()
    {
        return open.size();
    }

    private void onCommandText(final Session session, final String text)
    {
        if (text.length() > ctx.maxCommandBytes())
        {
            refuse(session, ErrorCode.LIMIT, "command frame over " + ctx.maxCommandBytes() + " bytes");
            return;
        }
        if (!session.tryTakeCommandToken(ctx.nanoClock().nanoTime(), ctx.maxCommandsPerSecond(),
            ctx.commandBurst()))
        {
            if (session.refusedInARow() >= ctx.refusedCommandsBeforeClose())
            {
                metrics.cutOff(GatewayMetrics.CutOff.ABUSE);
                session.close(Publisher.CLOSE_POLICY_VIOLATION, "too many commands refused");
            }
            else
            {
                refuse(session, ErrorCode.LIMIT,
                    "commands too fast: at most " + ctx.maxCommandsPerSecond() + " per second");
            }
            return;
        }
        submit(session, parser.parse(session, text));
    }

    private void refuse(final Session session, final ErrorCode code, final String message)
    {
        submit(session, Command.refuse(session, code, message, null));
    }

    private void submit(final Session session, final Command command)
    {
        if (!publisher.offer(command))
        {
            metrics.error(ErrorCode.LIMIT);
            session.sendDirect("[{\"type\":\"error\",\"code\":\"LIMIT\",\"message\":\"server busy, retry\"}]");
        }
    }

    private final class Listener extends AbstractReceiveListener
    {
        private final Session session;

        Listener(final Session session)
        {
            this.session = session;
        }

        protected long getMaxTextBufferSize()
        {
            // Over the command limit is refused politely; far over it is abuse, and Undertow closes the socket.
            return ctx.maxCommandBytes() * 4L;
        }

        protected long getMaxBinaryBufferSize()
        {
            return ctx.maxCommandBytes();
        }

        protected void onFullTextMessage(final WebSocketChannel channel, final BufferedTextMessage message)
        {
            onCommandText(session, message.getData());
        }

        protected void onFullBinaryMessage(final WebSocketChannel channel, final BufferedBinaryMessage message)
        {
            message.getData().free();
            refuse(session, ErrorCode.BAD_REQUEST, "commands are JSON text frames");
        }
    }
}
