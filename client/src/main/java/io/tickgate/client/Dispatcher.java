package io.tickgate.client;

import java.util.ArrayList;

/**
 * Where the frame decoders hand what they decode. Quotes pass the seq rules before the application sees them (a
 * duplicate is dropped, a jump in full mode is reported as a gap, the first quote after a refused replay is delivered
 * whatever its seq); control messages become {@link ClientListener} calls, and the welcome starts the resubscribe.
 * <b>Note:</b> called under the client's lock, by the connection whose frame is being decoded.
 */
final class Dispatcher implements FrameSink
{
    private final Subscriptions subscriptions;
    private final Authenticator authenticator;
    private final QuoteListener quoteListener;
    private final ClientListener listener;
    private final long defaultHeartbeatMs;
    private Connection connection;
    private boolean slow;
    private long duplicatesDropped;

    Dispatcher(
        final Subscriptions subscriptions,
        final Authenticator authenticator,
        final QuoteListener quoteListener,
        final ClientListener listener,
        final long defaultHeartbeatMs)
    {
        this.subscriptions = subscriptions;
        this.authenticator = authenticator;
        this.quoteListener = quoteListener;
        this.listener = listener;
        this.defaultHeartbeatMs = defaultHeartbeatMs;
    }

    /**
     * @param connection the connection whose frame is decoded next: the one a welcome or a fallback belongs to.
     */
    void decoding(final Connection connection)
    {
        this.connection = connection;
    }

    /**
     * The connection is gone: a slow period and a replay in flight end with it.
     */
    void onDisconnected()
    {
        slow = false;
        subscriptions.forgetReplay();
        authenticator.onDisconnected();
    }

    /**
     * @return quotes dropped because their seq was at or below the last one delivered.
     */
    long duplicatesDropped()
    {
        return duplicatesDropped;
    }

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
        // while slow the gateway conflates full-mode symbols, so jumps are announced, not gaps
        if (lastSeq > 0 && seq != lastSeq + 1 && !slow && subscriptions.isFull(state))
        {
            listener.onGap(state.name, lastSeq + 1, seq);
        }
        state.lastSeq = seq;
        quoteListener.onQuote(quote);
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
                subscriptions.onError(message, connection::send);
                authenticator.onError(connection::send, message);
                listener.onError(null == message.code ? "" : message.code,
                    null == message.message ? "" : message.message, new ArrayList<>(message.symbols));
                break;
            case "replayEnd":
                subscriptions.onReplayEnd(message.id);
                listener.onReplayEnd(message.live, new ArrayList<>(message.symbols));
                break;
            case "authenticated":
                authenticator.onAuthenticated(connection::send, message);
                break;
            case "slow":
                slow = true;
                listener.onSlow();
                break;
            case "caughtUp":
                slow = false;
                listener.onCaughtUp();
                break;
            case "draining":
                listener.onDraining(message.reconnectAfterMs);
                connection.draining(message.reconnectAfterMs);
                break;
            default:
                break; // heartbeat, pong, and types of later versions
        }
    }

    private void onWelcome(final ControlMessage message)
    {
        final Connection connection = this.connection;
        final long heartbeatMs = message.heartbeatMs > 0 ? message.heartbeatMs : defaultHeartbeatMs;
        connection.welcomed(heartbeatMs);
        listener.onConnected(null == message.server ? "" : message.server, message.protocol, heartbeatMs);
        authenticator.onWelcome(connection::send, message.exp);
        if (!connection.isDead()) // the listeners may have closed the client
        {
            subscriptions.resubscribe(connection::send);
        }
    }
}
