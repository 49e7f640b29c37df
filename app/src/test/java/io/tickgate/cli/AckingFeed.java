package io.tickgate.cli;

import java.io.BufferedReader;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A feed on the TCP ingest port that asks for acknowledgements ({@code #ack}) and streams {@link TickLines} as fast
 * as the gateway reads them, while the test thread reads the {@code ack ACCEPTED REJECTED} lines coming back.
 */
final class AckingFeed implements AutoCloseable
{
    private static final byte[] ASK_FOR_ACKS = "#ack\n".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final BufferedReader acks;
    private final LineSender sender;
    private final long from;
    private long accepted;
    private boolean ended;

    AckingFeed(final int port, final long from, final long to, final Map<String, Long> journaled) throws IOException
    {
        this.from = from;
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(100);
        acks = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        // done sending is a half-close: the acks still have to come back on this socket
        final OutputStream halfClosing = new FilterOutputStream(socket.getOutputStream())
        {
            public void close() throws IOException
            {
                flush();
                socket.shutdownOutput();
            }
        };
        sender = new LineSender(halfClosing, ASK_FOR_ACKS, from, to, journaled);
    }

    /**
     * Read acks until at least {@code count} lines are acknowledged.
     */
    void awaitAccepted(final long count, final Duration timeout) throws IOException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (accepted < count)
        {
            if (!readAck() && ended)
            {
                fail("connection ended at ack " + accepted + " before " + count);
            }
            if (System.nanoTime() > deadline)
            {
                fail("only " + accepted + " lines acknowledged of " + count + " in " + timeout);
            }
        }
    }

    /**
     * Read the acks still on their way until the gateway closes the connection (or it dies).
     */
    void readToEnd(final Duration timeout) throws IOException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended)
        {
            readAck();
            if (System.nanoTime() > deadline)
            {
                fail("the gateway did not close the ingest connection in " + timeout);
            }
        }
    }

    long accepted()
    {
        return accepted;
    }

    int sentCount()
    {
        return sender.sentCount();
    }

    /**
     * @return the first line not acknowledged: where the feed resumes after a crash.
     */
    long firstUnacknowledged()
    {
        return sender.firstNotTaken(accepted, from);
    }

    public void close() throws IOException
    {
        socket.close();
        sender.close();
    }

    private boolean readAck() throws IOException
    {
        final String line;
        try
        {
            line = acks.readLine();
        }
        catch (final SocketTimeoutException ex)
        {
            return false;
        }
        catch (final IOException ex)
        {
            ended = true; // reset by a killed gateway
            return false;
        }
        if (null == line)
        {
            ended = true;
            return false;
        }
        final String[] parts = line.split(" ");
        assertEquals(3, parts.length, () -> "ack line: " + line);
        assertEquals("ack", parts[0], () -> "ack line: " + line);
        assertEquals("0", parts[2], () -> "no line of this feed may be refused: " + line);
        final long count = Long.parseLong(parts[1]);
        if (count < accepted)
        {
            fail("ACCEPTED went back from " + accepted + " to " + count);
        }
        accepted = count;
        return true;
    }
}
