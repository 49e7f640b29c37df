package io.tickgate.client;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The commands' JSON, as the gateway reads it: fields, the onSlow policy only where it applies, and fresh ids.
 */
class CommandsTest
{
    @Test
    void shouldEncodeSubscribesWithTheRateOnlyWhenConflatedAndLimited()
    {
        final Commands commands = new Commands(null);

        assertEquals("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"BRK.B\"],\"mode\":\"conflated\",\"maxRate\":10," +
            "\"id\":1}", commands.subscribe(List.of("AAPL", "BRK.B"), Mode.CONFLATED, 10));
        assertEquals("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"mode\":\"conflated\",\"id\":2}",
            commands.subscribe(List.of("*"), Mode.CONFLATED, 0));
        assertEquals("{\"op\":\"subscribe\",\"symbols\":[\"MSFT\"],\"mode\":\"full\",\"id\":3}",
            commands.subscribe(List.of("MSFT"), Mode.FULL, 0));
        assertEquals(3, commands.lastId());
    }

    @Test
    void shouldSendOnSlowOnFullSubscribesAndReplaysOnly()
    {
        final Commands commands = new Commands(OnSlow.CONFLATE);
        final Map<String, Long> fromSeq = new LinkedHashMap<>();
        fromSeq.put("AAPL", 52L);
        fromSeq.put("MSFT", 7L);

        assertEquals("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\",\"onSlow\":\"conflate\",\"id\":1}",
            commands.subscribe(List.of("AAPL"), Mode.FULL, 0));
        assertEquals("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"conflated\",\"maxRate\":5,\"id\":2}",
            commands.subscribe(List.of("AAPL"), Mode.CONFLATED, 5));
        assertEquals("{\"op\":\"replay\",\"fromSeq\":{\"AAPL\":52,\"MSFT\":7},\"onSlow\":\"conflate\",\"id\":3}",
            commands.replay(fromSeq));
        assertEquals(3, commands.lastId());
        assertEquals("{\"op\":\"unsubscribe\",\"symbols\":[\"AAPL\",\"MSFT\"],\"id\":4}",
            commands.unsubscribe(List.of("AAPL", "MSFT")));
        assertEquals("{\"op\":\"auth\",\"token\":\"eyJh.eyJl.c2ln\",\"id\":5}", commands.auth("eyJh.eyJl.c2ln"));
        assertEquals(5, commands.lastId());
    }
}
