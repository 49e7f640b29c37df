package io.tickgate.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.tickgate.codec.EpochMicros;
import io.tickgate.codec.Symbols;
import io.tickgate.gateway.publisher.Session;

import java.io.IOException;
import java.io.StringWriter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Parses a client's JSON command with jackson-core's streaming parser. Every way a command can be wrong becomes a
 * {@link ErrorCode#BAD_REQUEST} with a message saying what; invalid symbols are refused one by one while the valid
 * rest of the command goes ahead. Unknown fields are ignored so newer clients work with this server.
 * <b>Note:</b> threadsafe; {@link JsonFactory} is.
 */
public final class CommandParser
{
    static final double MAX_RATE_LIMIT = 1000.0;
    static final int MAX_ID_LENGTH = 256;

    private final JsonFactory factory = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    public Command parse(final Session session, final String text)
    {
        try (JsonParser parser = factory.createParser(text))
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
        final Fields f = readFields(parser);
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

            case "replay":
                return replayCommand(session, f.symbols, f.badSymbols, f.from, f.to, f.fromSeq, f.onSlow, f.idJson);

            default:
                return Command.refuse(session, ErrorCode.BAD_REQUEST, "unknown op \"" + f.op + "\"", f.idJson);
        }
    }

    /**
     * The fields of one command as read, before they are checked against each other; the last problem found wins.
     */
    private static final class Fields
    {
        String op;
        String idJson;
        String mode;
        String onSlow;
        long from = Command.NO_TIME;
        long to = Command.NO_TIME;
        Map<String, Long> fromSeq;
        String problem;
        double maxRate;
        boolean hasMaxRate;
        Set<String> symbols;
        final Set<String> badSymbols = new LinkedHashSet<>();
    }

    private Fields readFields(final JsonParser parser) throws IOException
    {
        final Fields f = new Fields();
        while (parser.nextToken() == JsonToken.FIELD_NAME)
        {
            final String field = parser.currentName();
            final JsonToken value = parser.nextToken();
            switch (field)
            {
                case "op":
                    if (value == JsonToken.VALUE_STRING)
                    {
                        f.op = parser.getText();
                    }
                    else
                    {
                        f.problem = "\"op\" must be a string";
                    }
                    break;

                case "id":
                    f.idJson = copyValue(parser);
                    if (f.idJson.length() > MAX_ID_LENGTH)
                    {
                        f.idJson = null;
                        f.problem = "\"id\" over " + MAX_ID_LENGTH + " characters";
                    }
                    break;

                case "mode":
                    if (value == JsonToken.VALUE_STRING)
                    {
                        f.mode = parser.getText();
                    }
                    else
                    {
                        f.problem = "\"mode\" must be \"full\" or \"conflated\"";
                    }
                    break;

                case "onSlow":
                    if (value == JsonToken.VALUE_STRING &&
                        ("disconnect".equals(parser.getText()) || "conflate".equals(parser.getText())))
                    {
                        f.onSlow = parser.getText();
                    }
                    else
                    {
                        f.problem = "\"onSlow\" must be \"disconnect\" or \"conflate\"";
                    }
                    break;

                case "from":
                case "to":
                    final long micros = parseTime(parser, value);
                    if (Command.NO_TIME == micros)
                    {
                        f.problem = "\"" + field + "\" must be an ISO-8601 instant such as 2026-11-25T14:30:00Z " +
                            "or epoch microseconds";
                        parser.skipChildren();
                    }
                    else if ("from".equals(field))
                    {
                        f.from = micros;
                    }
                    else
                    {
                        f.to = micros;
                    }
                    break;

                case "fromSeq":
                    f.fromSeq = parseFromSeq(parser, value);
                    if (null == f.fromSeq)
                    {
                        f.problem = "\"fromSeq\" must be an object of symbol to seq (1 or more)";
                    }
                    break;

                case "maxRate":
                    if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT)
                    {
                        f.maxRate = parser.getDoubleValue();
                        f.hasMaxRate = true;
                    }
                    else
                    {
                        f.problem = "\"maxRate\" must be a number";
                    }
                    break;

                case "symbols":
                    readSymbols(parser, value, f);
                    break;

                default:
                    parser.skipChildren();
                    break;
            }
        }
        return f;
    }

    /**
     * Valid symbols (and {@code *}) go to {@code f.symbols}, invalid ones to {@code f.badSymbols}, to be refused one
     * by one while the rest of the command goes ahead.
     */
    private static void readSymbols(final JsonParser parser, final JsonToken value, final Fields f) throws IOException
    {
        if (value != JsonToken.START_ARRAY)
        {
            f.problem = "\"symbols\" must be an array of strings";
            parser.skipChildren();
            return;
        }
        f.symbols = new LinkedHashSet<>();
        JsonToken element;
        while ((element = parser.nextToken()) != JsonToken.END_ARRAY)
        {
            if (element == JsonToken.VALUE_STRING)
            {
                final String symbol = parser.getText();
                if (Command.WILDCARD.equals(symbol) || Symbols.isValid(symbol))
                {
                    f.symbols.add(symbol);
                }
                else
                {
                    f.badSymbols.add(symbol);
                }
            }
            else
            {
                f.problem = "\"symbols\" must be an array of strings";
                parser.skipChildren();
            }
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

    private static long parseTime(final JsonParser parser, final JsonToken value) throws IOException
    {
        if (value == JsonToken.VALUE_NUMBER_INT)
        {
            return parser.getLongValue();
        }
        if (value == JsonToken.VALUE_STRING)
        {
            try
            {
                return EpochMicros.parseIso(parser.getText());
            }
            catch (final DateTimeParseException | ArithmeticException ex)
            {
                return Command.NO_TIME;
            }
        }
        return Command.NO_TIME;
    }

    private static Map<String, Long> parseFromSeq(final JsonParser parser, final JsonToken value) throws IOException
    {
        if (value != JsonToken.START_OBJECT)
        {
            parser.skipChildren();
            return null;
        }
        final Map<String, Long> fromSeq = new LinkedHashMap<>();
        boolean valid = true;
        while (parser.nextToken() == JsonToken.FIELD_NAME)
        {
            final String symbol = parser.currentName();
            final JsonToken seq = parser.nextToken();
            if (seq == JsonToken.VALUE_NUMBER_INT && parser.getLongValue() >= 1 && Symbols.isValid(symbol))
            {
                fromSeq.put(symbol, parser.getLongValue());
            }
            else
            {
                valid = false;
                parser.skipChildren();
            }
        }
        return valid && !fromSeq.isEmpty() ? fromSeq : null;
    }

    private String copyValue(final JsonParser parser) throws IOException
    {
        final StringWriter out = new StringWriter();
        try (JsonGenerator generator = factory.createGenerator(out))
        {
            generator.copyCurrentStructure(parser);
        }
        return out.toString();
    }
}
