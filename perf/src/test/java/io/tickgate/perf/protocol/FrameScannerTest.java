package io.tickgate.perf.protocol;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FrameScannerTest
{
    private final FrameScanner scanner = new FrameScanner();
    private final List<String> seen = new ArrayList<>();
    private final FrameScanner.Handler recorder = (s, frame) -> seen.add(
        FrameScanner.typeName(s.type()) + " " +
        (s.symbolStart() < 0 ? "-" : frame.subSequence(s.symbolStart(), s.symbolEnd()).toString()) + " " +
        (s.seq() == FrameScanner.MISSING ? "-" : Long.toString(s.seq())) + " " +
        (s.ts() == FrameScanner.MISSING ? "-" : Long.toString(s.ts())) +
        (s.codeStart() < 0 ? "" : " " + frame.subSequence(s.codeStart(), s.codeEnd())));

    @Test
    void shouldParseBatchedArrayOfSnapshotAndTicks()
    {
        final String frame = "[{\"type\":\"snapshot\",\"symbol\":\"AAPL\",\"seq\":11,\"ts\":1764100000123456," +
            "\"bid\":189.12,\"bidSize\":300,\"ask\":189.14,\"askSize\":200,\"last\":189.13,\"lastSize\":100," +
            "\"volume\":1234567}," +
            "{\"type\":\"tick\",\"symbol\":\"AAPL\",\"seq\":12,\"ts\":1764100000123999,\"bid\":189.12}," +
            "{\"type\":\"tick\",\"symbol\":\"BRK.B:X/Y_Z-1\",\"seq\":7,\"ts\":1764100000124000}]";

        assertEquals(3, scanner.scan(frame, recorder));
        assertEquals(List.of(
            "snapshot AAPL 11 1764100000123456",
            "tick AAPL 12 1764100000123999",
            "tick BRK.B:X/Y_Z-1 7 1764100000124000"), seen);
    }

    @Test
    void shouldHandleNegativePricesAnyFieldOrderAndWhitespace()
    {
        final String frame = " [ { \"bid\" : -0.00000001, \"last\":-12.5, \"ts\" : 5 , \"seq\":3,\n" +
            "\"symbol\":\"CL\", \"type\":\"tick\", \"ask\":-92233720367.99999999 } ] ";

        assertEquals(1, scanner.scan(frame, recorder));
        assertEquals(List.of("tick CL 3 5"), seen);
    }

    @Test
    void shouldSkipNestedValuesStringsWithEscapesAndControlMessages()
    {
        final String frame = "[{\"type\":\"welcome\",\"server\":\"tickgate/0.1\",\"protocol\":1," +
            "\"heartbeatMs\":1000}," +
            "{\"type\":\"subscribed\",\"symbols\":[\"AAPL\",\"MSFT\"],\"id\":3}," +
            "{\"type\":\"error\",\"code\":\"UNKNOWN_SYMBOL\",\"message\":\"no \\\"X\\\", see [docs] {}\"," +
            "\"symbols\":[\"X\"]}," +
            "{\"type\":\"heartbeat\",\"ts\":99},{\"type\":\"pong\",\"id\":{\"a\":[1,{\"b\":\"]\"}]}}," +
            "{\"type\":\"future\",\"flag\":true,\"nothing\":null}]";

        assertEquals(6, scanner.scan(frame, recorder));
        assertEquals(List.of(
            "welcome - - -",
            "subscribed - - -",
            "error - - - UNKNOWN_SYMBOL",
            "heartbeat - - 99",
            "pong - - -",
            "other - - -"), seen);
    }

    @Test
    void shouldReportNonIntegerSeqAsMissing()
    {
        assertEquals(1, scanner.scan("[{\"type\":\"tick\",\"symbol\":\"A\",\"seq\":1.5,\"ts\":\"x\"}]", recorder));
        assertEquals(List.of("tick A - -"), seen);
    }

    @Test
    void shouldAcceptEmptyArray()
    {
        assertEquals(0, scanner.scan("[]", recorder));
        assertEquals(0, scanner.scan(" [ ] ", recorder));
    }

    @Test
    void shouldRejectMalformedFrames()
    {
        assertEquals(FrameScanner.MALFORMED, scanner.scan("{\"type\":\"tick\"}", recorder));
        assertEquals(FrameScanner.MALFORMED, scanner.scan("[{\"type\":\"tick\"", recorder));
        assertEquals(FrameScanner.MALFORMED, scanner.scan("[{\"type\":\"tick\"} {}]", recorder));
        assertEquals(FrameScanner.MALFORMED, scanner.scan("[{\"type\" \"tick\"}]", recorder));
        assertEquals(FrameScanner.MALFORMED, scanner.scan("[{\"symbol\":\"unterminated}]", recorder));
        assertEquals(FrameScanner.MALFORMED, scanner.scan("", recorder));
    }

    @Test
    void shouldWorkOnStringBuilderJoinedFromParts()
    {
        final StringBuilder sb =
            new StringBuilder("[{\"type\":\"tick\",\"sym").append("bol\":\"MSFT\",\"seq\":2,\"ts\":3}]");
        assertEquals(1, scanner.scan(sb, recorder));
        assertEquals(List.of("tick MSFT 2 3"), seen);
    }
}
