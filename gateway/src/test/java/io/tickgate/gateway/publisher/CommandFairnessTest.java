package io.tickgate.gateway.publisher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command queue's share per connection: a flooding client fills its own share (or the shared part) and is told
 * it is busy, while a client with nothing waiting always gets its command in. The publisher does not run between the
 * offers, so the queue is exactly as full as the test says.
 */
@Timeout(30)
class CommandFairnessTest
{
    private static final String PING = "{\"op\":\"ping\"}";

    @TempDir
    Path dir;
    private PublisherHarness h;

    @AfterEach
    void close()
    {
        h.close();
    }

    @Test
    void aConnectionMayHaveItsShareWaitingAndNoMore()
    {
        h = new PublisherHarness(dir, ctx -> ctx.maxQueuedCommandsPerConnection(4));
        final PublisherHarness.Client flood = h.connect();
        final PublisherHarness.Client polite = h.connect();
        h.cycle();
        for (int i = 0; i < 4; i++)
        {
            flood.send(PING);
        }
        assertFalse(flood.offer(PING), "a fifth waiting command is refused");
        polite.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"id\":7}");

        h.cycle();
        assertEquals(4, flood.ofType("pong").size());
        assertEquals(1, polite.ofType("error").size(), "AAPL is unknown, but the command was carried out");
        assertTrue(flood.offer(PING), "once handled, the share is free again");
    }

    @Test
    void pastTheSharedPartOnlyAConnectionWithNothingWaitingGetsIn()
    {
        h = new PublisherHarness(dir, ctx -> ctx.maxQueuedCommandsPerConnection(16).commandQueueCapacity(6));
        final List<PublisherHarness.Client> flooders = List.of(h.connect(), h.connect());
        final PublisherHarness.Client polite = h.connect();
        final PublisherHarness.Client late = h.connect();
        h.cycle();
        for (int i = 0; i < 3; i++)
        {
            flooders.forEach(flood -> flood.send(PING));
        }
        flooders.forEach(flood -> assertFalse(flood.offer(PING), "the shared part is full"));
        polite.send(PING);
        assertFalse(polite.offer(PING), "its second is refused while the shared part is full");
        late.send(PING);

        h.cycle();
        flooders.forEach(flood -> assertEquals(3, flood.ofType("pong").size()));
        assertEquals(1, polite.ofType("pong").size());
        assertEquals(1, late.ofType("pong").size());
    }
}
