package io.tickgate.gateway.publisher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Subscriber lists remove in O(1) by each subscription's recorded index, the last subscriber moving into the hole:
 * after hundreds of random subscribes, unsubscribes and disconnects, every symbol still reaches exactly the clients
 * subscribed to it, once each.
 */
@Timeout(60)
class SubscriberListTest
{
    private static final String[] SYMBOLS = { "AAPL", "MSFT", "IBM", "GOOG", "AMZN", "TSLA" };
    private static final int CLIENTS = 12;

    @TempDir
    Path dir;
    private PublisherHarness h;

    @AfterEach
    void close()
    {
        h.close();
    }

    @Test
    void randomSubscribesUnsubscribesAndDisconnectsLeaveEverySymbolWithExactlyItsSubscribers()
    {
        h = new PublisherHarness(dir);
        for (final String symbol : SYMBOLS)
        {
            h.tick(symbol);
        }
        h.cycle();
        final Random random = new Random(42);
        final List<PublisherHarness.Client> clients = new ArrayList<>();
        final List<Set<String>> model = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++)
        {
            clients.add(h.connect());
            model.add(new HashSet<>());
        }
        h.cycle();

        for (int op = 0; op < 600; op++)
        {
            final int c = random.nextInt(CLIENTS);
            final String symbol = SYMBOLS[random.nextInt(SYMBOLS.length)];
            final int what = random.nextInt(20);
            if (0 == what)
            {
                // a client leaves and another takes its place
                clients.get(c).disconnect();
                clients.set(c, h.connect());
                model.get(c).clear();
            }
            else if (what < 11)
            {
                clients.get(c).send("{\"op\":\"subscribe\",\"symbols\":[\"" + symbol + "\"],\"mode\":\"full\"}");
                model.get(c).add(symbol);
            }
            else
            {
                clients.get(c).send("{\"op\":\"unsubscribe\",\"symbols\":[\"" + symbol + "\"]}");
                model.get(c).remove(symbol);
            }
            h.cycle();
        }
        h.run(5);
        final List<Integer> before = new ArrayList<>();
        for (final PublisherHarness.Client client : clients)
        {
            before.add(client.ofType("tick").size());
        }
        for (final String symbol : SYMBOLS)
        {
            h.tick(symbol);
        }
        h.run(5);

        for (int c = 0; c < CLIENTS; c++)
        {
            final List<Map<String, Object>> ticks = clients.get(c).ofType("tick");
            final Set<Object> got = new TreeSet<>();
            ticks.subList(before.get(c), ticks.size()).forEach(m -> got.add(m.get("symbol")));
            assertEquals(new TreeSet<>(model.get(c)), got, "client " + c);
            assertEquals(model.get(c).size(), ticks.size() - before.get(c), "client " + c + ": each tick once");
        }
        assertEquals(model.stream().mapToInt(Set::size).sum(), h.metrics.subscriptions.get());
    }
}
