package io.tickgate.gateway.publisher;

import io.tickgate.gateway.ErrorCode;
import io.tickgate.gateway.security.Grant;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;

/**
 * Encodes protocol v1's control messages (subscribed, unsubscribed, error, pong, heartbeat, welcome, draining) as
 * payloads: an 8-byte zero ingest time, then the JSON object. A client's {@code id} is echoed as the JSON it sent.
 * <b>Note:</b> not threadsafe; one instance per thread.
 */
final class ControlMessages
{
    /** Symbols listed per subscribed/unsubscribed/error message, so each fits any ring and frame. */
    static final int SYMBOLS_PER_MESSAGE = 256;
    static final int MAX_LENGTH = 16 * 1024;
    /** The most characters of a token's {@code sub} that the welcome repeats, so it always fits. */
    static final int MAX_SUBJECT = 256;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MAX_LENGTH + LastValueCache.PAYLOAD_HEADER]);
    private final JsonOut out = new JsonOut();

    MutableDirectBuffer buffer()
    {
        return buffer;
    }

    int symbols(final String type, final List<String> symbols, final String idJson)
    {
        begin(type).stringArray("symbols", symbols);
        return end(idJson);
    }

    int error(final ErrorCode code, final String message, final List<String> symbols, final String idJson)
    {
        begin("error").field("code", code.name()).field("message", message);
        if (null != symbols && !symbols.isEmpty())
        {
            out.stringArray("symbols", symbols);
        }
        return end(idJson);
    }

    int pong(final String idJson)
    {
        begin("pong");
        return end(idJson);
    }

    /**
     * The end of a replay: {@code live} says whether the symbols now continue as live full-mode subscriptions.
     */
    int replayEnd(final boolean live, final List<String> symbols, final String idJson)
    {
        begin("replayEnd").fieldRaw("live", live ? "true" : "false").stringArray("symbols", symbols);
        return end(idJson);
    }

    /**
     * A change of delivery mode for a full-mode client with {@code "onSlow":"conflate"}: {@code slow} or
     * {@code caughtUp}.
     */
    int modeChange(final String type, final String mode)
    {
        begin(type).field("mode", mode);
        return end(null);
    }

    int heartbeat(final long epochMicros)
    {
        begin("heartbeat").field("ts", epochMicros);
        return end(null);
    }

    /**
     * The first message on every connection; with a token, what it says of the connection: its {@code sub}, when it
     * expires and how late the connection sees the market.
     */
    int welcome(final String version, final long heartbeatMs, final Grant grant)
    {
        begin("welcome").field("server", "tickgate/" + version).field("protocol", 1).field("heartbeatMs", heartbeatMs);
        if (null != grant.subject())
        {
            final String sub = grant.subject();
            out.field("sub", sub.length() <= MAX_SUBJECT ? sub : sub.substring(0, MAX_SUBJECT));
        }
        if (grant.expires())
        {
            out.field("exp", grant.expiresAtSeconds());
        }
        if (grant.delaySeconds() > 0)
        {
            out.field("delay", grant.delaySeconds());
        }
        return end(null);
    }

    /**
     * The gateway is draining: the client should move (to another gateway, or this one once it is back) after
     * {@code reconnectAfterMs}.
     */
    int draining(final long reconnectAfterMs)
    {
        begin("draining").field("reconnectAfterMs", reconnectAfterMs);
        return end(null);
    }

    /**
     * The answer to a token refresh.
     */
    int authenticated(final long expiresAtSeconds, final String idJson)
    {
        begin("authenticated").field("exp", expiresAtSeconds);
        return end(idJson);
    }

    private JsonOut begin(final String type)
    {
        buffer.putLong(0, 0L);
        return out.wrap(buffer, LastValueCache.PAYLOAD_HEADER, buffer.capacity()).beginObject(type);
    }

    private int end(final String idJson)
    {
        if (null != idJson)
        {
            out.fieldRaw("id", idJson);
        }
        out.endObject();
        if (!out.fits())
        {
            throw new IllegalStateException("control message over " + MAX_LENGTH + " bytes");
        }
        return out.position();
    }
}
