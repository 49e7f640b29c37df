package io.tickgate.client;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The client's access token: the one a handshake presents, and keeping it fresh on an open connection. The gateway
 * says in its {@code welcome} (and in each {@code authenticated}) when the token in force expires; some time before
 * that the token supplier is asked for a new one, which is sent as {@code {"op":"auth"}}. A refused refresh, a
 * supplier that fails or that still has the same token, is tried again later, halving the time left each time; if
 * nothing succeeds the gateway closes the connection when the token expires, and the reconnect asks the supplier.
 * <p>
 * A handshake refused with 401 is remembered: the next connect that would present the same token again gives up
 * instead (see {@link Connector}), so a dead token never turns into a reconnect loop.
 * <b>Note:</b> the supplier is called without the client's lock (it may take a moment to fetch a token); everything
 * else is called under it.
 */
final class Authenticator
{
    /** A refresh or its retry is never scheduled sooner than this, so a failing supplier cannot spin. */
    static final long MIN_RETRY_MS = 1_000;
    /** Longest token accepted from the supplier: far below the gateway's command size limit. */
    static final int MAX_TOKEN_LENGTH = 16 * 1024;
    private static final long NONE = Long.MIN_VALUE;

    private final String fixedToken;
    private final Supplier<String> supplier;
    private final long refreshAheadMs;
    private final ClientListener listener;
    private final Commands commands;
    private final ScheduledExecutorService timer;
    private final LongSupplier clockMs;
    private final Object lock;
    private String presented;
    private String inForce;
    private String refused;
    private String pending;
    private long pendingId = NONE;
    private long expiresAtSeconds;
    private ScheduledFuture<?> refresh;
    /** Counts connections that ended, so a refresh that was under way for an ended one does nothing. */
    private long disconnects;

    Authenticator(
        final TickgateClient.Context ctx,
        final Commands commands,
        final ScheduledExecutorService timer,
        final LongSupplier clockMs,
        final Object lock)
    {
        this.fixedToken = ctx.token();
        this.supplier = ctx.tokenSupplier();
        this.refreshAheadMs = ctx.tokenRefreshAheadMs();
        this.listener = ctx.clientListener();
        this.commands = commands;
        this.timer = timer;
        this.clockMs = clockMs;
        this.lock = lock;
    }

    /**
     * @param expSeconds when the token in force expires, seconds since the epoch.
     * @param nowMs      the client's clock, ms since the epoch.
     * @param aheadMs    how long before the expiry a refresh should happen when there is time for it.
     * @return how long to wait before the next refresh: {@code aheadMs} before the expiry when more than twice that is
     * left, else half of what is left; never less than {@link #MIN_RETRY_MS}.
     */
    static long refreshDelayMs(final long expSeconds, final long nowMs, final long aheadMs)
    {
        final long leftMs = expSeconds * 1000 - nowMs;
        final long delayMs = leftMs > 2 * aheadMs ? leftMs - aheadMs : leftMs / 2;
        return Math.max(MIN_RETRY_MS, delayMs);
    }

    /**
     * @param token what the supplier returned.
     * @return true when it can go in a header and a command as it is: a compact JWS is base64url parts and dots.
     */
    static boolean isWellFormed(final String token)
    {
        if (null == token || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < token.length(); i++)
        {
            final char c = token.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || '-' == c || '_' == c ||
                '.' == c))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The token for the next handshake: the supplier's current one, else the fixed one. Called without the lock.
     *
     * @return the token, or null when the client has none.
     * @throws IllegalStateException when the supplier fails or returns something that is not a token.
     */
    String nextHandshakeToken()
    {
        final String token = null == supplier ? fixedToken : supply();
        synchronized (lock)
        {
            presented = token;
        }
        return token;
    }

    /**
     * @param token the token about to be presented.
     * @return true when the gateway refused exactly this token at the last handshake: presenting it again is futile.
     */
    boolean refusedBefore(final String token)
    {
        return null != refused && refused.equals(token);
    }

    /**
     * A handshake was refused with 401.
     *
     * @param token the token it presented (null for none).
     * @return true when another try may succeed: only a supplier can come up with a different token.
     */
    boolean onHandshakeRefused(final String token)
    {
        refused = token;
        return null != supplier;
    }

    /**
     * The connection was welcomed: the token it presented is in force until {@code expSeconds}.
     *
     * @param connection where a refresh goes: the welcomed connection.
     * @param expSeconds the welcome's {@code exp}; 0 when the gateway checks no expiry (no authentication).
     */
    void onWelcome(final Consumer<String> connection, final long expSeconds)
    {
        refused = null;
        inForce = presented;
        expiresAtSeconds = expSeconds;
        if (expSeconds > 0)
        {
            listener.onAuthenticated(expSeconds);
            schedule(connection);
        }
    }

    /**
     * An {@code authenticated}: if it answers our refresh, the new token is in force.
     *
     * @param connection the connection it came on.
     * @param message    the message.
     */
    void onAuthenticated(final Consumer<String> connection, final ControlMessage message)
    {
        if (NONE == pendingId || message.id != pendingId)
        {
            return;
        }
        pendingId = NONE;
        inForce = pending;
        presented = pending;
        pending = null;
        expiresAtSeconds = message.exp;
        listener.onAuthenticated(message.exp);
        if (message.exp > 0)
        {
            schedule(connection);
        }
    }

    /**
     * An {@code error}: an {@code UNAUTHORIZED} answer to our refresh leaves the old token in force; try again later.
     *
     * @param connection the connection it came on.
     * @param message    the error.
     */
    void onError(final Consumer<String> connection, final ControlMessage message)
    {
        if (NONE != pendingId && message.id == pendingId)
        {
            pendingId = NONE;
            pending = null;
            schedule(connection);
        }
    }

    /**
     * The connection is gone: no refresh for it.
     */
    void onDisconnected()
    {
        pendingId = NONE;
        pending = null;
        disconnects++;
        if (null != refresh)
        {
            refresh.cancel(false);
            refresh = null;
        }
    }

    private void schedule(final Consumer<String> connection)
    {
        if (null == supplier)
        {
            return; // a fixed token cannot be refreshed: the gateway closes the connection when it expires
        }
        if (null != refresh)
        {
            refresh.cancel(false);
        }
        final long delayMs = refreshDelayMs(expiresAtSeconds, clockMs.getAsLong(), refreshAheadMs);
        final long connectionNumber = disconnects;
        try
        {
            refresh = timer.schedule(() -> refresh(connection, connectionNumber), delayMs, TimeUnit.MILLISECONDS);
        }
        catch (final RuntimeException ignore)
        {
            // the timer is shut down: the client is closing
        }
    }

    private void refresh(final Consumer<String> connection, final long connectionNumber)
    {
        String token;
        try
        {
            token = supply();
        }
        catch (final IllegalStateException ex)
        {
            token = null; // tried again below; if it keeps failing, the reconnect after the expiry reports why
        }
        synchronized (lock)
        {
            if (connectionNumber != disconnects)
            {
                return;
            }
            if (null == token || token.equals(inForce))
            {
                schedule(connection); // nothing new yet: ask again when more of the time has passed
                return;
            }
            pending = token;
            connection.accept(commands.auth(token));
            pendingId = commands.lastId();
        }
    }

    private String supply()
    {
        final String token;
        try
        {
            token = supplier.get();
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalStateException("token supplier failed: " + ex, ex);
        }
        if (!isWellFormed(token))
        {
            throw new IllegalStateException("token supplier returned " + (null == token ? "null" : "a malformed " +
                "token (" + token.length() + " characters; a token is base64url parts joined by dots, at most " +
                MAX_TOKEN_LENGTH + ")"));
        }
        return token;
    }
}
