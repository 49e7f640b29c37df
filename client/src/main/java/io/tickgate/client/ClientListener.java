package io.tickgate.client;

import java.util.List;

/**
 * Connection and control events of a {@link TickgateClient}. Every method has an empty default, so implement only
 * what you need.
 * <p>
 * <b>Threading:</b> called on the WebSocket's receiving thread or the client's timer thread, but never concurrently
 * with each other or with {@link QuoteListener#onQuote}: the client delivers all callbacks under one lock. Lists
 * and strings passed in are the callee's to keep. Do not block.
 */
public interface ClientListener
{
    /**
     * The gateway's welcome arrived: the connection is usable and subscriptions are being (re)sent.
     *
     * @param server      the server's name and version, e.g. {@code tickgate/0.1.0}.
     * @param protocol    the protocol version the server speaks.
     * @param heartbeatMs the server's heartbeat interval; silence for three times this means a dead connection.
     */
    default void onConnected(final String server, final int protocol, final long heartbeatMs)
    {
    }

    /**
     * The token in force is accepted until {@code expiresAtSeconds}: said after the welcome of a gateway that checks
     * tokens, and after each refresh the gateway accepted. A refused refresh is an {@link #onError} with
     * {@code UNAUTHORIZED} (the old token stays in force); a token that expires ends the connection.
     *
     * @param expiresAtSeconds the token's {@code exp}, seconds since the epoch.
     */
    default void onAuthenticated(final long expiresAtSeconds)
    {
    }

    /**
     * A subscribe was accepted for these symbols.
     *
     * @param symbols accepted symbols.
     */
    default void onSubscribed(final List<String> symbols)
    {
    }

    /**
     * An unsubscribe was accepted for these symbols.
     *
     * @param symbols symbols no longer delivered.
     */
    default void onUnsubscribed(final List<String> symbols)
    {
    }

    /**
     * The gateway refused a command wholly or in part, or the client's token. {@code NOT_ENTITLED}: the token does not
     * cover these symbols (or replay); they are no longer part of the client's subscriptions. {@code UNAUTHORIZED}:
     * a token refresh was refused, the token expired (the connection then ends), or the handshake was refused with
     * 401 and there is no other token to try, after which the client stops ({@link TickgateClient#failure()}).
     *
     * @param code    the protocol's error code, e.g. {@code UNKNOWN_SYMBOL}.
     * @param message human-readable detail.
     * @param symbols the refused symbols, empty when the error names none.
     */
    default void onError(final String code, final String message, final List<String> symbols)
    {
    }

    /**
     * The connection ended: closed by the server, failed, or declared dead by the heartbeat watch. Unless the
     * client was closed, {@link #onReconnecting} follows.
     *
     * @param code   the WebSocket close code, or 1006 when the connection was lost without one.
     * @param reason the close reason or a description of the failure.
     */
    default void onDisconnected(final int code, final String reason)
    {
    }

    /**
     * The gateway drains (it is being stopped or taken out of service): after {@code reconnectAfterMs} the client
     * leaves it for the next URL of its list ({@link TickgateClient.Context#uris}), and full-mode symbols resume
     * there from the seq after the last one delivered. {@link #onDisconnected} and {@link #onReconnecting} follow.
     *
     * @param reconnectAfterMs when the client moves, as the gateway told it; the gateway spreads it over its clients.
     */
    default void onDraining(final long reconnectAfterMs)
    {
    }

    /**
     * A reconnect is scheduled.
     *
     * @param attempt how many attempts in a row this is, from 1.
     * @param delayMs how long the client waits before it (exponential backoff with full jitter).
     */
    default void onReconnecting(final int attempt, final long delayMs)
    {
    }

    /**
     * A replay reached its end. After a reconnect the client replays full-mode symbols from the seq after the
     * last one seen; {@code live} then means they continue as ordinary full-mode subscriptions.
     *
     * @param live    true when the replay joined the live stream, false for a bounded replay.
     * @param symbols the symbols the replay covered.
     */
    default void onReplayEnd(final boolean live, final List<String> symbols)
    {
    }

    /**
     * The gateway switched this client's full-mode stream to conflation because it fell behind
     * ({@link OnSlow#CONFLATE}); seqs are skipped, and no gap is reported, until {@link #onCaughtUp()}.
     */
    default void onSlow()
    {
    }

    /**
     * The client caught up after {@link #onSlow()}: every tick is delivered again.
     */
    default void onCaughtUp()
    {
    }

    /**
     * A full-mode symbol skipped seqs: {@code expectedSeq} up to {@code gotSeq - 1} were not received. The quote
     * with {@code gotSeq} is delivered right after this call.
     *
     * @param symbol      the symbol.
     * @param expectedSeq the seq that should have come next.
     * @param gotSeq      the seq that came.
     */
    default void onGap(final CharSequence symbol, final long expectedSeq, final long gotSeq)
    {
    }
}
