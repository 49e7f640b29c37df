package io.tickgate.client;

import java.util.ArrayList;
import java.util.List;

/**
 * A non-quote message from the gateway (welcome, subscribed, error, heartbeat, replayEnd, slow, draining, ...),
 * parsed into plain fields. Control messages are rare, so the strings here are allocated. <b>Note:</b> reused; not
 * threadsafe.
 */
final class ControlMessage
{
    static final long NO_ID = Long.MIN_VALUE;

    String type;
    String code;
    String message;
    String server;
    String reason;
    String mode;
    final List<String> symbols = new ArrayList<>();
    boolean live;
    long heartbeatMs;
    int protocol;
    long id;
    long ts;
    /** {@code exp} of a welcome or {@code authenticated}: when the token in force expires; 0 when it never does. */
    long exp;
    /** {@code reconnectAfterMs} of a {@code draining}: when to move to the next gateway. */
    long reconnectAfterMs;

    void reset()
    {
        type = null;
        code = null;
        message = null;
        server = null;
        reason = null;
        mode = null;
        symbols.clear();
        live = false;
        heartbeatMs = 0;
        protocol = 0;
        id = NO_ID;
        ts = 0;
        exp = 0;
        reconnectAfterMs = 0;
    }

    @Override
    public String toString()
    {
        return "ControlMessage{type=" + type + ", code=" + code + ", message=" + message + ", symbols=" + symbols +
            ", live=" + live + ", heartbeatMs=" + heartbeatMs + ", id=" + id + ", exp=" + exp + '}';
    }
}
