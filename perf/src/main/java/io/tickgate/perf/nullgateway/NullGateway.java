package io.tickgate.perf.nullgateway;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * A "null gateway" for the load generator's self-test: the least work that still looks like tickgate on the wire,
 * so that a run against it measures the CLIENT. One thread, one selector:
 * <ul>
 * <li>HTTP port: WebSocket connections ({@link WsSession}): handshake, welcome, subscribe, ping, close.</li>
 * <li>Ingest port: ingest-csv-v1 lines ({@link IngestConnection}). Each tick gets the symbol's next seq and is
 * rendered ONCE as a protocol v1 tick message, then copied into the pending batch of every subscriber
 * ({@link TickFanout}).</li>
 * <li>Every {@code --flush-us} µs each connection with pending messages gets them as ONE text frame (a JSON array)
 * ({@link DirtySessions}).</li>
 * </ul>
 * Prints {@code listening http=P ingest=Q} and runs until killed (or {@code --seconds}).
 * Not a gateway: no journal, no snapshots, no conflation, no limits; loopback only.
 */
@Command(name = "NullGateway", mixinStandardHelpOptions = true, sortOptions = false,
    description = "The load generator's self-test server: tickgate's wire protocol with the least work behind it.")
public final class NullGateway implements Callable<Integer>
{
    private static final long STATS_NANOS = 10_000_000_000L;

    @Option(names = "--port", paramLabel = "P", description = "HTTP/WebSocket port, 0 = any free one (default: 0).")
    int port;

    @Option(names = "--ingest-port", paramLabel = "Q",
        description = "TCP CSV ingest port, 0 = any free one (default: 0).")
    int ingestPort;

    @Option(names = "--flush-us", paramLabel = "US",
        description = "Send each connection's pending messages every this many µs (default: ${DEFAULT-VALUE}).")
    long flushMicros = 1000;

    @Option(names = "--max-queued", paramLabel = "BYTES", description = "Cut a connection off when more than this " +
        "waits for its socket, like the gateway's session buffer (default: ${DEFAULT-VALUE}).")
    int maxQueued = 256 * 1024;

    @Option(names = "--seconds", paramLabel = "S", description = "Stop after this long (default: ${DEFAULT-VALUE}).")
    long seconds = 3600;

    private final Subscriptions subscriptions = new Subscriptions();
    private final DirtySessions dirty = new DirtySessions();
    private final Counters counters = new Counters();
    private final TickFanout fanout = new TickFanout(subscriptions, counters);
    private final Consumer<SelectionKey> onKey = this::onKey;
    private Selector selector;
    private ServerSocketChannel http;
    private ServerSocketChannel ingest;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new NullGateway()).execute(args));
    }

    @Override
    public Integer call() throws IOException
    {
        selector = Selector.open();
        http = listen(port, 4096, "http");
        ingest = listen(ingestPort, 16, "ingest");
        System.out.printf("listening http=%d ingest=%d%n", http.socket().getLocalPort(),
            ingest.socket().getLocalPort());
        System.out.flush();
        run(System.nanoTime() + seconds * 1_000_000_000L);
        return 0;
    }

    private ServerSocketChannel listen(final int port, final int backlog, final String name) throws IOException
    {
        final ServerSocketChannel channel = ServerSocketChannel.open();
        channel.bind(new InetSocketAddress("127.0.0.1", port), backlog);
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_ACCEPT, name);
        return channel;
    }

    /** Selects until the next flush is due, flushes every dirty session, prints the counters every 10 s. */
    private void run(final long endNanos) throws IOException
    {
        final long flushNanos = flushMicros * 1000L;
        long nextFlush = System.nanoTime() + flushNanos;
        long nextStats = System.nanoTime() + STATS_NANOS;
        while (System.nanoTime() < endNanos)
        {
            long now = System.nanoTime();
            if (!dirty.isEmpty())
            {
                final long wait = nextFlush - now;
                if (wait <= 0)
                {
                    selector.selectNow(onKey);
                }
                else
                {
                    selector.select(onKey, Math.max(1, wait / 1_000_000L));
                }
            }
            else
            {
                selector.select(onKey, 100);
            }
            now = System.nanoTime();
            if (now - nextFlush >= 0)
            {
                dirty.flushAll();
                nextFlush = now + flushNanos;
            }
            if (now - nextStats >= 0)
            {
                nextStats = now + STATS_NANOS;
                System.out.printf("null-gateway: ticks in %,d, messages out %,d, frames out %,d, cut-offs %d%n",
                    counters.ticksIn, counters.messagesOut, counters.framesOut, counters.cutOffs);
            }
        }
    }

    private void onKey(final SelectionKey key)
    {
        final Object a = key.attachment();
        try
        {
            if (!key.isValid())
            {
                return;
            }
            if ("http".equals(a))
            {
                SocketChannel ch;
                while (null != (ch = http.accept()))
                {
                    ch.configureBlocking(false);
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    final WsSession session = new WsSession(ch, maxQueued, subscriptions, dirty, counters);
                    session.register(ch.register(selector, SelectionKey.OP_READ, session));
                }
            }
            else if ("ingest".equals(a))
            {
                final SocketChannel ch = ingest.accept();
                if (null != ch)
                {
                    ch.configureBlocking(false);
                    ch.register(selector, SelectionKey.OP_READ, new IngestConnection(ch, fanout));
                }
            }
            else if (a instanceof IngestConnection)
            {
                ((IngestConnection)a).onReadable(key);
            }
            else
            {
                final WsSession session = (WsSession)a;
                if (key.isWritable())
                {
                    session.onWritable();
                }
                if (key.isValid() && key.isReadable())
                {
                    session.onReadable();
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            if (a instanceof WsSession)
            {
                ((WsSession)a).close();
            }
            else
            {
                key.cancel();
                try
                {
                    key.channel().close();
                }
                catch (final IOException ignore)
                {
                    // closing
                }
            }
        }
    }
}
