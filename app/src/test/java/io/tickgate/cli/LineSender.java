package io.tickgate.cli;

import org.agrona.collections.LongArrayList;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Writes {@link TickLines} {@code from .. to-1} to a stream on its own thread, as fast as the stream takes them,
 * skipping lines the journal already holds, and remembers which lines it wrote in what order. A peer that dies (the
 * point of the fault tests) just ends the writing.
 */
final class LineSender implements AutoCloseable
{
    private final LongArrayList sent = new LongArrayList();
    private final Thread thread;
    private volatile boolean done;

    /**
     * @param out       where the lines go; closed when all are written.
     * @param preamble  bytes written first, e.g. {@code #ack\n}.
     * @param from      the first line.
     * @param to        one past the last line.
     * @param journaled the highest line already journaled per symbol: lines at or below it are not sent again.
     */
    LineSender(
        final OutputStream out, final byte[] preamble, final long from, final long to,
        final Map<String, Long> journaled)
    {
        thread = new Thread(() -> send(out, preamble, from, to, journaled), "line-sender");
        thread.setDaemon(true);
        thread.start();
    }

    private void send(
        final OutputStream raw, final byte[] preamble, final long from, final long to,
        final Map<String, Long> journaled)
    {
        try (OutputStream out = new BufferedOutputStream(raw, 16 * 1024))
        {
            out.write(preamble);
            for (long line = from; line < to && !done; line++)
            {
                if (line > journaled.getOrDefault(TickLines.symbol(line), -1L))
                {
                    out.write(TickLines.csv(line));
                    synchronized (sent)
                    {
                        sent.addLong(line);
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            // the peer was killed: whatever it took is what the test checks
        }
    }

    /**
     * @return how many tick lines were handed to the stream.
     */
    int sentCount()
    {
        synchronized (sent)
        {
            return sent.size();
        }
    }

    /**
     * @param accepted how many of the sent lines the peer has taken, in order.
     * @return the first line the peer has not taken: where a new connection must resume.
     */
    long firstNotTaken(final long accepted, final long from)
    {
        synchronized (sent)
        {
            if (accepted < sent.size())
            {
                return sent.getLong((int)accepted);
            }
            return sent.isEmpty() ? from : sent.getLong(sent.size() - 1) + 1;
        }
    }

    void awaitWritten() throws InterruptedException
    {
        thread.join();
    }

    public void close()
    {
        done = true;
        try
        {
            thread.join(10_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
