package io.tickgate.perf.load;

import io.tickgate.codec.FixedPoint;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Feeds ticks as ingest-csv-v1 lines over ONE TCP connection at a constant rate, round-robin over the symbols.
 * Tick {@code i} has the intended send time {@code start + i / rate}, and its {@code ts} field is that intended time
 * in epoch µs, whether or not the sender is late: a late sender writes the overdue lines back to back (one flush)
 * and never moves the schedule, so latency measured from {@code ts} includes the sender's own queueing
 * (no coordinated omission). Counters are readable from other threads.
 * <b>Note:</b> {@link #run()} runs on its own thread; {@link #prime} is called before it starts.
 */
final class TickFeeder implements Runnable
{
    private static final int MAX_LINE = 160;

    private final Socket socket = new Socket();
    private final byte[][] symbols;
    private final int rate;
    private final long ticks;
    private final EpochMicrosClock clock;
    private final byte[] bytes = new byte[64 * 1024];
    private final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
    private OutputStream out;
    private long startNanos;
    private volatile long sent;
    private volatile long maxLagNanos;
    private volatile long lagNanos;
    private volatile boolean done;
    private volatile Throwable failure;

    /**
     * @param symbols names to feed, round-robin.
     * @param rate    ticks per second.
     * @param seconds how long to feed.
     * @param clock   shared with the clients.
     */
    TickFeeder(final List<String> symbols, final int rate, final int seconds, final EpochMicrosClock clock)
    {
        this.symbols = new byte[symbols.size()][];
        for (int i = 0; i < this.symbols.length; i++)
        {
            this.symbols[i] = symbols.get(i).getBytes(StandardCharsets.US_ASCII);
        }
        this.rate = rate;
        this.ticks = (long)rate * seconds;
        this.clock = clock;
    }

    void connect(final String host, final int port) throws IOException
    {
        socket.setTcpNoDelay(true);
        socket.setSendBufferSize(1 << 20);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        out = socket.getOutputStream();
    }

    /** Send one tick for every symbol now, so the gateway knows them (and has snapshots) before subscriptions. */
    void prime() throws IOException
    {
        int pos = 0;
        final long ts = clock.nowMicros();
        for (int s = 0; s < symbols.length; s++)
        {
            pos += line(pos, s, ts, s);
            if (pos > bytes.length - MAX_LINE)
            {
                out.write(bytes, 0, pos);
                pos = 0;
            }
        }
        out.write(bytes, 0, pos);
        out.flush();
    }

    /** @param startNanos {@link System#nanoTime()} at which tick 0 is due. */
    void start(final long startNanos)
    {
        this.startNanos = startNanos;
    }

    @Override
    public void run()
    {
        try
        {
            feed();
        }
        catch (final Throwable t)
        {
            failure = t;
        }
        finally
        {
            done = true;
            try
            {
                socket.close();
            }
            catch (final IOException ignore)
            {
                // closing anyway
            }
        }
    }

    private void feed() throws IOException
    {
        final int symbolCount = symbols.length;
        int pos = 0;
        int s = 0;
        long i = 0;
        while (i < ticks)
        {
            final long due = startNanos + (i / rate) * 1_000_000_000L + (i % rate) * 1_000_000_000L / rate;
            final long now = System.nanoTime();
            if (due > now)
            {
                if (pos > 0)
                {
                    out.write(bytes, 0, pos);
                    pos = 0;
                    sent = i;
                }
                // park, never spin: on a 2-core box shared with the gateway a spinning feeder would take a whole core
                // (at 20,000 ticks/s the gap is 50 us). The timer slack (~50-100 us) is paid as latency, since ts
                // stays the intended time.
                LockSupport.parkNanos(due - now);
                continue;
            }
            final long lag = now - due;
            lagNanos = lag;
            if (lag > maxLagNanos)
            {
                maxLagNanos = lag;
            }
            pos += line(pos, s, clock.toEpochMicros(due), i);
            if (pos > bytes.length - MAX_LINE)
            {
                out.write(bytes, 0, pos);
                pos = 0;
                sent = i + 1;
            }
            s = s + 1 == symbolCount ? 0 : s + 1;
            i++;
        }
        out.write(bytes, 0, pos);
        out.flush();
        sent = i;
    }

    /** symbol,ts,bid,bidSize,ask,askSize,last,lastSize,volume; every tenth symbol trades below zero. */
    private int line(final int start, final int s, final long tsMicros, final long i)
    {
        final UnsafeBuffer b = buffer;
        int p = start;
        b.putBytes(p, symbols[s]);
        p += symbols[s].length;
        b.putByte(p++, (byte)',');
        p += b.putLongAscii(p, tsMicros);
        final long base = (s % 10 == 9 ? -(1 + s % 50) : 10 + s % 500) * FixedPoint.SCALE;
        final long last = base + (i % 200) * 1_000_000L;
        b.putByte(p++, (byte)',');
        p += FixedPoint.format(last - 1_000_000L, b, p);
        b.putByte(p++, (byte)',');
        p += b.putLongAscii(p, 100 + i % 10);
        b.putByte(p++, (byte)',');
        p += FixedPoint.format(last + 1_000_000L, b, p);
        b.putByte(p++, (byte)',');
        p += b.putLongAscii(p, 200 + i % 10);
        b.putByte(p++, (byte)',');
        p += FixedPoint.format(last, b, p);
        b.putByte(p++, (byte)',');
        p += b.putLongAscii(p, 1 + i % 100);
        b.putByte(p++, (byte)',');
        p += b.putLongAscii(p, i);
        b.putByte(p++, (byte)'\n');
        return p - start;
    }

    long sent()
    {
        return sent;
    }

    long lagNanos()
    {
        return lagNanos;
    }

    long maxLagNanos()
    {
        return maxLagNanos;
    }

    boolean done()
    {
        return done;
    }

    Throwable failure()
    {
        return failure;
    }

    /** Close the ingest connection of a feeder that was never started. */
    void close()
    {
        try
        {
            socket.close();
        }
        catch (final IOException ignore)
        {
            // closing anyway
        }
    }
}
