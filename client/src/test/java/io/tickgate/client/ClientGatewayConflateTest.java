package io.tickgate.client;

import io.tickgate.gateway.GatewayFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import static io.tickgate.client.SeqChecker.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code onSlow(CONFLATE)} end to end: a full-mode client whose listener dawdles while a burst is journaled gets
 * {@code slow}, skipped seqs (announced, so not reported as gaps), then {@code caughtUp} and every seq again; it is
 * never disconnected.
 */
@Timeout(90)
class ClientGatewayConflateTest
{
    private static final List<String> SYMBOLS = List.of("A", "B", "C", "D", "E");
    private static final long DAWDLE_NS = TimeUnit.SECONDS.toNanos(2);

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception
    {
        for (int i = resources.size() - 1; i >= 0; i--)
        {
            resources.get(i).close();
        }
    }

    /**
     * Everything the callbacks saw, in callback order (they are made one at a time, on one thread at a time).
     */
    private static final class Timeline implements QuoteListener, ClientListener
    {
        final List<String> entries = new ArrayList<>();
        volatile long dawdleUntilNs;
        volatile int slows;
        volatile int caughtUps;
        volatile boolean slowNow;

        public void onQuote(final Quote quote)
        {
            if (System.nanoTime() < dawdleUntilNs)
            {
                LockSupport.parkNanos(1_000_000); // deliberately slow, for a bounded time
            }
            synchronized (entries)
            {
                entries.add(quote.symbol() + " " + quote.seq());
            }
        }

        public void onSlow()
        {
            add("slow");
            slowNow = true;
            slows++;
        }

        public void onCaughtUp()
        {
            add("caughtUp");
            slowNow = false;
            caughtUps++;
        }

        public void onDisconnected(final int code, final String reason)
        {
            add("disconnected " + code + " " + reason);
        }

        public void onGap(final CharSequence symbol, final long expectedSeq, final long gotSeq)
        {
            add("gap " + symbol + " " + expectedSeq + " " + gotSeq);
        }

        public void onError(final String code, final String message, final List<String> symbols)
        {
            add("error " + code + " " + message);
        }

        void add(final String entry)
        {
            synchronized (entries)
            {
                entries.add(entry);
            }
        }

        List<String> copy()
        {
            synchronized (entries)
            {
                return new ArrayList<>(entries);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void shouldConflateWhileSlowThenResumeEverySeqWithoutDisconnecting(final Format format)
    {
        final GatewayFixture harness = new GatewayFixture(dir, ctx -> ctx
            .sessionBufferBytes(32 * 1024).maxFrameBytes(8 * 1024).socketSendBufferBytes(8 * 1024));
        resources.add(harness);
        final AtomicLongArray journaled = new AtomicLongArray(SYMBOLS.size());
        for (int i = 0; i < SYMBOLS.size(); i++)
        {
            journaled.set(i, harness.tick(SYMBOLS.get(i), "10"));
        }
        final Timeline timeline = new Timeline();
        final TickgateClient client = TickgateClient.connect(new TickgateClient.Context()
            .port(harness.port())
            .format(format)
            .onSlow(OnSlow.CONFLATE)
            .quoteListener(timeline)
            .clientListener(timeline));
        resources.add(client);
        client.subscribe(SYMBOLS, Mode.FULL);
        for (final String symbol : SYMBOLS)
        {
            await(() -> client.lastSeq(symbol) == 1, symbol + " snapshot", null);
        }

        // the burst: the listener dawdles for its first 2 s, then keeps up; feed until it has caught up once
        timeline.dawdleUntilNs = System.nanoTime() + DAWDLE_NS;
        final AtomicBoolean feeding = new AtomicBoolean(true);
        final Thread feeder = new Thread(() ->
        {
            harness.writer.claimForCurrentThread();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            long caughtUpAt = 0;
            for (int i = 0; feeding.get() && System.nanoTime() < deadline; i++)
            {
                final int symbol = i % SYMBOLS.size();
                journaled.set(symbol, harness.tick(SYMBOLS.get(symbol), "10." + i % 1000));
                if (0 == i % 20)
                {
                    LockSupport.parkNanos(50_000);
                }
                if (0 == caughtUpAt && timeline.caughtUps > 0)
                {
                    caughtUpAt = System.nanoTime();
                }
                if (0 != caughtUpAt && System.nanoTime() - caughtUpAt > 500_000_000L)
                {
                    break;
                }
            }
        }, "feeder");
        feeder.start();
        try
        {
            feeder.join();
        }
        catch (final InterruptedException ex)
        {
            throw new AssertionError(ex);
        }
        finally
        {
            feeding.set(false);
            harness.writer.claimForCurrentThread();
        }
        for (int i = 0; i < SYMBOLS.size(); i++)
        {
            final String symbol = SYMBOLS.get(i);
            final long last = journaled.get(i);
            await(() -> client.lastSeq(symbol) == last && !timeline.slowNow, symbol + " at " + last, null);
        }
        // and in full mode again: every seq
        for (int i = 0; i < 100; i++)
        {
            final int symbol = i % SYMBOLS.size();
            journaled.set(symbol, harness.tick(SYMBOLS.get(symbol), "11"));
        }
        for (int i = 0; i < SYMBOLS.size(); i++)
        {
            final String symbol = SYMBOLS.get(i);
            final long last = journaled.get(i);
            await(() -> client.lastSeq(symbol) == last, symbol + " at " + last, null);
        }

        final List<String> entries = timeline.copy();
        assertTrue(timeline.slows > 0, "onSlow was called");
        assertEquals(timeline.slows, timeline.caughtUps, "each onSlow ended by onCaughtUp");
        assertEquals(1, client.connections(), "never disconnected");
        final Map<String, Long> last = new HashMap<>();
        boolean slow = false;
        long skipped = 0;
        long quotes = 0;
        for (final String entry : entries)
        {
            if (entry.equals("slow") || entry.equals("caughtUp"))
            {
                assertTrue(slow != entry.equals("slow"), () -> "slow and caughtUp alternate: " + entry);
                slow = entry.equals("slow");
                continue;
            }
            final String[] parts = entry.split(" ");
            assertEquals(2, parts.length, () -> "only quotes, slow and caughtUp: " + entry);
            final long seq = Long.parseLong(parts[1]);
            final long previous = last.getOrDefault(parts[0], 0L);
            if (slow)
            {
                assertTrue(seq > previous, () -> parts[0] + " went from " + previous + " to " + seq + " while slow");
                skipped += seq - previous - 1;
            }
            else
            {
                assertEquals(previous + 1, seq, () -> parts[0] + " after " + previous + " outside a slow period");
            }
            last.put(parts[0], seq);
            quotes++;
        }
        assertTrue(skipped > 0, "seqs were conflated away while slow");
        System.out.println("conflate " + format + ": " + journaled + " journaled, " + quotes + " delivered, " +
            skipped + " skipped in " + timeline.slows + " slow period(s), duplicatesDropped " +
            client.duplicatesDropped());
    }
}
