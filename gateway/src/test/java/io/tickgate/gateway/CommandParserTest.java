package io.tickgate.gateway;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parser on its own, without a socket or a publisher (the session is only carried along, so none is needed).
 */
class CommandParserTest
{
    private final CommandParser parser = new CommandParser();

    @Test
    void aFullModeSubscribeWithOnSlowConflateAndAnId()
    {
        final Command command = parse(
            "{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"MSFT\",\"AAPL\"],\"mode\":\"full\"," +
            "\"onSlow\":\"conflate\",\"id\":{\"n\":[1, \"x\"]},\"future\":{\"field\":true}}");
        assertEquals(Command.Op.SUBSCRIBE, command.op);
        assertEquals(List.of("AAPL", "MSFT"), command.symbols, "in order, once each");
        assertTrue(command.fullMode);
        assertTrue(command.conflateWhenSlow);
        assertEquals(0, command.maxRate);
        assertEquals("{\"n\":[1,\"x\"]}", command.idJson, "the id as JSON, echoed as sent");
        assertFalse(command.hasError(), "unknown fields are ignored");
    }

    @Test
    void aConflatedSubscribeWithMaxRate()
    {
        final Command command = parse("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"maxRate\":2.5}");
        assertEquals(Command.Op.SUBSCRIBE, command.op);
        assertEquals(List.of(Command.WILDCARD), command.symbols);
        assertFalse(command.fullMode, "conflated is the default");
        assertFalse(command.conflateWhenSlow);
        assertEquals(2.5, command.maxRate);
        assertNull(command.idJson);
    }

    @Test
    void modeAndRateCombinationsThatMakeNoSenseAreRefused()
    {
        assertRefused("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\",\"maxRate\":2}",
            "\"maxRate\" applies to conflated mode only");
        assertRefused("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"maxRate\":0}",
            "\"maxRate\" must be above 0 and at most 1000");
        assertRefused("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"maxRate\":1000.5}",
            "\"maxRate\" must be above 0 and at most 1000");
        assertRefused("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"onSlow\":\"conflate\"}",
            "\"onSlow\" applies to full mode only");
        assertRefused("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"turbo\"}",
            "\"mode\" must be \"full\" or \"conflated\"");
    }

    @Test
    void badJsonAndOtherShapesAreRefusedWithBadRequest()
    {
        final Command notJson = parse("{\"op\":\"subscribe\",");
        assertEquals(Command.Op.REFUSE, notJson.op);
        assertEquals(ErrorCode.BAD_REQUEST, notJson.errorCode);
        assertTrue(notJson.errorMessage.startsWith("not valid JSON: "), notJson.errorMessage);

        assertRefused("[1,2]", "command must be a JSON object");
        assertRefused("{\"symbols\":[\"AAPL\"]}", "missing \"op\"");
        assertRefused("{\"op\":\"subscribe\",\"symbols\":[]}", "\"symbols\" must be a non-empty array");
        assertRefused("{\"op\":\"subscribe\",\"symbols\":\"AAPL\"}", "\"symbols\" must be an array of strings");
        assertRefused("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"id\":\"" + "x".repeat(300) + "\"}",
            "\"id\" over 256 characters");
    }

    @Test
    void anUnknownOpIsRefusedWithTheIdEchoed()
    {
        final Command command = parse("{\"op\":\"dance\",\"id\":42}");
        assertEquals(Command.Op.REFUSE, command.op);
        assertEquals(ErrorCode.BAD_REQUEST, command.errorCode);
        assertEquals("unknown op \"dance\"", command.errorMessage);
        assertEquals("42", command.idJson);
    }

    @Test
    void invalidSymbolsAreRefusedOneByOneWhileTheRestProceeds()
    {
        final Command command = parse(
            "{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"no spaces\",\"BRK.B\",\"" + "L".repeat(17) + "\",\"\"]}");
        assertEquals(Command.Op.SUBSCRIBE, command.op);
        assertEquals(List.of("AAPL", "BRK.B"), command.symbols);
        assertTrue(command.hasError());
        assertEquals(ErrorCode.BAD_REQUEST, command.errorCode);
        assertEquals(List.of("no spaces", "L".repeat(17), ""), command.errorSymbols);

        final Command onlyBad = parse("{\"op\":\"unsubscribe\",\"symbols\":[\"no spaces\"]}");
        assertEquals(Command.Op.UNSUBSCRIBE, onlyBad.op, "answered with the error alone");
        assertEquals(List.of(), onlyBad.symbols);
        assertEquals(List.of("no spaces"), onlyBad.errorSymbols);
    }

    @Test
    void replays()
    {
        final Command fromSeq = parse("{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":1200,\"MSFT\":1},\"id\":9}");
        assertEquals(Command.Op.REPLAY, fromSeq.op);
        assertEquals(Map.of("AAPL", 1200L, "MSFT", 1L), fromSeq.fromSeq);
        assertEquals(List.of("AAPL", "MSFT"), fromSeq.symbols);
        assertEquals(Command.NO_TIME, fromSeq.fromMicros);
        assertEquals(Command.NO_TIME, fromSeq.toMicros);

        final Command range = parse("{\"op\":\"replay\",\"symbols\":[\"*\"],\"from\":\"2026-11-25T14:30:00Z\"," +
            "\"to\":1795617000000001}");
        assertEquals(1_795_617_000_000_000L, range.fromMicros);
        assertEquals(1_795_617_000_000_001L, range.toMicros);

        assertRefused("{\"op\":\"replay\",\"symbols\":[\"AAPL\"],\"from\":5,\"fromSeq\":{\"AAPL\":1}}",
            "give exactly one of \"from\" and \"fromSeq\"");
        assertRefused("{\"op\":\"replay\",\"symbols\":[\"AAPL\"],\"from\":5,\"to\":4}", "\"to\" is before \"from\"");
        assertRefused("{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":0}}",
            "\"fromSeq\" must be an object of symbol to seq (1 or more)");
    }

    @Test
    void aPing()
    {
        final Command ping = parse("{\"op\":\"ping\",\"id\":\"p-1\"}");
        assertEquals(Command.Op.PING, ping.op);
        assertEquals("\"p-1\"", ping.idJson);
    }

    @Test
    void aTokenRefreshCarriesItsTokenAndOneWithoutAStringTokenIsRefused()
    {
        final Command auth = parse("{\"op\":\"auth\",\"token\":\"eyJ.a.b\",\"id\":1}");
        assertEquals(Command.Op.AUTH, auth.op);
        assertEquals("eyJ.a.b", auth.token);
        assertEquals("1", auth.idJson);
        assertNull(auth.grant, "verified later, on the IO thread");
        assertRefused("{\"op\":\"auth\"}", "\"token\" must be a non-empty string");
        assertRefused("{\"op\":\"auth\",\"token\":\"\"}", "\"token\" must be a non-empty string");
        assertRefused("{\"op\":\"auth\",\"token\":{\"a\":[1]}}", "\"token\" must be a string");
    }

    private Command parse(final String json)
    {
        return parser.parse(null, json);
    }

    private void assertRefused(final String json, final String message)
    {
        final Command command = parse(json);
        assertEquals(Command.Op.REFUSE, command.op, json);
        assertEquals(ErrorCode.BAD_REQUEST, command.errorCode, json);
        assertEquals(message, command.errorMessage, json);
    }
}
