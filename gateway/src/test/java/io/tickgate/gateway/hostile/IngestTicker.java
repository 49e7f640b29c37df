package io.tickgate.gateway.hostile;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A well-behaved feed on the gateway's TCP ingest port, on its own thread: every millisecond a tick of the polite
 * client's symbol and one of a background symbol, and now and then one of the many other symbols, so ticks flow
 * through every case. Each tick carries the wall clock in {@code ts}, so a client in this JVM can tell its latency.
 * The journal is fresh, so the count of the polite symbol's lines sent is its last seq.
 */
final class IngestTicker implements AutoCloseable
{
    static final String POLITE = "POLITE";
    static final String[] BACKGROUND = { "BG0", "BG1", "BG2", "BG3" };
    static final int MANY = 200;

    private final Socket socket;
    private final OutputStream out;
    private final Thread thread;
    private final AtomicLong politeSent = new AtomicLong();
    private final StringBuilder line = new StringBuilder(128);
    private volatile boolean running = true;
    private volatile IOException failure;

    IngestTicker(final int ingestPort) throws IOException
    {
        socket = new Socket(InetAddress.getLoopbackAddress(), ingestPort);
        out = socket.getOutputStream();
        // define every symbol first, so clients can subscribe to all of them at once
        append(POLITE, 0);
        for (final String symbol : BACKGROUND)
        {
            append(symbol, 0);
        }
        for (int i = 0; i < MANY; i++)
        {
            append(many(i), 0);
        }
        politeSent.set(1);
        out.write(line.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        thread = new Thread(this::run, "hostile-ingest-ticker");
        thread.setDaemon(true);
        thread.start();
    }

    static String many(final int i)
    {
        return "S" + (1000 + i);
    }

    static int symbolCount()
    {
        return 1 + BACKGROUND.length + MANY;
    }

    /**
     * @return the polite symbol's last seq journaled (or about to be).
     */
    long politeSeq()
    {
        return politeSent.get();
    }

    /**
     * @throws AssertionError if the feed could not write (the gateway closed its ingest connection).
     */
    void assertFeeding()
    {
        if (null != failure || !thread.isAlive())
        {
            throw new AssertionError("the polite feed stopped", failure);
        }
    }

    public void close()
    {
        running = false;
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        try
        {
            socket.close();
        }
        catch (final IOException ignore)
        {
            // closing a test socket
        }
    }

    private void run()
    {
        long n = 0;
        while (running)
        {
            line.setLength(0);
            append(POLITE, n);
            append(BACKGROUND[(int)(n % BACKGROUND.length)], n);
            if (n % 10 == 0)
            {
                append(many((int)(n / 10 % MANY)), n);
            }
            try
            {
                out.write(line.toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            catch (final IOException ex)
            {
                failure = ex;
                return;
            }
            politeSent.incrementAndGet();
            n++;
            // the feed's pace, not a synchronisation: about a thousand polite ticks a second
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private void append(final String symbol, final long n)
    {
        final long cents = 1000 + n % 100;
        line.append(symbol).append(',').append(System.currentTimeMillis() * 1000).append(',')
            .append(cents / 100).append('.').append(cents % 100).append(",100,")
            .append(cents / 100 + 1).append('.').append(cents % 100).append(",200,")
            .append(cents / 100).append('.').append(cents % 100).append(",50,").append(n).append('\n');
    }
}
