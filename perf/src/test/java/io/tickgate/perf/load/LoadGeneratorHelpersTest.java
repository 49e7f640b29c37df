package io.tickgate.perf.load;

import io.tickgate.perf.protocol.SymbolIndex;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadGeneratorHelpersTest
{
    @Test
    void shouldFindSymbolsInFrameRangesAndSpreadSubscriptionsEvenly()
    {
        final SymbolIndex index = new SymbolIndex(GatewaySymbols.generated(10));
        assertEquals("LOAD0001", index.name(0));
        final String frame = "xxLOAD0007yyLOAD9";
        assertEquals(6, index.indexOf(frame, 2, 10));
        assertEquals(-1, index.indexOf(frame, 12, 17));

        final int connections = 7;
        final int perConn = 4;
        final int symbols = 10;
        final int[] subscribers = new int[symbols];
        for (int c = 0; c < connections; c++)
        {
            for (final int s : Subscriber.assignment(c, perConn, symbols))
            {
                subscribers[s]++;
            }
        }
        for (final int n : subscribers)
        {
            assertTrue(n == 2 || n == 3, "each symbol gets floor or ceil of C*K/S = 2.8 subscribers: " + n);
        }
    }

    @Test
    void shouldParseSymbolListSkippingInvalidNames()
    {
        assertEquals(java.util.List.of("AAPL", "BRK.B", "A"),
            GatewaySymbols.parseStringArray("[\"AAPL\", \"BRK.B\", \"bad symbol!\", \"A\", \"AAPL\"]"));
    }

    @Test
    void shouldRefuseNonLoopbackHostsAndUnknownOptions()
    {
        assertThrows(ParameterException.class, () -> LoadOptions.parse(new String[]{ "--host", "10.0.0.1" }));
        assertThrows(ParameterException.class, () -> LoadOptions.parse(new String[]{ "--bogus", "1" }));
        assertThrows(ParameterException.class, () -> LoadOptions.parse(new String[]{ "--mode", "fast" }));
        final LoadOptions o = LoadOptions.parse(new String[]{ "--host", "127.0.0.5", "--mode", "conflated",
            "--connections", "3", "--symbol-count", "5", "--symbols-per-conn", "2" });
        assertEquals("conflated", o.mode());
        assertEquals(3, o.connections);
    }
}
