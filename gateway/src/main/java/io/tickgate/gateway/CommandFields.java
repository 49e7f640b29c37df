package io.tickgate.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.tickgate.codec.EpochMicros;
import io.tickgate.codec.Symbols;

import java.io.IOException;
import java.io.StringWriter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The fields of one client command as read from its JSON, each checked on its own type and range; how they fit
 * together is {@link CommandParser}'s to judge. The last problem found wins. Unknown fields are skipped.
 */
final class CommandFields
{
    /** The most characters of a client's string that an answer repeats, so every answer fits a control message. */
    static final int MAX_ECHO = 32;
    static final JsonFactory FACTORY = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    String op;
    String idJson;
    String mode;
    String onSlow;
    String token;
    long from = Command.NO_TIME;
    long to = Command.NO_TIME;
    Map<String, Long> fromSeq;
    String problem;
    double maxRate;
    boolean hasMaxRate;
    Set<String> symbols;
    final Set<String> badSymbols = new LinkedHashSet<>();

    /**
     * Read the fields of the object the parser is in, up to its end.
     */
    static CommandFields read(final JsonParser parser) throws IOException
    {
        final CommandFields f = new CommandFields();
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
                    if (f.idJson.length() > CommandParser.MAX_ID_LENGTH)
                    {
                        f.idJson = null;
                        f.problem = "\"id\" over " + CommandParser.MAX_ID_LENGTH + " characters";
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

                case "token":
                    if (value == JsonToken.VALUE_STRING)
                    {
                        f.token = parser.getText();
                    }
                    else
                    {
                        f.problem = "\"token\" must be a string";
                        parser.skipChildren();
                    }
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
    private static void readSymbols(final JsonParser parser, final JsonToken value, final CommandFields f)
        throws IOException
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
                    f.badSymbols.add(echo(symbol));
                }
            }
            else
            {
                f.problem = "\"symbols\" must be an array of strings";
                parser.skipChildren();
            }
        }
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

    private static String copyValue(final JsonParser parser) throws IOException
    {
        final StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(out))
        {
            generator.copyCurrentStructure(parser);
        }
        return out.toString();
    }

    /**
     * @return the client's string as an answer may repeat it: whole when short, else its first {@link #MAX_ECHO}
     * characters and {@code ...}.
     */
    static String echo(final String clientText)
    {
        return clientText.length() <= MAX_ECHO ? clientText : clientText.substring(0, MAX_ECHO) + "...";
    }
}
