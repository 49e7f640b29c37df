package io.tickgate.gateway.publisher;

import io.tickgate.codec.SymbolTable;
import io.tickgate.gateway.Gateway;
import io.tickgate.gateway.GatewayContext;
import io.tickgate.gateway.security.TokenMinter;
import io.tickgate.testing.Await;
import io.tickgate.testing.Metrics;
import io.tickgate.testing.RawWsClient;
import org.agrona.concurrent.SystemEpochNanoClock;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A measurement, not a test (docs/performance.md, "Delayed data"): a gateway with the demo's simulated market (500
 * symbols, 5,000 ticks/s) and one real-time client on {@code *}; then {@code LINES} delay lines (delays 1..LINES s)
 * opened by one client each, the first two on {@code *}, the others on one symbol. Prints
 * <ul>
 * <li>the heap after a full GC before and after the lines are open, per line; the resident set size likewise (the
 * journal's mapped files are shared by every reader, so it moves little);</li>
 * <li>what opening a line allocates and costs on the publisher thread (its symbol table and last-value cache,
 * timed here on their own);</li>
 * <li>after 10 s to settle, the p99 of the delay accuracy (socket write less ingest plus delay) and of the
 * real-time fan-out latency in each of {@code SECONDS} one-second windows (from the histograms' buckets, as
 * {@code histogram_quantile} estimates them): their median and worst.</li>
 * </ul>
 * Run: {@code java -cp <gateway test classpath> io.tickgate.gateway.publisher.DelayLineFigures DIR LINES SECONDS}.
 */
final class DelayLineFigures
{
    private static final byte[] SECRET = "delay line figures' secret, 32 bytes or more".getBytes(
        StandardCharsets.US_ASCII);
    private static final TokenMinter MINTER = TokenMinter.hs256(SECRET);

    private DelayLineFigures()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path dir = Path.of(args[0]);
        final int lines = Integer.parseInt(args[1]);
        final int seconds = Integer.parseInt(args[2]);
        timeOpening();
        try (Gateway gateway = Gateway.launch(new GatewayContext().port(0).journalDir(dir).simSymbols(500)
            .simRate(5_000).maxDelayLines(lines).epochClock(new SystemEpochNanoClock())
            .sessionBufferBytes(4 << 20).maxSessionBufferBytes(16 << 20)
            .authHs256SecretFile(Files.write(Files.createDirectories(dir).resolve("secret"), SECRET))))
        {
            final List<RawWsClient> clients = new ArrayList<>();
            clients.add(reading(RawWsClient.connect(gateway.port(), token(0), 1 << 20), "*"));
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3));
            final long heapBefore = heapAfterGc();
            final long rssBefore = rss();
            for (int d = 1; d <= lines; d++)
            {
                clients.add(reading(RawWsClient.connect(gateway.port(), token(d), 1 << 20),
                    d <= 2 ? "*" : "SYM0001"));
            }
            Await.until(() -> Metrics.value(gateway.metricsText(), "tickgate_delay_lines") == lines,
                () -> "lines open");
            Await.until(() -> gateway.metricsText().contains("_lag_seconds{delay=\"" + lines + "\"} 0.0"),
                () -> "lines caught up");
            final long heapAfter = heapAfterGc();
            final long rssAfter = rss();
            System.out.printf("%d lines: heap %+.1f MiB (%.2f MiB per line), RSS %+.1f MiB (%.2f MiB per line)%n",
                lines, (heapAfter - heapBefore) / 1048576.0, (heapAfter - heapBefore) / 1048576.0 / lines,
                (rssAfter - rssBefore) / 1048576.0, (rssAfter - rssBefore) / 1048576.0 / lines);

            // steady state: the per-second figures, after the openings, the full GCs above and the JIT have settled
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(10));
            final long[] accuracyP99 = new long[seconds];
            final long[] fanOutP99 = new long[seconds];
            String before = gateway.metricsText();
            for (int i = 0; i < seconds; i++)
            {
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
                final String after = gateway.metricsText();
                accuracyP99[i] = micros(before, after, "delayed");
                fanOutP99[i] = micros(before, after, "full");
                before = after;
            }
            java.util.Arrays.sort(accuracyP99);
            java.util.Arrays.sort(fanOutP99);
            System.out.printf("over %d one-second windows: delay accuracy p99 median %d us, worst %d us; " +
                "real-time fan-out p99 median %d us, worst %d us%n", seconds, accuracyP99[seconds / 2],
                accuracyP99[seconds - 1], fanOutP99[seconds / 2], fanOutP99[seconds - 1]);
            final String metrics = gateway.metricsText();
            for (final String line : metrics.split("\n"))
            {
                if (line.startsWith("tickgate_delay_early") || line.startsWith("tickgate_delay_line_lag") ||
                    line.startsWith("tickgate_ticks_in_total") || line.startsWith("tickgate_messages_out_total"))
                {
                    System.out.println(line);
                }
            }
            clients.forEach(RawWsClient::close);
        }
    }

    /**
     * Subscribe the client and read everything it is sent on a thread of its own, answering pings.
     */
    private static RawWsClient reading(final RawWsClient client, final String symbol) throws Exception
    {
        client.sendText("{\"op\":\"subscribe\",\"symbols\":[\"" + symbol + "\"],\"mode\":\"full\"}");
        final Thread reader = new Thread(() ->
        {
            try
            {
                for (RawWsClient.Frame frame; RawWsClient.OP_CLOSE != (frame = client.readFrame()).opcode(); )
                {
                    if (RawWsClient.OP_PING == frame.opcode())
                    {
                        client.sendFrame(true, RawWsClient.OP_PONG, frame.payload(), true);
                    }
                }
            }
            catch (final java.io.IOException ex)
            {
                // closed at the end
            }
        });
        reader.setDaemon(true);
        reader.start();
        return client;
    }

    /**
     * What opening a line allocates on the publisher thread beside its journal reader: a symbol table and a
     * last-value cache of the default symbol capacity.
     */
    private static void timeOpening()
    {
        final int capacity = new GatewayContext().symbolCapacity();
        final long[] nanos = new long[20];
        final Object[] kept = new Object[2 * nanos.length];
        long bytes = 0;
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        for (int i = 0; i < nanos.length; i++)
        {
            final long allocated = threads.getCurrentThreadAllocatedBytes();
            final long start = System.nanoTime();
            final SymbolTable symbols = new SymbolTable(capacity);
            kept[2 * i] = symbols;
            kept[2 * i + 1] = new LastValueCache(symbols.capacity(), 1);
            nanos[i] = System.nanoTime() - start;
            bytes = threads.getCurrentThreadAllocatedBytes() - allocated;
        }
        java.util.Arrays.sort(nanos);
        System.out.printf("opening a line (capacity %d): %.2f MiB allocated, median %.2f ms, max %.2f ms%n",
            capacity, bytes / 1048576.0, nanos[nanos.length / 2] / 1e6, nanos[nanos.length - 1] / 1e6);
        if (null == kept[kept.length - 1])
        {
            throw new IllegalStateException("kept to the end, so none is optimised away");
        }
    }

    /**
     * @return the p99 of a mode's fan-out latency between two scrapes, from its histogram's buckets, in µs.
     */
    private static long micros(final String before, final String after, final String mode)
    {
        return (long)(Metrics.quantile(before, after, "tickgate_fanout_latency_seconds", "mode=\"" + mode + "\"",
            0.99) * 1e6);
    }

    /**
     * @return the query that presents a token with this delay.
     */
    private static String token(final long delaySeconds)
    {
        final long now = System.currentTimeMillis() / 1000;
        return "?access_token=" + MINTER.mint("figures", null, delaySeconds, true, false, now, now + 3600);
    }

    private static long heapAfterGc()
    {
        for (int i = 0; i < 3; i++)
        {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rss() throws Exception
    {
        for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
        {
            if (line.startsWith("VmRSS:"))
            {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }
}
