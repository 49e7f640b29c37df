package io.tickgate.feed;

import org.agrona.CloseHelper;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * The TCP ingest port: clients stream CSV lines of the {@code ingest-csv-v1} contract, each connection framed on its
 * own (line numbers per connection) and journaled through one shared {@link CsvIngest}. Non-blocking NIO driven by
 * {@link #doWork()}, in the style of an Agrona agent's duty cycle.
 * <p>
 * Bounded: at most {@code maxConnections} clients (extra ones are closed at once, logged and counted), one shared
 * read buffer and a fixed line buffer per connection, and a client that sends nothing for the idle timeout is closed
 * (a quiet feed keeps its connection with empty or {@code #} lines), so silent or half-open sockets cannot lock the
 * real feed out. A client sending garbage keeps its connection; a client that disconnects mid-line loses only that
 * incomplete line.
 * <p>
 * With a token, a connection whose first line is not {@code #auth TOKEN} is closed, nothing of it journaled. One
 * that sends {@code #ack} before its first tick gets {@code ack ACCEPTED REJECTED} lines ({@link ConnectionAcks}), and
 * a last one when it ends its side. {@link #drain()} ends the server cleanly: no new clients, every complete line
 * already received journaled, a final acknowledgement each.
 * <p>
 * <b>Note:</b> not threadsafe; owned by the thread that owns the journal writer. Counters may be read anywhere.
 */
public final class TcpIngestServer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(TcpIngestServer.class);
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final int MAX_ACCEPTS_PER_CYCLE = 16;
    private static final int CONNECTION_LOGS_PER_SECOND = 5;
    /** The drain waits 1 ms at a time, about a second in all, for clients to take their final acknowledgements. */
    private static final int DRAIN_WAITS = 1_000;

    private final CsvIngest ingest;
    private final IngestCounters counters;
    private final int maxConnections;
    private final IngestConnection[] connections;
    private final Selector selector;
    private final ServerSocketChannel serverChannel;
    private final int port;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final UnsafeBuffer readView = new UnsafeBuffer(readBuffer);
    private final Consumer<SelectionKey> onReadyKey = this::onReady;
    private final NanoClock clock;
    private final IngestLimits limits;
    private final RateLimitedLog connectionLog;
    private final long idleTimeoutNs;
    private final long idleCheckIntervalNs;
    private long nowNs;
    private long nextIdleCheckNs;
    private long nextAckNs = ConnectionAcks.NONE;
    private int connectionCount;
    private int workCount;

    /**
     * Bind the ingest port.
     *
     * @param host           address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}.
     * @param port           port to bind; 0 picks an ephemeral port, see {@link #port()}.
     * @param ingest         the ingest path every connection feeds.
     * @param clock          for the idle timeout and when acknowledgements are due.
     * @param limits         what each client and all of them together may do.
     * @throws UncheckedIOException when the port cannot be bound.
     */
    public TcpIngestServer(
        final String host, final int port, final CsvIngest ingest, final NanoClock clock, final IngestLimits limits)
    {
        final int maxConnections = limits.maxConnections();
        final long idleTimeoutMs = limits.idleTimeoutMs();
        this.limits = limits;
        this.clock = clock;
        // a client connecting and leaving in a loop must not flood the log: counters keep the full count
        this.connectionLog = new RateLimitedLog(CONNECTION_LOGS_PER_SECOND, clock);
        this.idleTimeoutNs = idleTimeoutMs * 1_000_000L;
        this.idleCheckIntervalNs = Math.min(idleTimeoutNs / 4, 1_000_000_000L);
        this.ingest = ingest;
        this.counters = ingest.counters();
        this.maxConnections = maxConnections;
        this.connections = new IngestConnection[maxConnections];
        Selector selector = null;
        ServerSocketChannel serverChannel = null;
        try
        {
            selector = Selector.open();
            serverChannel = ServerSocketChannel.open();
            serverChannel.bind(new InetSocketAddress(host, port));
            serverChannel.configureBlocking(false);
            serverChannel.register(selector, SelectionKey.OP_ACCEPT);
            this.port = ((InetSocketAddress)serverChannel.getLocalAddress()).getPort();
        }
        catch (final IOException ex)
        {
            CloseHelper.quietCloseAll(serverChannel, selector);
            throw new UncheckedIOException("cannot bind TCP ingest to " + host + ":" + port, ex);
        }
        this.selector = selector;
        this.serverChannel = serverChannel;
        LOG.info("TCP ingest listening on {}:{} (max {} connections)", host, this.port, maxConnections);
    }

    /**
     * @return the bound port, useful after binding port 0.
     */
    public int port()
    {
        return port;
    }

    /**
     * @return connect, disconnect and refusal log lines left out to keep to the log's rate; any thread.
     */
    public long suppressedConnectionLogs()
    {
        return connectionLog.suppressed();
    }

    /**
     * @return clients connected now; read it on the owning thread (other threads use the counters).
     */
    public int connectionCount()
    {
        return connectionCount;
    }

    /**
     * One duty cycle: accept waiting clients, read whatever each connection has, write the acknowledgements due,
     * without blocking.
     *
     * @return the number of sockets that had work, 0 when idle.
     * @throws IOException when the selector itself fails; a failing client only loses its own connection.
     */
    public int doWork() throws IOException
    {
        workCount = 0;
        nowNs = clock.nanoTime();
        selector.selectNow(onReadyKey);
        if (nowNs >= nextAckNs)
        {
            writeDueAcks();
        }
        if (nowNs >= nextIdleCheckNs)
        {
            nextIdleCheckNs = nowNs + idleCheckIntervalNs;
            closeIdle();
        }
        return workCount;
    }

    /**
     * End the server cleanly, e.g. on SIGTERM: close the listening socket first, then read what each connection has
     * now ({@link IngestConnection#readWhatArrived}), journal its complete lines, drop an incomplete last one, write
     * the final acknowledgements (waiting about a second in all for slow readers), and close. Blocks the calling
     * thread, which must own the journal writer. Does nothing once closed.
     */
    public void drain()
    {
        if (!selector.isOpen())
        {
            return;
        }
        nowNs = clock.nanoTime();
        CloseHelper.quietClose(serverChannel);
        // backwards: a connection that fails is swapped out for the last one, already done
        for (int i = connectionCount - 1; i >= 0; i--)
        {
            final IngestConnection connection = connections[i];
            try
            {
                connection.readWhatArrived(readBuffer, readView, nowNs);
            }
            catch (final IOException ex)
            {
                closeAfterFailure(connection, "read", ex);
            }
        }
        int waitsLeft = DRAIN_WAITS;
        for (int i = connectionCount - 1; i >= 0; i--)
        {
            final IngestConnection connection = connections[i];
            waitsLeft = connection.finish(readBuffer, waitsLeft, nowNs);
            closeConnection(connection);
        }
        LOG.info("TCP ingest drained and closed: {}", counters);
        close();
    }

    /**
     * Close every connection and the listening socket at once, without reading what is in flight ({@link #drain()}
     * reads it).
     */
    public void close()
    {
        for (int i = connectionCount - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(connections[i].channel);
        }
        CloseHelper.quietCloseAll(serverChannel, selector);
    }

    private void closeIdle()
    {
        for (int i = connectionCount - 1; i >= 0; i--)
        {
            final IngestConnection connection = connections[i];
            if (nowNs - connection.lastReadNs > idleTimeoutNs)
            {
                counters.onConnectionIdleClosed();
                if (connectionLog.tryAcquire())
                {
                    LOG.info("{} sent nothing for {} ms, closing", connection.framer.source(),
                        idleTimeoutNs / 1_000_000);
                }
                closeConnection(connection);
                workCount++;
            }
        }
    }

    private void writeDueAcks()
    {
        long next = ConnectionAcks.NONE;
        for (int i = connectionCount - 1; i >= 0; i--)
        {
            final IngestConnection connection = connections[i];
            if (connection.acks.dueNs() <= nowNs)
            {
                workCount++;
                try
                {
                    connection.acks.write(connection.channel, nowNs);
                }
                catch (final IOException ex)
                {
                    closeAfterFailure(connection, "ack write", ex);
                    continue;
                }
            }
            next = Math.min(next, connection.acks.dueNs());
        }
        nextAckNs = next;
    }

    private void onReady(final SelectionKey key)
    {
        workCount++;
        if (!key.isValid())
        {
            return;
        }
        if (key.isAcceptable())
        {
            acceptAll();
        }
        else if (key.isReadable())
        {
            onReadable((IngestConnection)key.attachment());
        }
    }

    private void onReadable(final IngestConnection connection)
    {
        try
        {
            if (connection.read(readBuffer, readView, nowNs) < 0)
            {
                connection.tryLastAck(nowNs);
                closeConnection(connection);
                return;
            }
        }
        catch (final IOException ex)
        {
            closeAfterFailure(connection, "read", ex);
            return;
        }
        nextAckNs = Math.min(nextAckNs, connection.acks.dueNs());
    }

    private void acceptAll()
    {
        for (int i = 0; i < MAX_ACCEPTS_PER_CYCLE; i++)
        {
            final SocketChannel channel;
            try
            {
                channel = serverChannel.accept();
            }
            catch (final IOException ex)
            {
                LOG.warn("accept failed: {}", ex.toString());
                return;
            }
            if (null == channel)
            {
                return;
            }
            if (connectionCount >= maxConnections)
            {
                refuse(channel);
            }
            else
            {
                register(channel);
            }
        }
    }

    private void register(final SocketChannel channel)
    {
        try
        {
            channel.configureBlocking(false);
            final SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            final IngestConnection connection = new IngestConnection(
                channel, key, "tcp:" + channel.getRemoteAddress(), ingest, limits, connectionLog, nowNs);
            key.attach(connection);
            connection.index = connectionCount;
            connections[connectionCount++] = connection;
            counters.onConnectionAccepted();
            if (connectionLog.tryAcquire())
            {
                LOG.info("{} connected ({} of {})", connection.framer.source(), connectionCount, maxConnections);
            }
        }
        catch (final IOException ex)
        {
            LOG.warn("could not register client: {}", ex.toString());
            CloseHelper.quietClose(channel);
        }
    }

    private void refuse(final SocketChannel channel)
    {
        counters.onConnectionRefused();
        if (connectionLog.tryAcquire())
        {
            LOG.warn("refused TCP ingest client: already {} connections (the limit)", connectionCount);
        }
        CloseHelper.quietClose(channel);
    }

    private void closeAfterFailure(final IngestConnection connection, final String what, final IOException ex)
    {
        if (connectionLog.tryAcquire())
        {
            LOG.info("{} {} failed, closing: {}", connection.framer.source(), what, ex.toString());
        }
        closeConnection(connection);
    }

    private void closeConnection(final IngestConnection connection)
    {
        connection.key.cancel();
        CloseHelper.quietClose(connection.channel);
        final IngestConnection last = connections[--connectionCount];
        connections[connection.index] = last;
        last.index = connection.index;
        connections[connectionCount] = null;
        counters.onConnectionClosed();
        if (connection.framer.discardPartial())
        {
            counters.onPartialLineDropped();
        }
        if (connectionLog.tryAcquire())
        {
            LOG.info("{} disconnected after {} lines ({} accepted, {} rejected)", connection.framer.source(),
                connection.framer.lineNumber(), connection.acks.accepted(), connection.acks.rejected());
        }
    }
}
