package io.tickgate.gateway;

import io.tickgate.gateway.publisher.Session;
import io.tickgate.gateway.security.Grant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request for the publisher thread: a client command parsed on an IO thread, or a refusal to send back. Written
 * by the IO thread before it is queued, read by the publisher after. Allocated per command, which is the cold path.
 */
public final class Command
{
    public enum Op
    {
        SUBSCRIBE,
        UNSUBSCRIBE,
        PING,
        REPLAY,
        /** A token refresh; its token is verified on the IO thread into {@link #grant}. */
        AUTH,
        REFUSE
    }

    /** The symbol that stands for every symbol, present and future. */
    public static final String WILDCARD = "*";
    public static final long NO_TIME = Long.MIN_VALUE;

    public final Op op;
    public final Session session;
    public final List<String> symbols = new ArrayList<>();
    public boolean fullMode;
    public boolean conflateWhenSlow;
    public double maxRate;
    public long fromMicros = NO_TIME;
    public long toMicros = NO_TIME;
    public final Map<String, Long> fromSeq = new LinkedHashMap<>();
    public String idJson;
    public String token;
    public Grant grant;
    public ErrorCode errorCode;
    public String errorMessage;
    public final List<String> errorSymbols = new ArrayList<>();

    Command(final Op op, final Session session)
    {
        this.op = op;
        this.session = session;
    }

    static Command refuse(final Session session, final ErrorCode code, final String message, final String idJson)
    {
        final Command command = new Command(Op.REFUSE, session);
        command.errorCode = code;
        command.errorMessage = message;
        command.idJson = idJson;
        return command;
    }

    public boolean hasError()
    {
        return null != errorCode;
    }
}
