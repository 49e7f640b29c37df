package io.tickgate.feed;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * One TCP ingest client: its socket, the framer that holds its incomplete line, when it last sent anything, the new
 * symbols it may still define, and its counts and acknowledgements. A line {@code #ack} before the first tick line
 * asks for acknowledgements; later it is an ordinary comment. A first line {@code #ack} does not take the header's
 * place: the header may then be the second line.
 * <p>
 * With a token, the first line must be {@code #auth TOKEN} (then {@code #ack} may follow): otherwise nothing the
 * connection sent is ingested, the refusal is counted ({@link IngestError#UNAUTHORIZED}) and logged, and
 * {@link #read} reports the end of the stream so the server closes it.
 * <p>
 * <b>Note:</b> not threadsafe; owned by the ingest thread.
 */
final class IngestConnection implements LineHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(IngestConnection.class);
    private static final byte[] ACK_REQUEST = { '#', 'a', 'c', 'k' };
    private static final long DRAIN_WAIT_NS = 1_000_000L;
    /** Reads of what a client sent after its final ack, so its socket closes with a FIN rather than a reset. */
    private static final int MAX_DISCARD_READS = 16;

    final SocketChannel channel;
    final SelectionKey key;
    final LineFramer framer;
    final ConnectionAcks acks = new ConnectionAcks();
    /** Where it is in the server's list of connections. */
    int index;
    long lastReadNs;
    private final CsvIngest ingest;
    private final NewSymbolBudget newSymbols;
    private final IngestToken token;
    private final RateLimitedLog refusalLog;
    private boolean authorized;
    private boolean refused;
    private long headerLine = 1;
    private boolean sentTick;
    private long nowNs;

    IngestConnection(
        final SocketChannel channel,
        final SelectionKey key,
        final String source,
        final CsvIngest ingest,
        final IngestLimits limits,
        final RateLimitedLog refusalLog,
        final long nowNs)
    {
        this.channel = channel;
        this.key = key;
        this.framer = new LineFramer(source);
        this.ingest = ingest;
        this.newSymbols = new NewSymbolBudget(limits.maxNewSymbols());
        this.token = limits.token();
        this.authorized = !token.required();
        this.refusalLog = refusalLog;
        this.lastReadNs = nowNs;
    }

    /**
     * Read what the socket has, without blocking, and ingest each complete line.
     *
     * @param buffer to read into, shared by all connections.
     * @param view   over {@code buffer}.
     * @param nowNs  the ingest clock.
     * @return bytes read, 0 when none were waiting, -1 at the end of the client's stream or when the connection was
     * refused for its first line.
     * @throws IOException when the socket fails.
     */
    int read(final ByteBuffer buffer, final UnsafeBuffer view, final long nowNs) throws IOException
    {
        if (refused)
        {
            return -1;
        }
        buffer.clear();
        final int read = channel.read(buffer);
        if (read > 0)
        {
            this.nowNs = nowNs;
            lastReadNs = nowNs;
            framer.onBytes(view, 0, read, this);
        }
        return refused ? -1 : read;
    }

    /**
     * For the drain: read until the socket has nothing more right now, but at most its receive buffer's worth (what
     * had arrived), so a client that never stops cannot hold the shutdown.
     *
     * @param buffer to read into.
     * @param view   over {@code buffer}.
     * @param nowNs  the ingest clock.
     * @throws IOException when the socket fails.
     */
    void readWhatArrived(final ByteBuffer buffer, final UnsafeBuffer view, final long nowNs) throws IOException
    {
        final long most = channel.getOption(StandardSocketOptions.SO_RCVBUF);
        long total = 0;
        int read;
        while (total < most && (read = read(buffer, view, nowNs)) > 0)
        {
            total += read;
        }
    }

    /**
     * The client ended its side: one try, without waiting, at a last acknowledgement it may still read.
     *
     * @param nowNs the ingest clock.
     */
    void tryLastAck(final long nowNs)
    {
        if (acks.enabled())
        {
            try
            {
                acks.write(channel, nowNs);
            }
            catch (final IOException ex)
            {
                // gone altogether: no one is left to tell
            }
        }
    }

    /**
     * For the drain, after {@link #readWhatArrived}: the final acknowledgement, waiting for the client to make room
     * while {@code waits} (of 1 ms) last, then the end of the gateway's side; the caller closes the socket.
     *
     * @param buffer to read into what the client sent since, which is not acknowledged.
     * @param waits  how many 1 ms waits the drain has left, for all connections.
     * @param nowNs  the ingest clock.
     * @return the waits left.
     */
    int finish(final ByteBuffer buffer, final int waits, final long nowNs)
    {
        int waitsLeft = waits;
        if (!acks.enabled())
        {
            return waitsLeft;
        }
        try
        {
            while (!acks.write(channel, nowNs) && waitsLeft > 0)
            {
                waitsLeft--;
                LockSupport.parkNanos(DRAIN_WAIT_NS);
            }
            channel.shutdownOutput();
            int reads = 0;
            buffer.clear();
            while (reads++ < MAX_DISCARD_READS && channel.read(buffer) > 0)
            {
                buffer.clear();
            }
        }
        catch (final IOException ex)
        {
            // gone: nothing more to tell it
        }
        return waitsLeft;
    }

    /**
     * {@inheritDoc}
     */
    public void onLine(
        final CharSequence source, final long lineNumber, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!authorized)
        {
            authorize(source, buffer, offset, length);
            return;
        }
        if (!sentTick && isAckRequest(buffer, offset, length))
        {
            acks.enable();
            if (headerLine == lineNumber)
            {
                headerLine = lineNumber + 1;
            }
        }
        final LineOutcome outcome =
            ingest.ingest(source, lineNumber, buffer, offset, length, headerLine == lineNumber, newSymbols);
        sentTick |= LineOutcome.SKIPPED != outcome;
        acks.onLine(outcome, nowNs);
    }

    /**
     * {@inheritDoc}
     */
    public void onLineTooLong(final CharSequence source, final long lineNumber)
    {
        if (!authorized)
        {
            refuse(source);
            return;
        }
        ingest.onLineTooLong(source, lineNumber);
        sentTick = true;
        acks.onLine(LineOutcome.REJECTED, nowNs);
    }

    /**
     * The first line of a connection that must present the token: it does, and the header may follow it, or the
     * connection is refused and every later line ignored.
     */
    private void authorize(final CharSequence source, final DirectBuffer buffer, final int offset, final int length)
    {
        if (refused)
        {
            return;
        }
        if (token.matches(buffer, offset, length))
        {
            authorized = true;
            headerLine = 2;
            return;
        }
        refuse(source);
    }

    private void refuse(final CharSequence source)
    {
        if (!refused)
        {
            refused = true;
            ingest.counters().onRejected(IngestError.UNAUTHORIZED);
            if (refusalLog.tryAcquire())
            {
                LOG.warn("{} refused: its first line was not '#auth' and the ingest token; closing", source);
            }
        }
    }

    private static boolean isAckRequest(final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = length > 0 && '\r' == buffer.getByte(offset + length - 1) ? length - 1 : length;
        if (end != ACK_REQUEST.length)
        {
            return false;
        }
        for (int i = 0; i < end; i++)
        {
            if (ACK_REQUEST[i] != buffer.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }
}
