package io.tickgate.gateway;

import io.tickgate.gateway.security.TokenMinter;
import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The allocation guard: 100,000 ticks through the real pipeline (journal tail, LVC, fan-out to full and conflated
 * subscribers, JSON encode, WebSocket frames written to the sockets) allocate next to nothing on the publisher
 * thread, which writes every frame, nor on the IO thread, which only reads client frames; the same with token
 * authentication on and every session holding a grant of some symbols only (entitlements and expiry are checked per
 * command, new symbol and sweep, never per tick). Counts bytes, not time.
 */
@Timeout(120)
class HotPathAllocationTest
{
    private static final int TICKS = 100_000;
    private static final long BUDGET_BYTES = 64 * 1024;
    private static final String[] SYMBOLS = { "AAPL", "MSFT", "NVDA", "AMZN", "GOOG", "META", "TSLA", "JPM" };

    @TempDir
    Path dir;

    @ParameterizedTest(name = "restricted tokens: {0}")
    @ValueSource(booleans = { false, true })
    void shouldNotAllocatePerTickOrPerFrame(final boolean restrictedTokens) throws IOException
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final Path secret = Files.write(dir.resolve("secret"), AuthGateway.SECRET);
        // every symbol but TSLA: its ticks pass through the fan-out to no one
        final String query = restrictedTokens ? "?access_token=" + TokenMinter.hs256(AuthGateway.SECRET).mint("alloc",
            List.of("AAPL", "MSFT", "NVDA", "AMZN", "G*", "META", "JPM"), 0, true, false, AuthGateway.now(),
            AuthGateway.now() + 3600) : "";
        // batches of 10,000 ticks between round trips: the rings get room for a whole batch
        try (GatewayFixture fixture = new GatewayFixture(dir.resolve("journal"), ctx ->
        {
            ctx.heartbeatMs(60_000).sessionBufferBytes(4 << 20);
            return restrictedTokens ? ctx.authHs256SecretFile(secret) : ctx;
        }))
        {
            for (final String symbol : SYMBOLS)
            {
                fixture.tick(symbol, "100");
            }
            final List<WsClient> clients = new ArrayList<>();
            try
            {
                for (int i = 0; i < 2; i++)
                {
                    final WsClient full = WsClient.connect(fixture.port(), query, true);
                    full.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"mode\":\"full\"}");
                    final WsClient conflated = WsClient.connect(fixture.port(), query, true);
                    conflated.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"MSFT\",\"NVDA\"],\"maxRate\":50}");
                    clients.add(full);
                    clients.add(conflated);
                }
                for (final WsClient client : clients)
                {
                    client.awaitType("snapshot");
                }
                final long publisherId = threadId("tickgate-publisher");
                final long ioId = threadId("I/O-1");

                feed(fixture, clients, TICKS / 2);
                final long before = threads.getThreadAllocatedBytes(publisherId);
                final long ioBefore = threads.getThreadAllocatedBytes(ioId);
                final long framesBefore = fixture.metric("tickgate_frames_out_total");
                feed(fixture, clients, TICKS);
                final long allocated = threads.getThreadAllocatedBytes(publisherId) - before;
                final long ioAllocated = threads.getThreadAllocatedBytes(ioId) - ioBefore;
                final long frames = fixture.metric("tickgate_frames_out_total") - framesBefore;
                System.out.printf("publisher thread allocated %d bytes over %d ticks (%.3f B/tick)%n",
                    allocated, TICKS, (double)allocated / TICKS);
                System.out.printf("IO thread allocated %d bytes over %d frames (%.0f B/frame, %.1f B/tick)%n",
                    ioAllocated, frames, (double)ioAllocated / Math.max(1, frames), (double)ioAllocated / TICKS);
                assertTrue(allocated < BUDGET_BYTES, allocated + " bytes allocated over " + TICKS + " ticks");
                assertTrue(frames > 100, frames + " frames");
                assertTrue(!restrictedTokens || clients.get(0).messages.stream()
                    .noneMatch(m -> "TSLA".equals(m.get("symbol"))), "a symbol outside the token reached a client");
                assertTrue(ioAllocated < BUDGET_BYTES,
                    ioAllocated + " bytes allocated on the IO thread over " + frames +
                    " frames");
            }
            finally
            {
                clients.forEach(WsClient::close);
            }
        }
    }

    private static void feed(final GatewayFixture fixture, final List<WsClient> clients, final int ticks)
    {
        final int batch = 10_000;
        for (int sent = 0; sent < ticks; sent += batch)
        {
            long lastSeq = 0;
            for (int i = 0; i < batch; i++)
            {
                final String symbol = SYMBOLS[i % SYMBOLS.length];
                final long seq = fixture.tick(symbol, "100." + (i % 97));
                if (symbol.equals(SYMBOLS[SYMBOLS.length - 1]))
                {
                    lastSeq = seq;
                }
            }
            final long expected = lastSeq;
            for (int c = 0; c < clients.size(); c += 2)
            {
                clients.get(c).awaitSeq(expected);
            }
        }
    }

    private static long threadId(final String name)
    {
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.getName().equals(name) || thread.getName().endsWith(" " + name) ||
                thread.getName().endsWith("-" + name))
            {
                return thread.getId();
            }
        }
        throw new AssertionError("no thread " + name);
    }
}
