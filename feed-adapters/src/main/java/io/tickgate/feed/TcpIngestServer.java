package io.tickgate.feed;

import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
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
 * <b>Note:</b> not threadsafe; owned by the thread that owns the journal writer. Counters may be read anywhere.
 */
public final class TcpIngestServer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(TcpIngestServer.class);
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final int MAX_ACCEPTS_PER_CYCLE = 16;
    private static final int CONNECTION_LOGS_PER_SECOND = 5;

    private final CsvIngest ingest;
    private final IngestCounters counters;
    private final int maxConnections;
    private final Selector selector;
    private final ServerSocketChannel serverChannel;
    private final int port;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final UnsafeBuffer readView = new UnsafeBuffer(readBuffer);
    private final Consumer<SelectionKey> onReadyKey = this::onReady;
    private final NanoClock clock;
    private final int maxNewSymbols;
    private final RateLimitedLog connectionLog;
    private final long idleTimeoutNs;
    private final long idleCheckIntervalNs;
    private long nowNs;
    private long nextIdleCheckNs;
    private int connectionCount;
    private int workCount;

    /**
     * What one server allows its clients.
     *
     * @param maxConnections most clients connected at once.
     * @param idleTimeoutMs  a client that sends nothing for this long is closed.
     * @param maxNewSymbols  most symbols new to the journal one connection may define.
     */
    public record Limits(int maxConnections, long idleTimeoutMs, int maxNewSymbols)
    {
        public Limits
        {
            if (maxConnections < 1 || idleTimeoutMs < 1 || maxNewSymbols < 0)
            {
                throw new IllegalArgumentException("ingest limits must be positive: " + maxConnections +
                    " connections, " + idleTimeoutMs + " ms idle, " + maxNewSymbols + " new symbols");
            }
        }
    }

    /**
     * One client: its channel, the framer that holds its incomplete line, when it last sent anything, and the new
     * symbols it may still define.
     */
    private static final class Connection implements LineHandler
    {
        final SocketChannel channel;
        final LineFramer framer;
        final CsvIngest ingest;
        final NewSymbolBudget newSymbols;
        long lastReadNs;

        Connection(
            final SocketChannel channel, final String source, final CsvIngest ingest, final int maxNewSymbols,
            final long nowNs)
        {
            this.channel = channel;
            this.framer = new LineFramer(source);
            this.ingest = ingest;
            this.newSymbols = new NewSymbolBudget(maxNewSymbols);
            this.lastReadNs = nowNs;
        }

        public void onLine(
            final CharSequence source,
            final long lineNumber,
            final DirectBuffer buffer,
            final int offset,
            final int length)
        {
            ingest.onLine(source, lineNumber, buffer, offset, length, newSymbols);
        }

        public void onLineTooLong(final CharSequence source, final long lineNumber)
        {
            ingest.onLineTooLong(source, lineNumber);
        }
    }

    /**
     * Bind the ingest port.
     *
     * @param host           address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}.
     * @param port           port to bind; 0 picks an ephemeral port, see {@link #port()}.
     * @param ingest         the ingest path every connection feeds.
     * @param clock          for the idle timeout.
     * @param limits         what each client and all of them together may do.
     * @throws UncheckedIOException when the port cannot be bound.
     */
    public TcpIngestServer(
        final String host, final int port, final CsvIngest ingest, final NanoClock clock, final Limits limits)
    {
        final int maxConnections = limits.maxConnections();
        final long idleTimeoutMs = limits.idleTimeoutMs();
        this.maxNewSymbols = limits.maxNewSymbols();
        this.clock = clock;
        // a client connecting and leaving in a loop must not flood the log: counters keep the full count
        this.connectionLog = new RateLimitedLog(CONNECTION_LOGS_PER_SECOND, clock);
        this.idleTimeoutNs = idleTimeoutMs * 1_000_000L;
        this.idleCheckIntervalNs = Math.min(idleTimeoutNs / 4, 1_000_000_000L);
        this.ingest = ingest;
        this.counters = ingest.counters();
        this.maxConnections = maxConnections;
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
     * One duty cycle: accept waiting clients and read whatever each connection has, without blocking.
     *
     * @return the number of sockets that had work, 0 when idle.
     * @throws IOException when the selector itself fails; a failing client only loses its own connection.
     */
    public int doWork() throws IOException
    {
        workCount = 0;
        nowNs = clock.nanoTime();
        selector.selectNow(onReadyKey);
        if (nowNs >= nextIdleCheckNs)
        {
            nextIdleCheckNs = nowNs + idleCheckIntervalNs;
            closeIdle();
        }
        return workCount;
    }

    private void closeIdle()
    {
        for (final SelectionKey key : selector.keys())
        {
            if (key.attachment() instanceof Connection connection && key.isValid() &&
                nowNs - connection.lastReadNs > idleTimeoutNs)
            {
                counters.onConnectionIdleClosed();
                if (connectionLog.tryAcquire())
                {
                    LOG.info("{} sent nothing for {} ms, closing", connection.framer.source(),
                        idleTimeoutNs / 1_000_000);
                }
                closeConnection(key, connection);
                workCount++;
            }
        }
    }

    /**
     * Close every connection and the listening socket.
     */
    public void close()
    {
        if (selector.isOpen())
        {
            for (final SelectionKey key : selector.keys())
            {
                CloseHelper.quietClose(key.channel());
            }
        }
        CloseHelper.quietCloseAll(serverChannel, selector);
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
            read(key, (Connection)key.attachment());
        }
    }

    private void read(final SelectionKey key, final Connection connection)
    {
        readBuffer.clear();
        final int read;
        try
        {
            read = connection.channel.read(readBuffer);
        }
        catch (final IOException ex)
        {
            if (connectionLog.tryAcquire())
            {
                LOG.info("{} read failed, closing: {}", connection.framer.source(), ex.toString());
            }
            closeConnection(key, connection);
            return;
        }
        if (read < 0)
        {
            closeConnection(key, connection);
        }
        else
        {
            connection.lastReadNs = nowNs;
            connection.framer.onBytes(readView, 0, read, connection);
        }
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
            final Connection connection =
                new Connection(channel, "tcp:" + channel.getRemoteAddress(), ingest, maxNewSymbols, nowNs);
            channel.register(selector, SelectionKey.OP_READ, connection);
            connectionCount++;
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

    private void closeConnection(final SelectionKey key, final Connection connection)
    {
        key.cancel();
        CloseHelper.quietClose(connection.channel);
        connectionCount--;
        counters.onConnectionClosed();
        if (connection.framer.discardPartial())
        {
            counters.onPartialLineDropped();
        }
        if (connectionLog.tryAcquire())
        {
            LOG.info("{} disconnected after {} lines", connection.framer.source(), connection.framer.lineNumber());
        }
    }
}
