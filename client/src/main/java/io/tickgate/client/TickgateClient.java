package io.tickgate.client;

import io.tickgate.codec.Symbols;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A client of a tickgate gateway's {@code /stream} WebSocket, on the JDK's {@code java.net.http} WebSocket.
 * <p>
 * It connects (and reconnects, with exponential backoff and full jitter, whenever the connection closes, fails, or
 * stays silent for three heartbeat intervals), keeps its subscriptions and re-sends them on every new connection,
 * and delivers quotes to a {@link QuoteListener} as one reused {@link Quote} flyweight. For {@link Mode#FULL}
 * symbols it asks the gateway, after a reconnect, to replay from the seq after the last one delivered, so the
 * application sees every seq exactly once across disconnects and gateway restarts; a duplicate seq (at or below the
 * last delivered) is dropped and a real gap is reported to {@link ClientListener#onGap}.
 * <p>
 * <b>Threading:</b> the public methods are threadsafe and do not block on the network. Callbacks run on the
 * WebSocket's receiving thread (or the client's timer thread for heartbeat timeouts and reconnects), one at a time:
 * every callback is made under one client lock, so listeners need no synchronisation of their own but must not
 * block. The {@link Quote} is valid only during its callback. Binary mode decodes each frame in place and allocates
 * nothing per quote; JSON mode allocates nothing per quote either (one non-blocking parser per connection).
 */
public final class TickgateClient implements AutoCloseable
{
    /** The close code reported when a connection ends without a close frame (failure, heartbeat timeout). */
    public static final int CLOSE_ABNORMAL = 1006;
    /** The close code reported when the gateway sent a frame this client cannot decode. */
    public static final int CLOSE_PROTOCOL_ERROR = 1002;
    /** Heartbeat intervals of silence after which a connection is declared dead. */
    public static final int HEARTBEAT_TIMEOUT_MULTIPLE = 3;
    /** Subscribe to every symbol, present and future. */
    public static final String ALL_SYMBOLS = "*";

    private static final long NO_COMMAND = -1;

    /**
     * Configuration of a {@link TickgateClient}: fluent setters, and defaults filled in by {@link #conclude()}.
     * <b>Note:</b> not threadsafe; do not change it after {@link TickgateClient#connect(Context)}.
     */
    public static final class Context
    {
        /** Default host. */
        public static final String DEFAULT_HOST = "127.0.0.1";
        /** Default port. */
        public static final int DEFAULT_PORT = 8080;
        /** Default first reconnect delay bound. */
        public static final long DEFAULT_RECONNECT_BASE_MS = 100;
        /** Default largest reconnect delay bound. */
        public static final long DEFAULT_RECONNECT_MAX_MS = 10_000;
        /** Default WebSocket handshake timeout. */
        public static final long DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
        /** Heartbeat interval assumed until the welcome says otherwise. */
        public static final long DEFAULT_HEARTBEAT_MS = 5_000;

        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private URI uri;
        private Format format = Format.JSON;
        private QuoteListener quoteListener;
        private ClientListener clientListener;
        private long reconnectBaseMs = DEFAULT_RECONNECT_BASE_MS;
        private long reconnectMaxMs = DEFAULT_RECONNECT_MAX_MS;
        private long connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
        private long defaultHeartbeatMs = DEFAULT_HEARTBEAT_MS;
        private OnSlow onSlow;
        private HttpClient httpClient;

        /**
         * Fill defaults and check the settings.
         *
         * @return this.
         * @throws IllegalArgumentException when a setting is missing or out of range.
         */
        public Context conclude()
        {
            if (null == quoteListener)
            {
                throw new IllegalArgumentException("quoteListener is required");
            }
            if (null == clientListener)
            {
                clientListener = new ClientListener()
                {
                };
            }
            if (reconnectBaseMs <= 0 || reconnectMaxMs < reconnectBaseMs)
            {
                throw new IllegalArgumentException(
                    "need 0 < reconnectBaseMs <= reconnectMaxMs: " + reconnectBaseMs + ", " + reconnectMaxMs);
            }
            if (connectTimeoutMs <= 0 || defaultHeartbeatMs <= 0)
            {
                throw new IllegalArgumentException("connectTimeoutMs and defaultHeartbeatMs must be positive");
            }
            if (null == uri)
            {
                uri = URI.create("ws://" + host + ":" + port + "/stream" +
                    (Format.BINARY == format ? "?format=binary" : ""));
            }
            if (null == httpClient)
            {
                httpClient = HttpClient.newHttpClient();
            }
            return this;
        }

        /**
         * @param host the gateway's host; default {@value #DEFAULT_HOST}.
         * @return this.
         */
        public Context host(final String host)
        {
            this.host = host;
            return this;
        }

        /**
         * @return the gateway's host.
         */
        public String host()
        {
            return host;
        }

        /**
         * @param port the gateway's port; default {@value #DEFAULT_PORT}.
         * @return this.
         */
        public Context port(final int port)
        {
            this.port = port;
            return this;
        }

        /**
         * @return the gateway's port.
         */
        public int port()
        {
            return port;
        }

        /**
         * @param uri the full stream URI, overriding host, port and format's query (e.g. for {@code wss://}).
         * @return this.
         */
        public Context uri(final URI uri)
        {
            this.uri = uri;
            return this;
        }

        /**
         * @return the stream URI; derived from host, port and format by {@link #conclude()} unless set.
         */
        public URI uri()
        {
            return uri;
        }

        /**
         * @param format JSON (default) or binary quotes.
         * @return this.
         */
        public Context format(final Format format)
        {
            this.format = Objects.requireNonNull(format);
            return this;
        }

        /**
         * @return the quote format.
         */
        public Format format()
        {
            return format;
        }

        /**
         * @param quoteListener receives every quote; required.
         * @return this.
         */
        public Context quoteListener(final QuoteListener quoteListener)
        {
            this.quoteListener = quoteListener;
            return this;
        }

        /**
         * @return the quote listener.
         */
        public QuoteListener quoteListener()
        {
            return quoteListener;
        }

        /**
         * @param clientListener receives connection and control events; default ignores them.
         * @return this.
         */
        public Context clientListener(final ClientListener clientListener)
        {
            this.clientListener = clientListener;
            return this;
        }

        /**
         * @return the event listener.
         */
        public ClientListener clientListener()
        {
            return clientListener;
        }

        /**
         * @param reconnectBaseMs bound of the first reconnect delay; doubles per attempt. Default
         *                        {@value #DEFAULT_RECONNECT_BASE_MS}.
         * @return this.
         */
        public Context reconnectBaseMs(final long reconnectBaseMs)
        {
            this.reconnectBaseMs = reconnectBaseMs;
            return this;
        }

        /**
         * @return bound of the first reconnect delay, ms.
         */
        public long reconnectBaseMs()
        {
            return reconnectBaseMs;
        }

        /**
         * @param reconnectMaxMs largest reconnect delay bound. Default {@value #DEFAULT_RECONNECT_MAX_MS}.
         * @return this.
         */
        public Context reconnectMaxMs(final long reconnectMaxMs)
        {
            this.reconnectMaxMs = reconnectMaxMs;
            return this;
        }

        /**
         * @return largest reconnect delay bound, ms.
         */
        public long reconnectMaxMs()
        {
            return reconnectMaxMs;
        }

        /**
         * @param connectTimeoutMs WebSocket handshake timeout. Default {@value #DEFAULT_CONNECT_TIMEOUT_MS}.
         * @return this.
         */
        public Context connectTimeoutMs(final long connectTimeoutMs)
        {
            this.connectTimeoutMs = connectTimeoutMs;
            return this;
        }

        /**
         * @return the handshake timeout, ms.
         */
        public long connectTimeoutMs()
        {
            return connectTimeoutMs;
        }

        /**
         * @param defaultHeartbeatMs heartbeat interval assumed between the handshake and the welcome. Default
         *                           {@value #DEFAULT_HEARTBEAT_MS}.
         * @return this.
         */
        public Context defaultHeartbeatMs(final long defaultHeartbeatMs)
        {
            this.defaultHeartbeatMs = defaultHeartbeatMs;
            return this;
        }

        /**
         * @return the heartbeat interval assumed before the welcome, ms.
         */
        public long defaultHeartbeatMs()
        {
            return defaultHeartbeatMs;
        }

        /**
         * @param onSlow sent as {@code onSlow} on full-mode subscribes and replays; null (default) sends nothing and
         *               leaves the gateway's default (disconnect).
         * @return this.
         */
        public Context onSlow(final OnSlow onSlow)
        {
            this.onSlow = onSlow;
            return this;
        }

        /**
         * @return the onSlow policy, or null.
         */
        public OnSlow onSlow()
        {
            return onSlow;
        }

        /**
         * @param httpClient the JDK HttpClient to open WebSockets with; default a new one.
         * @return this.
         */
        public Context httpClient(final HttpClient httpClient)
        {
            this.httpClient = httpClient;
            return this;
        }

        /**
         * @return the HttpClient.
         */
        public HttpClient httpClient()
        {
            return httpClient;
        }
    }

    private static final class Subscription
    {
        final Mode mode;
        final int maxRate;

        Subscription(final Mode mode, final int maxRate)
        {
            this.mode = mode;
            this.maxRate = maxRate;
        }
    }

    private final Object lock = new Object();
    private final Context ctx;
    private final QuoteListener quoteListener;
    private final ClientListener listener;
    private final Backoff backoff;
    private final ScheduledExecutorService timer;
    private final SymbolRegistry registry = new SymbolRegistry();
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private final Dispatcher dispatcher = new Dispatcher();
    private Connection current;
    private boolean closed;
    private boolean wildcardFull;
    private int attempt;
    private long nextCommandId = 1;
    private long replayCommandId = NO_COMMAND;
    private final List<String> replaySymbols = new ArrayList<>();
    private long duplicatesDropped;
    private long connections;

    private TickgateClient(final Context ctx)
    {
        this.ctx = ctx;
        this.quoteListener = ctx.quoteListener();
        this.listener = ctx.clientListener();
        this.backoff = new Backoff(ctx.reconnectBaseMs(), ctx.reconnectMaxMs());
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "tickgate-client-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Start a client. It returns at once and connects in the background; {@link ClientListener#onConnected} says
     * when the connection is up. A failed connect is retried like any lost connection.
     *
     * @param ctx the configuration; concluded here.
     * @return the running client; close it when done.
     */
    public static TickgateClient connect(final Context ctx)
    {
        final TickgateClient client = new TickgateClient(ctx.conclude());
        client.connectNow();
        return client;
    }

    /**
     * Subscribe to symbols, or change the mode and rate of symbols already subscribed. Sent now when connected,
     * and on every later connection.
     *
     * @param symbols symbols of 1-16 characters from {@code A-Z a-z 0-9 . _ : / -}, or {@link #ALL_SYMBOLS}.
     * @param mode    conflated or full.
     * @param maxRate for conflated mode, at most this many updates per second per symbol (1-1000); 0 for no limit.
     * @throws IllegalArgumentException for an invalid symbol or rate.
     */
    public void subscribe(final Collection<String> symbols, final Mode mode, final int maxRate)
    {
        Objects.requireNonNull(mode);
        validate(symbols);
        if (maxRate < 0 || maxRate > 1000)
        {
            throw new IllegalArgumentException("maxRate must be 0 (none) to 1000: " + maxRate);
        }
        synchronized (lock)
        {
            final Subscription subscription = new Subscription(mode, maxRate);
            for (final String symbol : symbols)
            {
                subscriptions.put(symbol, subscription);
                if (ALL_SYMBOLS.equals(symbol))
                {
                    wildcardFull = Mode.FULL == mode;
                }
                else
                {
                    registry.lookup(symbol).full = Mode.FULL == mode;
                }
            }
            final Connection connection = current;
            if (null != connection && connection.welcomed)
            {
                connection.send(subscribeCommand(new ArrayList<>(symbols), mode, maxRate));
            }
        }
    }

    /**
     * Subscribe without a rate limit; see {@link #subscribe(Collection, Mode, int)}.
     *
     * @param symbols symbols, or {@link #ALL_SYMBOLS}.
     * @param mode    conflated or full.
     */
    public void subscribe(final Collection<String> symbols, final Mode mode)
    {
        subscribe(symbols, mode, 0);
    }

    /**
     * Stop symbols. Their last seen seqs are forgotten, so a later subscribe starts afresh with a snapshot.
     *
     * @param symbols symbols, or {@link #ALL_SYMBOLS} for everything.
     */
    public void unsubscribe(final Collection<String> symbols)
    {
        validate(symbols);
        synchronized (lock)
        {
            for (final String symbol : symbols)
            {
                if (ALL_SYMBOLS.equals(symbol))
                {
                    subscriptions.clear();
                    wildcardFull = false;
                    registry.forEach(state ->
                    {
                        state.lastSeq = 0;
                        state.resyncFrom = 0;
                        state.full = false;
                    });
                }
                else
                {
                    subscriptions.remove(symbol);
                    final SymbolState state = registry.lookup(symbol);
                    state.lastSeq = 0;
                    state.resyncFrom = 0;
                    state.full = false;
                }
            }
            final Connection connection = current;
            if (null != connection && connection.welcomed)
            {
                final StringBuilder command = new StringBuilder("{\"op\":\"unsubscribe\",\"symbols\":");
                appendSymbols(command, new ArrayList<>(symbols));
                connection.send(command.append(",\"id\":").append(nextCommandId++).append('}').toString());
            }
        }
    }

    /**
     * @return true while a connection is up and welcomed.
     */
    public boolean isConnected()
    {
        synchronized (lock)
        {
            return null != current && current.welcomed;
        }
    }

    /**
     * @param symbol a symbol.
     * @return the last seq delivered for it, 0 when none.
     */
    public long lastSeq(final String symbol)
    {
        synchronized (lock)
        {
            return registry.lookup(symbol).lastSeq;
        }
    }

    /**
     * @return quotes dropped because their seq was at or below the last one delivered.
     */
    public long duplicatesDropped()
    {
        synchronized (lock)
        {
            return duplicatesDropped;
        }
    }

    /**
     * @return connections welcomed so far, the first included.
     */
    public long connections()
    {
        synchronized (lock)
        {
            return connections;
        }
    }

    /**
     * @return the configuration.
     */
    public Context context()
    {
        return ctx;
    }

    /**
     * Close the connection (code 1000) and stop reconnecting. Idempotent.
     */
    public void close()
    {
        final Connection connection;
        synchronized (lock)
        {
            if (closed)
            {
                return;
            }
            closed = true;
            connection = current;
            current = null;
            if (null != connection)
            {
                connection.dead = true;
                connection.stopWatch();
            }
        }
        timer.shutdownNow();
        if (null != connection && null != connection.webSocket)
        {
            final WebSocket webSocket = connection.webSocket;
            webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "client closed")
                .orTimeout(1, TimeUnit.SECONDS)
                .whenComplete((ws, ex) -> webSocket.abort());
            synchronized (lock)
            {
                listener.onDisconnected(WebSocket.NORMAL_CLOSURE, "closed by client");
            }
        }
    }

    private void connectNow()
    {
        final Connection connection;
        synchronized (lock)
        {
            if (closed || null != current)
            {
                return;
            }
            connection = new Connection();
            current = connection;
        }
        ctx.httpClient().newWebSocketBuilder()
            .connectTimeout(Duration.ofMillis(ctx.connectTimeoutMs()))
            .buildAsync(ctx.uri(), connection)
            .whenComplete((webSocket, ex) ->
            {
                synchronized (lock)
                {
                    if (null != ex)
                    {
                        final Throwable cause = null != ex.getCause() ? ex.getCause() : ex;
                        lost(connection, CLOSE_ABNORMAL, "connect failed: " + cause);
                    }
                    else if (connection.dead)
                    {
                        webSocket.abort();
                    }
                }
            });
    }

    /**
     * A connection ended: report it and schedule the next. Caller holds the lock.
     */
    private void lost(final Connection connection, final int code, final String reason)
    {
        if (connection.dead)
        {
            return;
        }
        connection.dead = true;
        connection.stopWatch();
        if (null != connection.webSocket)
        {
            connection.webSocket.abort();
        }
        if (connection != current)
        {
            return;
        }
        current = null;
        dispatcher.slow = false;
        replayCommandId = NO_COMMAND;
        replaySymbols.clear();
        listener.onDisconnected(code, reason);
        if (!closed)
        {
            attempt++;
            final long delayMs = backoff.delayMs(attempt);
            listener.onReconnecting(attempt, delayMs);
            try
            {
                timer.schedule(this::connectNow, delayMs, TimeUnit.MILLISECONDS);
            }
            catch (final RuntimeException ignore)
            {
                // the timer is shut down: the client is closing
            }
        }
    }

    /**
     * Send every subscription on a fresh connection: replay full-mode symbols seen before from the seq after the
     * last delivered, subscribe the rest. Caller holds the lock.
     */
    private void resubscribe(final Connection connection)
    {
        final Map<String, Long> fromSeq = new LinkedHashMap<>();
        final List<String> full = new ArrayList<>();
        final Map<Integer, List<String>> conflatedByRate = new LinkedHashMap<>();
        for (final Map.Entry<String, Subscription> entry : subscriptions.entrySet())
        {
            final String symbol = entry.getKey();
            final Subscription subscription = entry.getValue();
            if (Mode.FULL == subscription.mode)
            {
                final long lastSeq = ALL_SYMBOLS.equals(symbol) ? 0 : registry.lookup(symbol).lastSeq;
                if (lastSeq > 0)
                {
                    fromSeq.put(symbol, lastSeq + 1);
                }
                else
                {
                    full.add(symbol);
                }
            }
            else
            {
                conflatedByRate.computeIfAbsent(subscription.maxRate, rate -> new ArrayList<>()).add(symbol);
            }
        }
        if (!fromSeq.isEmpty())
        {
            replayCommandId = nextCommandId++;
            replaySymbols.clear();
            replaySymbols.addAll(fromSeq.keySet());
            final StringBuilder command = new StringBuilder("{\"op\":\"replay\",\"fromSeq\":{");
            boolean first = true;
            for (final Map.Entry<String, Long> entry : fromSeq.entrySet())
            {
                command.append(first ? "" : ",").append('"').append(entry.getKey()).append("\":")
                    .append(entry.getValue());
                first = false;
            }
            command.append('}');
            appendOnSlow(command);
            connection.send(command.append(",\"id\":").append(replayCommandId).append('}').toString());
        }
        if (!full.isEmpty())
        {
            connection.send(subscribeCommand(full, Mode.FULL, 0));
        }
        for (final Map.Entry<Integer, List<String>> entry : conflatedByRate.entrySet())
        {
            connection.send(subscribeCommand(entry.getValue(), Mode.CONFLATED, entry.getKey()));
        }
    }

    private String subscribeCommand(final List<String> symbols, final Mode mode, final int maxRate)
    {
        final StringBuilder command = new StringBuilder("{\"op\":\"subscribe\",\"symbols\":");
        appendSymbols(command, symbols);
        command.append(",\"mode\":\"").append(mode.wireName()).append('"');
        if (Mode.CONFLATED == mode && maxRate > 0)
        {
            command.append(",\"maxRate\":").append(maxRate);
        }
        if (Mode.FULL == mode)
        {
            appendOnSlow(command);
        }
        return command.append(",\"id\":").append(nextCommandId++).append('}').toString();
    }

    private void appendOnSlow(final StringBuilder command)
    {
        if (null != ctx.onSlow())
        {
            command.append(",\"onSlow\":\"").append(ctx.onSlow().wireName()).append('"');
        }
    }

    private static void appendSymbols(final StringBuilder command, final List<String> symbols)
    {
        command.append('[');
        for (int i = 0; i < symbols.size(); i++)
        {
            command.append(i > 0 ? ",\"" : "\"").append(symbols.get(i)).append('"');
        }
        command.append(']');
    }

    private static void validate(final Collection<String> symbols)
    {
        if (symbols.isEmpty())
        {
            throw new IllegalArgumentException("no symbols");
        }
        for (final String symbol : symbols)
        {
            if (!ALL_SYMBOLS.equals(symbol) && !Symbols.isValid(symbol))
            {
                throw new IllegalArgumentException("not a valid symbol: " + symbol);
            }
        }
    }

    /**
     * Applies the seq rules to every decoded quote and dispatches control messages. Runs under the lock.
     */
    private final class Dispatcher implements FrameSink
    {
        boolean slow;
        Connection connection;

        public void onQuote(final SymbolState state, final Quote quote)
        {
            final long seq = quote.seq();
            final long lastSeq = state.lastSeq;
            if (state.resyncFrom > 0)
            {
                final long expected = state.resyncFrom;
                state.resyncFrom = 0;
                if (seq != expected)
                {
                    listener.onGap(state.name, expected, seq);
                }
                state.lastSeq = seq;
                quoteListener.onQuote(quote);
                return;
            }
            if (seq <= lastSeq)
            {
                duplicatesDropped++;
                return;
            }
            if (lastSeq > 0 && seq != lastSeq + 1 && !slow && isFull(state))
            {
                listener.onGap(state.name, lastSeq + 1, seq);
            }
            state.lastSeq = seq;
            quoteListener.onQuote(quote);
        }

        private boolean isFull(final SymbolState state)
        {
            return state.full || (wildcardFull && !subscriptions.containsKey(state.name));
        }

        public void onControl(final ControlMessage message)
        {
            switch (message.type)
            {
                case "welcome":
                    onWelcome(message);
                    break;
                case "subscribed":
                    listener.onSubscribed(new ArrayList<>(message.symbols));
                    break;
                case "unsubscribed":
                    listener.onUnsubscribed(new ArrayList<>(message.symbols));
                    break;
                case "error":
                    onError(message);
                    break;
                case "replayEnd":
                    if (message.id == replayCommandId)
                    {
                        replayCommandId = NO_COMMAND;
                        replaySymbols.clear();
                    }
                    listener.onReplayEnd(message.live, new ArrayList<>(message.symbols));
                    break;
                case "slow":
                    slow = true;
                    listener.onSlow();
                    break;
                case "caughtUp":
                    slow = false;
                    listener.onCaughtUp();
                    break;
                default:
                    break; // heartbeat, pong, and types of later versions
            }
        }

        private void onWelcome(final ControlMessage message)
        {
            final Connection connection = this.connection;
            connection.welcomed = true;
            connections++;
            attempt = 0;
            final long heartbeatMs = message.heartbeatMs > 0 ? message.heartbeatMs : ctx.defaultHeartbeatMs();
            connection.startWatch(heartbeatMs);
            listener.onConnected(
                null == message.server ? "" : message.server, message.protocol, heartbeatMs);
            if (!connection.dead)
            {
                resubscribe(connection);
            }
        }

        private void onError(final ControlMessage message)
        {
            if (NO_COMMAND != replayCommandId && message.id == replayCommandId && !"UNKNOWN_SYMBOL".equals(message.code))
            {
                // The gateway cannot replay (too old a seq, or no replay support): fall back to a plain full
                // subscribe; the jump to its snapshot is then reported as a gap.
                final List<String> fallback = new ArrayList<>(replaySymbols);
                if (!message.symbols.isEmpty())
                {
                    fallback.retainAll(message.symbols);
                }
                replaySymbols.removeAll(fallback);
                if (replaySymbols.isEmpty())
                {
                    replayCommandId = NO_COMMAND;
                }
                if (!fallback.isEmpty())
                {
                    for (final String symbol : fallback)
                    {
                        // the snapshot starts a new stream: deliver it even if its seq is not above the last one
                        // (a replaced journal starts again from 1) and report the jump either way
                        final SymbolState state = registry.lookup(symbol);
                        if (state.lastSeq > 0)
                        {
                            state.resyncFrom = state.lastSeq + 1;
                        }
                    }
                    connection.send(subscribeCommand(fallback, Mode.FULL, 0));
                }
            }
            listener.onError(null == message.code ? "" : message.code, null == message.message ? "" : message.message,
                new ArrayList<>(message.symbols));
        }
    }

    /**
     * One WebSocket connection's state. Its callbacks take the client lock and do nothing once it is dead.
     */
    private final class Connection implements WebSocket.Listener
    {
        final JsonFrameDecoder json = new JsonFrameDecoder(registry, dispatcher);
        final BinaryFrameDecoder binary = new BinaryFrameDecoder(registry, dispatcher);
        final UnsafeBuffer frame = new UnsafeBuffer(0, 0);
        final ArrayDeque<String> outbox = new ArrayDeque<>();
        ExpandableArrayBuffer partial;
        int partialLength;
        WebSocket webSocket;
        boolean welcomed;
        boolean dead;
        boolean sending;
        long lastReceiveNanos = System.nanoTime();
        ScheduledFuture<?> watch;

        public void onOpen(final WebSocket webSocket)
        {
            synchronized (lock)
            {
                this.webSocket = webSocket;
                lastReceiveNanos = System.nanoTime();
                if (dead)
                {
                    webSocket.abort();
                    return;
                }
                startWatch(ctx.defaultHeartbeatMs());
            }
            webSocket.request(1);
        }

        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            synchronized (lock)
            {
                if (dead)
                {
                    return null;
                }
                lastReceiveNanos = System.nanoTime();
                dispatcher.connection = this;
                if (!json.onText(data, last))
                {
                    lost(this, CLOSE_PROTOCOL_ERROR, "malformed JSON frame: " + json.failure());
                    return null;
                }
            }
            webSocket.request(1);
            return null;
        }

        public CompletionStage<?> onBinary(final WebSocket webSocket, final ByteBuffer data, final boolean last)
        {
            synchronized (lock)
            {
                if (dead)
                {
                    return null;
                }
                lastReceiveNanos = System.nanoTime();
                dispatcher.connection = this;
                final boolean ok;
                if (last && 0 == partialLength)
                {
                    final int length = data.remaining();
                    frame.wrap(data, data.position(), length);
                    ok = binary.onFrame(frame, 0, length);
                }
                else
                {
                    if (null == partial)
                    {
                        partial = new ExpandableArrayBuffer(64 * 1024);
                    }
                    final int length = data.remaining();
                    partial.putBytes(partialLength, data, data.position(), length);
                    partialLength += length;
                    if (last)
                    {
                        final int frameLength = partialLength;
                        partialLength = 0;
                        ok = binary.onFrame(partial, 0, frameLength);
                    }
                    else
                    {
                        ok = true;
                    }
                }
                if (!ok)
                {
                    lost(this, CLOSE_PROTOCOL_ERROR, "malformed binary frame");
                    return null;
                }
            }
            webSocket.request(1);
            return null;
        }

        public CompletionStage<?> onPing(final WebSocket webSocket, final ByteBuffer message)
        {
            synchronized (lock)
            {
                lastReceiveNanos = System.nanoTime();
            }
            webSocket.request(1);
            return null;
        }

        public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
        {
            synchronized (lock)
            {
                lost(this, statusCode, reason);
            }
            return null;
        }

        public void onError(final WebSocket webSocket, final Throwable error)
        {
            synchronized (lock)
            {
                lost(this, CLOSE_ABNORMAL, String.valueOf(error));
            }
        }

        /**
         * Queue a command; WebSocket allows one send in flight, so they go one after another. Caller holds the lock.
         */
        void send(final String command)
        {
            outbox.add(command);
            pump();
        }

        private void pump()
        {
            if (sending || dead || null == webSocket || outbox.isEmpty())
            {
                return;
            }
            sending = true;
            webSocket.sendText(outbox.poll(), true).whenComplete((ws, ex) ->
            {
                synchronized (lock)
                {
                    sending = false;
                    if (null != ex)
                    {
                        lost(this, CLOSE_ABNORMAL, "send failed: " + ex);
                    }
                    else
                    {
                        pump();
                    }
                }
            });
        }

        /**
         * (Re)start the heartbeat watch. Caller holds the lock.
         */
        void startWatch(final long heartbeatMs)
        {
            stopWatch();
            final long timeoutNs = TimeUnit.MILLISECONDS.toNanos(heartbeatMs * HEARTBEAT_TIMEOUT_MULTIPLE);
            final long periodMs = Math.max(5, Math.min(1_000, heartbeatMs / 2));
            try
            {
                watch = timer.scheduleWithFixedDelay(() ->
                {
                    synchronized (lock)
                    {
                        final long silentNs = System.nanoTime() - lastReceiveNanos;
                        if (!dead && silentNs > timeoutNs)
                        {
                            lost(this, CLOSE_ABNORMAL, "heartbeat timeout: nothing received for " +
                                TimeUnit.NANOSECONDS.toMillis(silentNs) + " ms (heartbeatMs " + heartbeatMs + ")");
                        }
                    }
                }, periodMs, periodMs, TimeUnit.MILLISECONDS);
            }
            catch (final RuntimeException ignore)
            {
                // the timer is shut down: the client is closing
            }
        }

        void stopWatch()
        {
            if (null != watch)
            {
                watch.cancel(false);
                watch = null;
            }
        }
    }
}
