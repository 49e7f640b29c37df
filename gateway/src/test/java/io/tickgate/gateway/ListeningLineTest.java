package io.tickgate.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The printed {@code listening} line and its parser agree, with and without TCP ingest, also amid other output.
 */
class ListeningLineTest
{
    @TempDir
    Path dir;

    @Test
    void shouldPrintTheLineOperatorsAndScriptsRead()
    {
        assertEquals("listening http=8080 ingest=9001", new ListeningLine(8080, 9001).toString());
        assertEquals("listening http=8080 ingest=-1", new ListeningLine(8080, -1).toString());
    }

    @ParameterizedTest
    @ValueSource(ints = { -1, 1, 9001, 65535 })
    void shouldReadBackWhatItPrints(final int ingestPort)
    {
        final ListeningLine line = new ListeningLine(41234, ingestPort);
        assertEquals(Optional.of(line), ListeningLine.find(line.toString()));
        assertEquals(ingestPort >= 0, line.hasIngest());
    }

    @Test
    void shouldFindTheLineAmidOtherOutput()
    {
        final String output = "07:02:47.161 [main] INFO Gateway - journal /tmp/j read in 4 ms: 0 symbols\n" +
            "listening http=41234 ingest=41235\n" +
            "tickgate demo: open http://localhost:41234/\n";
        assertEquals(Optional.of(new ListeningLine(41234, 41235)), ListeningLine.find(output));
        assertEquals(Optional.of(new ListeningLine(1, -1)),
            ListeningLine.find("[XNIO-1] WARN x - late line listening http=1 ingest=-1"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "shutting down", "TCP ingest listening on 127.0.0.1:9001 (max 64 connections)",
        "listening http=P ingest=Q", "listening http=8080", "notlistening http=1 ingest=2",
        "listening http=1 ingest=2x" })
    void shouldFindNothingElse(final String text)
    {
        assertTrue(ListeningLine.find(text).isEmpty(), text);
    }

    @Test
    @Timeout(60)
    void shouldDescribeARunningGateway()
    {
        try (Gateway gateway = Gateway.launch(new GatewayContext().port(0).journalDir(dir.resolve("j"))))
        {
            final ListeningLine line = ListeningLine.of(gateway);
            assertEquals(gateway.port(), line.httpPort());
            assertFalse(line.hasIngest(), "no ingest port asked for");
            assertEquals(Optional.of(line), ListeningLine.find(line.toString()));
        }
    }
}
