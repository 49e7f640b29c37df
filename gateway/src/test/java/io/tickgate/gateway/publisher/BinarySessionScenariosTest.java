package io.tickgate.gateway.publisher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.tickgate.gateway.publisher.SessionLifecycleScenariosTest.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A binary session through the publisher: control messages stay JSON, quotes are binary records, and each symbol's
 * definition record comes once, before its first quote, however the quote reaches it (snapshot, live tick, replay).
 */
@Timeout(30)
class BinarySessionScenariosTest
{
    @TempDir
    Path dir;
    private PublisherHarness h;

    @BeforeEach
    void open()
    {
        h = new PublisherHarness(dir);
        h.tick("AAPL");
        h.tick("MSFT");
        h.cycle();
    }

    @AfterEach
    void close()
    {
        h.close();
    }

    @Test
    void eachSymbolsDefinitionComesOnceBeforeItsFirstQuoteAndTheQuotesMatchTheJsonStream()
    {
        final PublisherHarness.Client binary = h.connect(true);
        final PublisherHarness.Client json = h.connect(false);
        h.cycle();
        for (final PublisherHarness.Client client : List.of(binary, json))
        {
            client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"mode\":\"full\"}");
        }
        h.cycle();
        for (int i = 0; i < 3; i++)
        {
            h.tick("AAPL");
            h.tick("MSFT");
            h.tick("NEW");
            h.cycle();
        }
        for (final PublisherHarness.Client client : List.of(binary, json))
        {
            client.send("{\"op\":\"unsubscribe\",\"symbols\":[\"AAPL\"]}");
            client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}");
            client.send("{\"op\":\"replay\",\"fromSeq\":{\"MSFT\":1}}");
        }
        h.tick("AAPL");
        h.cycle();
        h.cycle();

        final List<Map<String, Object>> messages = binary.messages();
        assertEquals(List.of("welcome", "subscribed"), types(messages.subList(0, 2)), "control messages are JSON");
        final List<Map<String, Object>> definitions = binary.ofType("symbol");
        assertEquals(List.of("AAPL", "MSFT", "NEW"),
            definitions.stream().map(m -> m.get("symbol")).sorted().toList(), "one definition per symbol");
        for (final Map<String, Object> definition : definitions)
        {
            final String symbol = (String)definition.get("symbol");
            assertEquals(h.writer.symbols().lookup(symbol), definition.get("symbolId"));
            final int first = firstQuote(messages, symbol);
            assertTrue(messages.indexOf(definition) < first, symbol + "'s definition precedes its first quote");
        }

        final List<Map<String, Object>> binaryQuotes = binary.ofType("snapshot", "tick");
        assertTrue(binaryQuotes.stream().allMatch(m -> m.containsKey("symbolId")), "quotes are binary records");
        assertEquals(bySymbol(json.ofType("snapshot", "tick")), bySymbol(binaryQuotes), "the same stream");
        assertEquals(List.of(1L, 2L, 3L, 4L, 1L, 2L, 3L, 4L), binary.seqs("MSFT"), "live, then the replay");
        assertEquals(List.of("snapshot 1", "tick 2", "tick 3", "tick 4", "snapshot 5"),
            binary.ofType("snapshot", "tick").stream().filter(m -> "AAPL".equals(m.get("symbol")))
                .map(m -> m.get("type") + " " + m.get("seq")).toList(),
            "a fresh snapshot after subscribing again, with the tick of its cycle folded in");
    }

    private static int firstQuote(final List<Map<String, Object>> messages, final String symbol)
    {
        for (int i = 0; i < messages.size(); i++)
        {
            final Object type = messages.get(i).get("type");
            if (("tick".equals(type) || "snapshot".equals(type)) && symbol.equals(messages.get(i).get("symbol")))
            {
                return i;
            }
        }
        throw new AssertionError("no quote of " + symbol);
    }

    private static Map<Object, List<String>> bySymbol(final List<Map<String, Object>> quotes)
    {
        return quotes.stream().collect(Collectors.groupingBy(m -> m.get("symbol"),
            Collectors.mapping(m -> m.get("type") + " " + m.get("seq") + " " + m.get("ts"), Collectors.toList())));
    }
}
