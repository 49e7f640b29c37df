package io.tickgate.client;

import io.tickgate.protocol.SymbolRule;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/*
 * Over 400 lines because Context, the settings (some 290 lines of documented accessors), stays nested here under its
 * public name TickgateClient.Context. The facade itself only checks arguments and hands over, under the lock, to
 * Subscriptions, Commands and Connector.
 */

/**
 * A client of a tickgate gateway's {@code /stream} WebSocket, on the JDK's {@code java.net.http} WebSocket.
 * <p>
 * It connects (and reconnects, with exponential backoff and full jitter, whenever the connection closes, fails, or
 * stays silent for three heartbeat intervals, to the next of its {@link Context#uris} when it has several; and when
 * the gateway drains, at the time the gateway says), keeps its subscriptions and re-sends them on every new connection,
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
        /** Default time before a token's expiry at which a new one is asked for. */
        public static final long DEFAULT_TOKEN_REFRESH_AHEAD_MS = 60_000;

        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private List<URI> uris = List.of();
        private Format format = Format.JSON;
        private QuoteListener quoteListener;
        private ClientListener clientListener;
        private long reconnectBaseMs = DEFAULT_RECONNECT_BASE_MS;
        private long reconnectMaxMs = DEFAULT_RECONNECT_MAX_MS;
        private long connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
        private long defaultHeartbeatMs = DEFAULT_HEARTBEAT_MS;
        private OnSlow onSlow;
        private HttpClient httpClient;
        private String token;
        private Supplier<String> tokenSupplier;
        private long tokenRefreshAheadMs = DEFAULT_TOKEN_REFRESH_AHEAD_MS;

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
            if (null != token && null != tokenSupplier)
            {
                throw new IllegalArgumentException("set token or tokenSupplier, not both");
            }
            if (null != token && !Authenticator.isWellFormed(token))
            {
                throw new IllegalArgumentException("token is not a compact JSON Web Token (base64url parts and dots)");
            }
            if (tokenRefreshAheadMs <= 0)
            {
                throw new IllegalArgumentException("tokenRefreshAheadMs must be positive: " + tokenRefreshAheadMs);
            }
            if (uris.isEmpty())
            {
                uris = List.of(URI.create("ws://" + host + ":" + port + "/stream" +
                    (Format.BINARY == format ? "?format=binary" : "")));
            }
            for (final URI uri : uris)
            {
                if ((!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) || null == uri.getHost())
                {
                    throw new IllegalArgumentException("uris: not a ws:// or wss:// URL with a host: " + uri);
                }
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
         * @param uri the full stream URI, overriding host, port and format's query (e.g. for {@code wss://}); the same
         *            as {@link #uris} with one.
         * @return this.
         */
        public Context uri(final URI uri)
        {
            return uris(List.of(uri));
        }

        /**
         * @return the first stream URI; derived from host, port and format by {@link #conclude()} unless set.
         */
        public URI uri()
        {
            return uris.isEmpty() ? null : uris.get(0);
        }

        /**
         * @param uris stream URIs of gateways that serve the same journal, overriding host, port and format's query:
         *             the client connects to the first, and each time a connection is lost or its gateway drains,
         *             to the next (round robin); full-mode symbols resume there with no gap and no duplicate.
         * @return this.
         */
        public Context uris(final List<URI> uris)
        {
            if (uris.isEmpty())
            {
                throw new IllegalArgumentException("uris: at least one");
            }
            this.uris = List.copyOf(uris);
            return this;
        }

        /**
         * @return the stream URIs, in the order they are tried.
         */
        public List<URI> uris()
        {
            return uris;
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

        /**
         * @param token an access token presented on every handshake ({@code Authorization: Bearer}); it cannot be
         *              refreshed, so the connection ends when it expires. Default none. See {@link #tokenSupplier}.
         * @return this.
         */
        public Context token(final String token)
        {
            this.token = token;
            return this;
        }

        /**
         * @return the fixed access token, or null.
         */
        public String token()
        {
            return token;
        }

        /**
         * @param tokenSupplier returns the current access token: asked before every handshake and, on an open
         *                      connection, {@link #tokenRefreshAheadMs} before the token in force expires (the new one
         *                      is sent as {@code op:auth}). Called on the thread of {@link #connect} or on the client's
         *                      timer thread, never under the client's lock; it may fetch a token, but the heartbeat
         *                      watch waits meanwhile, so keep it short (return a cached token that is still valid).
         *                      Default none.
         * @return this.
         */
        public Context tokenSupplier(final Supplier<String> tokenSupplier)
        {
            this.tokenSupplier = tokenSupplier;
            return this;
        }

        /**
         * @return the token supplier, or null.
         */
        public Supplier<String> tokenSupplier()
        {
            return tokenSupplier;
        }

        /**
         * @param tokenRefreshAheadMs how long before the token in force expires a new one is asked for; when less
         *                            than twice this is left, at half the time left. Default
         *                            {@value #DEFAULT_TOKEN_REFRESH_AHEAD_MS}.
         * @return this.
         */
        public Context tokenRefreshAheadMs(final long tokenRefreshAheadMs)
        {
            this.tokenRefreshAheadMs = tokenRefreshAheadMs;
            return this;
        }

        /**
         * @return how long before the expiry a token is refreshed, ms.
         */
        public long tokenRefreshAheadMs()
        {
            return tokenRefreshAheadMs;
        }
    }

    private final Object lock = new Object();
    private final Context ctx;
    private final SymbolRegistry registry = new SymbolRegistry();
    private final Commands commands;
    private final Subscriptions subscriptions;
    private final Dispatcher dispatcher;
    private final Connector connector;

    private TickgateClient(final Context ctx)
    {
        this.ctx = ctx;
        this.commands = new Commands(ctx.onSlow());
        this.subscriptions = new Subscriptions(registry, commands);
        final ScheduledExecutorService timer = Connector.newTimer();
        final Authenticator authenticator =
            new Authenticator(ctx, commands, timer, System::currentTimeMillis, lock);
        this.dispatcher = new Dispatcher(
            subscriptions, authenticator, ctx.quoteListener(), ctx.clientListener(), ctx.defaultHeartbeatMs());
        this.connector = new Connector(ctx, lock, timer, registry, dispatcher, authenticator);
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
        client.connector.connect();
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
            subscriptions.add(symbols, mode, maxRate);
            final Connection connection = connector.welcomedConnection();
            if (null != connection)
            {
                connection.send(commands.subscribe(symbols, mode, maxRate));
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
            subscriptions.remove(symbols);
            final Connection connection = connector.welcomedConnection();
            if (null != connection)
            {
                connection.send(commands.unsubscribe(symbols));
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
            return null != connector.welcomedConnection();
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
            return dispatcher.duplicatesDropped();
        }
    }

    /**
     * @return connections welcomed so far, the first included.
     */
    public long connections()
    {
        synchronized (lock)
        {
            return connector.connections();
        }
    }

    /**
     * @return why the client gave up on its own: the gateway refused its token (HTTP 401) and there is no other to
     * try; null while it runs. {@link ClientListener#onError} reported it as {@code UNAUTHORIZED} when it happened.
     */
    public String failure()
    {
        synchronized (lock)
        {
            return connector.failure();
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
        connector.close();
    }

    private static void validate(final Collection<String> symbols)
    {
        if (symbols.isEmpty())
        {
            throw new IllegalArgumentException("no symbols");
        }
        for (final String symbol : symbols)
        {
            if (!ALL_SYMBOLS.equals(symbol) && !SymbolRule.isValid(symbol))
            {
                throw new IllegalArgumentException("not a valid symbol: " + symbol);
            }
        }
    }
}
