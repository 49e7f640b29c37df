package io.tickgate.feed;

import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalWriter;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CSV hot path (framer, parser, journal append, counters, suppressed logging), the TCP ingest's duty cycle (with
 * acknowledgements) and the simulator allocate nothing per tick in steady state.
 */
class IngestAllocationTest
{
    private static final int LINES_PER_CHUNK = 1_000;
    private static final int MEASURED_LINES = 100_000;
    /**
     * Chronicle maps a new chunk of the queue file every few MB (seen: ~30 KB each time); that, not the ingest, is what
     * this allows. One 16-byte object per line would be 1.6 MB.
     */
    private static final long BUDGET_BYTES = 256 * 1024;

    @TempDir
    Path tempDir;

    @Test
    void shouldNotAllocatePerLineAfterWarmUp()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final UnsafeBuffer chunk = buildChunk();
        final IngestCounters counters = new IngestCounters();
        try (Journal journal = Journal.open(tempDir); JournalWriter writer = journal.writer(1024))
        {
            final CsvIngest ingest = new CsvIngest(writer, counters,
                new RateLimitedLog(0, SystemNanoClock.INSTANCE), new OffsetEpochNanoClock(), null,
                TsSkewPolicy.defaults());
            final LineFramer framer = new LineFramer("alloc-test");

            feed(framer, ingest, chunk, 3 * MEASURED_LINES);
            final long before = threads.getCurrentThreadAllocatedBytes();
            feed(framer, ingest, chunk, MEASURED_LINES);
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            System.out.println("allocated " + allocated + " bytes for " + MEASURED_LINES + " lines: " + counters);
            assertTrue(allocated < BUDGET_BYTES, "allocated " + allocated + " bytes");
            assertEquals(4L * MEASURED_LINES * 9 / 10, counters.accepted());
            assertEquals(4L * MEASURED_LINES / 20, counters.rejectedTotal());
        }
    }

    @Test
    void shouldNotAllocatePerSimulatedTickAfterWarmUp()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (Journal journal = Journal.open(tempDir); JournalWriter writer = journal.writer(1024))
        {
            final MarketSimulator simulator = new MarketSimulator(500, 9, 1_000_000, 1_000, writer);
            final long t0 = 1_764_100_000_000_000_000L;
            long now = t0;
            simulator.doWork(now);
            while (simulator.emitted() < 3L * MEASURED_LINES)
            {
                now += 1_000_000;
                simulator.doWork(now);
            }
            final long before = threads.getCurrentThreadAllocatedBytes();
            final long target = simulator.emitted() + MEASURED_LINES;
            while (simulator.emitted() < target)
            {
                now += 1_000_000;
                simulator.doWork(now);
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            System.out.println("allocated " + allocated + " bytes for " + MEASURED_LINES + " simulated ticks");
            assertTrue(allocated < BUDGET_BYTES, "allocated " + allocated + " bytes");
            assertEquals(0, simulator.refused());
        }
    }

    @Test
    @Timeout(60)
    void shouldNotAllocatePerLineOnTcpIngestAfterWarmUp() throws Exception
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final UnsafeBuffer chunk = buildChunk();
        final byte[] bytes = new byte[chunk.capacity()];
        chunk.getBytes(0, bytes);
        final int chunks = 4 * MEASURED_LINES / LINES_PER_CHUNK;
        final long perChunkAccepted = LINES_PER_CHUNK * 9 / 10;
        final IngestCounters counters = new IngestCounters();
        try (Journal journal = Journal.open(tempDir); JournalWriter writer = journal.writer(1024);
            TcpIngestServer server = new TcpIngestServer("127.0.0.1", 0, new CsvIngest(writer, counters,
                new RateLimitedLog(0, SystemNanoClock.INSTANCE), new OffsetEpochNanoClock(), null,
                TsSkewPolicy.defaults()),
                SystemNanoClock.INSTANCE, new IngestLimits(1, 60_000, 1024, IngestToken.NONE));
            Socket client = new Socket("127.0.0.1", server.port()))
        {
            final Thread sender = new Thread(() ->
            {
                try
                {
                    final OutputStream out = client.getOutputStream();
                    out.write("#ack\n".getBytes(StandardCharsets.US_ASCII)); // acknowledgements on the measured path
                    for (int i = 0; i < chunks; i++)
                    {
                        out.write(bytes);
                    }
                    out.flush();
                }
                catch (final IOException ignore)
                {
                    // the assertions below report the missing lines
                }
            }, "alloc-test-sender");
            sender.start();

            pump(server, counters, 3 * MEASURED_LINES / LINES_PER_CHUNK * perChunkAccepted);
            final long before = threads.getCurrentThreadAllocatedBytes();
            pump(server, counters, chunks * perChunkAccepted);
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            sender.join();

            System.out.println("allocated " + allocated + " bytes for " + MEASURED_LINES + " TCP lines: " + counters);
            assertTrue(allocated < BUDGET_BYTES, "allocated " + allocated + " bytes");
            assertEquals(chunks * perChunkAccepted, counters.accepted());
            assertTrue(client.getInputStream().available() > 0, "acknowledgements were written");
        }
    }

    private static void pump(final TcpIngestServer server, final IngestCounters counters, final long accepted)
        throws IOException
    {
        while (counters.accepted() < accepted)
        {
            if (0 == server.doWork())
            {
                Thread.onSpinWait();
            }
        }
    }

    private static void feed(final LineFramer framer, final CsvIngest ingest, final UnsafeBuffer chunk, final int lines)
    {
        for (int i = 0; i < lines; i += LINES_PER_CHUNK)
        {
            // odd split points, so some lines straddle two reads and go through the framer's copy
            framer.onBytes(chunk, 0, 777, ingest);
            framer.onBytes(chunk, 777, chunk.capacity() - 777, ingest);
        }
    }

    private static UnsafeBuffer buildChunk()
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < LINES_PER_CHUNK; i++)
        {
            switch (i % 20)
            {
                case 0 -> sb.append("# comment\n");
                case 1 -> sb.append("BAD,1,1.123456789,1,1,1,1,1,1\n");
                default -> sb.append("SYM").append((char)('A' + i % 26)).append(",1764100000").append(100_000 + i)
                    .append(",189.").append(i % 100).append(",300,189.14,200,-189.13,100,").append(i).append("\r\n");
            }
        }
        return new UnsafeBuffer(sb.toString().getBytes(StandardCharsets.US_ASCII));
    }
}
