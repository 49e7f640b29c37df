package io.tickgate.gateway.hostile;

import io.tickgate.gateway.Gateway;
import io.tickgate.testing.Descriptors;
import io.tickgate.testing.Metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the gateway's process holds at one moment: descriptors, threads, heap after a full GC, direct buffer memory,
 * resident memory, and the gateway's own connection and subscription gauges. The gateway runs in the test JVM, so
 * these are its figures plus the test's clients, which a case closes before the figures are compared.
 *
 * @param threads live threads, less the JDK HTTP client's pool workers (the polite client's library, not the
 *                gateway: they come and go on their own keep-alive)
 */
record Footprint(long fds, long threads, long heapBytes, long directBytes, long rssBytes, long connections,
    long subscriptions, long bufferBytes)
{
    /** Heap a full GC may leave above a baseline: class-init and JIT-era caches of the JDK, Chronicle and Undertow. */
    static final long HEAP_TOLERANCE = 16L << 20;

    static Footprint take(final Gateway gateway)
    {
        System.gc();
        final String metrics = gateway.metricsText();
        return new Footprint(Descriptors.open(), liveThreads(),
            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), directMemory(), residentMemory(),
            Metrics.value(metrics, "tickgate_connections"), Metrics.value(metrics, "tickgate_subscriptions"),
            Metrics.value(metrics, "tickgate_buffer_bytes"));
    }

    /**
     * Back to a baseline: no more descriptors, threads, connections or subscriptions than it had; heap within
     * {@link #HEAP_TOLERANCE}; direct memory within the connection buffers the pool may keep for reuse, which
     * {@code --max-buffer-memory} bounds. Resident memory is reported, not compared: the JVM keeps heap pages it
     * has touched and the journal's mapped pages grow with every tick, so it says nothing about leaks here.
     */
    boolean within(final Footprint baseline, final long bufferBudget)
    {
        return fds <= baseline.fds && threads <= baseline.threads && connections <= baseline.connections &&
            subscriptions <= baseline.subscriptions && heapBytes <= baseline.heapBytes + HEAP_TOLERANCE &&
            directBytes <= baseline.directBytes + bufferBudget && bufferBytes <= bufferBudget;
    }

    /**
     * @return the one line a case prints, e.g. {@code fds 212->212 threads 31->31 heap 40->41 MiB ...}.
     */
    String since(final Footprint before)
    {
        return "fds " + before.fds + "->" + fds + " threads " + before.threads + "->" + threads +
            " heap " + mib(before.heapBytes) + "->" + mib(heapBytes) + " MiB" +
            " direct " + mib(before.directBytes) + "->" + mib(directBytes) + " MiB" +
            " rss " + mib(before.rssBytes) + "->" + mib(rssBytes) + " MiB" +
            " connections " + before.connections + "->" + connections;
    }

    static long mib(final long bytes)
    {
        return bytes >> 20;
    }

    private static long liveThreads()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> !(thread.getName().startsWith("HttpClient-") && thread.getName().contains("-Worker-")))
            .count();
    }

    private static long directMemory()
    {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
            .filter(pool -> "direct".equals(pool.getName()))
            .mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }

    private static long residentMemory()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
            {
                if (line.startsWith("VmRSS:"))
                {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) << 10;
                }
            }
            return 0;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
