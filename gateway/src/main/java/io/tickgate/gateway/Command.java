package io.tickgate.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request for the publisher thread: a client command parsed on an IO thread, a refusal to send back, or a session
 * connecting or leaving. Allocated per command, which is the cold path.
 */
final class Command
{
    enum Op
    {
        CONNECT,
        SUBSCRIBE,
        UNSUBSCRIBE,
        PING,
        REPLAY,
        REFUSE,
        DISCONNECT
    }

    static final long NO_TIME = Long.MIN_VALUE;

    final Op op;
    final Session session;
    final List<String> symbols = new ArrayList<>();
    boolean fullMode;
    boolean conflateWhenSlow;
    double maxRate;
    long fromMicros = NO_TIME;
    long toMicros = NO_TIME;
    final Map<String, Long> fromSeq = new LinkedHashMap<>();
    String idJson;
    ErrorCode errorCode;
    String errorMessage;
    final List<String> errorSymbols = new ArrayList<>();

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

    boolean hasError()
    {
        return null != errorCode;
    }
}
