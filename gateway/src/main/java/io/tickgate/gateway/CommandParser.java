package io.tickgate.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.tickgate.gateway.publisher.Session;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Parses a client's JSON command with jackson-core's streaming parser. Every way a command can be wrong becomes a
 * {@link ErrorCode#BAD_REQUEST} with a message saying what; invalid symbols are refused one by one while the valid
 * rest of the command goes ahead. Unknown fields are ignored so newer clients work with this server.
 * <b>Note:</b> threadsafe.
 */
public final class CommandParser
{
    static final double MAX_RATE_LIMIT = 1000.0;
    static final int MAX_ID_LENGTH = 256;


    public Command parse(final Session session, final String text)
    {
        try (JsonParser parser = CommandFields.FACTORY.createParser(text))
        {
            if (parser.nextToken() != JsonToken.START_OBJECT)
            {
                return Command.refuse(session, ErrorCode.BAD_REQUEST, "command must be a JSON object", null);
            }
            return parseObject(session, parser);
        }
        catch (final JsonProcessingException ex)
        {
            return Command.refuse(session, ErrorCode.BAD_REQUEST, "not valid JSON: " + ex.getOriginalMessage(), null);
        }
        catch (final IOException ex)
        {
            return Command.refuse(session, ErrorCode.BAD_REQUEST, "unreadable command", null);
        }
    }

    private Command parseObject(final Session session, final JsonParser parser) throws IOException
    {
        final CommandFields f = CommandFields.read(parser);
        if (null != f.problem)
        {
            return Command.refuse(session, ErrorCode.BAD_REQUEST, f.problem, f.idJson);
        }
        if (null == f.op)
        {
            return Command.refuse(session, ErrorCode.BAD_REQUEST, "missing \"op\"", f.idJson);
        }
        switch (f.op)
        {
            case "ping":
                final Command ping = new Command(Command.Op.PING, session);
                ping.idJson = f.idJson;
                return ping;

            case "subscribe":
            case "unsubscribe":
                final Command command =
                    symbolCommand(session, f.op, f.symbols, f.badSymbols, f.mode, f.hasMaxRate, f.maxRate, f.idJson);
                if (null != f.onSlow && command.op == Command.Op.SUBSCRIBE)
                {
                    if (!command.fullMode)
                    {
                        return Command.refuse(session, ErrorCode.BAD_REQUEST, "\"onSlow\" applies to full mode only",
                            f.idJson);
                    }
                    command.conflateWhenSlow = "conflate".equals(f.onSlow);
                }
                return command;

            case "auth":
                if (null == f.token || f.token.isEmpty())
                {
                    return Command.refuse(session, ErrorCode.BAD_REQUEST, "\"token\" must be a non-empty string",
                        f.idJson);
                }
                final Command auth = new Command(Command.Op.AUTH, session);
                auth.token = f.token;
                auth.idJson = f.idJson;
                return auth;

            case "replay":
                return replayCommand(session, f.symbols, f.badSymbols, f.from, f.to, f.fromSeq, f.onSlow, f.idJson);

            default:
                return Command.refuse(session, ErrorCode.BAD_REQUEST,
                    "unknown op \"" + CommandFields.echo(f.op) + "\"", f.idJson);
        }
    }

    private static Command symbolCommand(
        final Session session,
        final String op,
        final Set<String> symbols,
        final Set<String> badSymbols,
        final String mode,
        final boolean hasMaxRate,
        final double maxRate,
        final String idJson)
    {
        final boolean subscribe = "subscribe".equals(op);
        if (null == symbols || (symbols.isEmpty() && badSymbols.isEmpty()))
        {
            return Command.refuse(session, ErrorCode.BAD_REQUEST, "\"symbols\" must be a non-empty array", idJson);
        }
        if (subscribe && null != mode && !"full".equals(mode) && !"conflated".equals(mode))
        {
            return Command.refuse(session, ErrorCode.BAD_REQUEST, "\"mode\" must be \"full\" or \"conflated\"", idJson);
        }
        final boolean fullMode = subscribe && "full".equals(mode);
        if (subscribe && hasMaxRate && (fullMode || !(maxRate > 0) || maxRate > MAX_RATE_LIMIT))
        {
            return Command.refuse(session, ErrorCode.BAD_REQUEST, fullMode ?
                "\"maxRate\" applies to conflated mode only" :
                "\"maxRate\" must be above 0 and at most " + (int)MAX_RATE_LIMIT, idJson);
        }

        final Command command = new Command(subscribe ? Command.Op.SUBSCRIBE : Command.Op.UNSUBSCRIBE, session);
        command.symbols.addAll(symbols);
        command.fullMode = fullMode;
        command.maxRate = hasMaxRate ? maxRate : 0;
        command.idJson = idJson;
        if (!badSymbols.isEmpty())
        {
            command.errorCode = ErrorCode.BAD_REQUEST;
            command.errorMessage = "symbols must be 1-16 characters from A-Z a-z 0-9 . _ : / -";
            command.errorSymbols.addAll(badSymbols);
        }
        return command;
    }

    private static Command replayCommand(
        final Session session,
        final Set<String> symbols,
        final Set<String> badSymbols,
        final long from,
        final long to,
        final Map<String, Long> fromSeq,
        final String onSlow,
        final String idJson)
    {
        final String problem;
        if (!badSymbols.isEmpty())
        {
            final Command refused = Command.refuse(session, ErrorCode.BAD_REQUEST,
                "symbols must be 1-16 characters from A-Z a-z 0-9 . _ : / -", idJson);
            refused.errorSymbols.addAll(badSymbols);
            return refused;
        }
        if ((Command.NO_TIME == from) == (null == fromSeq))
        {
            problem = "give exactly one of \"from\" and \"fromSeq\"";
        }
        else if (null == fromSeq && (null == symbols || symbols.isEmpty()))
        {
            problem = "\"symbols\" must be a non-empty array";
        }
        else if (null != fromSeq && null != symbols && !symbols.equals(fromSeq.keySet()))
        {
            problem = "with \"fromSeq\", leave out \"symbols\" or list the same ones";
        }
        else if (Command.NO_TIME != to && Command.NO_TIME != from && to < from)
        {
            problem = "\"to\" is before \"from\"";
        }
        else
        {
            problem = null;
        }
        if (null != problem)
        {
            return Command.refuse(session, ErrorCode.BAD_REQUEST, problem, idJson);
        }
        final Command command = new Command(Command.Op.REPLAY, session);
        if (null != fromSeq)
        {
            command.fromSeq.putAll(fromSeq);
            command.symbols.addAll(fromSeq.keySet());
        }
        else
        {
            command.symbols.addAll(symbols);
        }
        command.fromMicros = from;
        command.toMicros = to;
        command.fullMode = true;
        command.conflateWhenSlow = "conflate".equals(onSlow);
        command.idJson = idJson;
        return command;
    }
}
