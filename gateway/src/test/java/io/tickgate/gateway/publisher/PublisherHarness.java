package io.tickgate.gateway.publisher;

import io.tickgate.gateway.security.Grant;
import io.tickgate.codec.TickFields;
import io.tickgate.gateway.Command;
import io.tickgate.gateway.CommandParser;
import io.tickgate.gateway.GatewayContext;
import io.tickgate.gateway.GatewayMetrics;
import io.tickgate.gateway.ws.SendBuffer;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalHandler;
import io.tickgate.journal.JournalReader;
import io.tickgate.journal.JournalWriter;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real {@link Publisher} with no threads and no network: a real journal in a temp directory whose writer the test
 * appends ticks with, a {@link HandClock}, small limits, and clients on {@link FakeSocket}s connected the way the
 * gateway's endpoint connects them. The test runs each duty cycle itself ({@link #cycle()}), so a scenario is a
 * sequence of appends, commands, clock moves and cycles, and everything happens exactly when it says.
 */
final class PublisherHarness implements AutoCloseable
{
    static final int SYMBOL_CAPACITY = 64;
    /** The hand clock starts at a plausible epoch time (both clocks are the same one). */
    static final long START_NS = 1_764_100_000_000_000_000L;
    static final int SESSION_BUFFER = 16 * 1024;
    static final int MAX_SESSION_BUFFER = 64 * 1024;
    static final int MAX_FRAME = 4 * 1024;
    static final long HEARTBEAT_MS = 1_000;
    static final long CLOSE_GRACE_MS = 500;

    final HandClock clock = new HandClock(START_NS);
    final GatewayMetrics metrics = new GatewayMetrics();
    final GatewayContext ctx;
    final Journal journal;
    final JournalWriter writer;
    final Publisher publisher;
    private final CommandParser parser = new CommandParser();
    private final TickFields fields = new TickFields();
    private final Map<String, List<Long>> eventMicros = new HashMap<>();
    private long lastEventMicros = START_NS / 1000;
    private int connected;

    PublisherHarness(final Path dir)
    {
        this(dir, UnaryOperator.identity());
    }

    /**
     * @param configure adjusts the small defaults: 16 KiB session buffer (64 KiB hard), 4 KiB frames, heartbeats every
     *                  second (peer timeout 3 s), close grace 500 ms, no stall timeout to speak of (10 minutes).
     */
    PublisherHarness(final Path dir, final UnaryOperator<GatewayContext> configure)
    {
        this(dir, SystemTimeProvider.CLOCK, configure);
    }

    /**
     * @param journalClock decides the day file each appended record goes to.
     */
    PublisherHarness(final Path dir, final TimeProvider journalClock, final UnaryOperator<GatewayContext> configure)
    {
        journal = Journal.open(dir, journalClock);
        writer = journal.writer(SYMBOL_CAPACITY);
        ctx = configure.apply(new GatewayContext()
            .journalDir(dir)
            .symbolCapacity(SYMBOL_CAPACITY)
            .sessionBufferBytes(SESSION_BUFFER)
            .maxSessionBufferBytes(MAX_SESSION_BUFFER)
            .maxFrameBytes(MAX_FRAME)
            .heartbeatMs(HEARTBEAT_MS)
            .closeGraceMs(CLOSE_GRACE_MS)
            .slowConsumerTimeoutMs(600_000)
            .nanoClock(clock)
            .epochClock(clock))
            .conclude();
        publisher = new Publisher(ctx, metrics, journal);
    }

    /**
     * One duty cycle of the publisher, at the clock's current time.
     *
     * @return the work it reported.
     */
    int cycle()
    {
        return publisher.doWork();
    }

    /**
     * Let time pass: a duty cycle every millisecond for {@code ms} (a backlogged socket is written again a
     * millisecond after it took less than it was given; the sweeper runs every 20 ms).
     */
    void run(final long ms)
    {
        for (long i = 0; i < ms; i++)
        {
            clock.advanceMs(1);
            cycle();
        }
    }

    /**
     * Journal one tick of the symbol, as the feed would; its event time is a millisecond after the previous tick's,
     * its ingest time the hand clock's, and its last price follows its seq.
     *
     * @return its seq.
     */
    long tick(final String symbol)
    {
        lastEventMicros += 1_000;
        return tickAt(symbol, lastEventMicros);
    }

    /**
     * Journal one tick of the symbol with this event time, which moves no later tick's (a feed's clock may jump).
     *
     * @return its seq.
     */
    long tickAt(final String symbol, final long micros)
    {
        final long seq = eventMicros.computeIfAbsent(symbol, s -> new ArrayList<>()).size() + 1L;
        fields.eventTimeMicros = micros;
        fields.last = (100L + seq) * 100_000_000L;
        fields.bid = fields.last - 1_000_000;
        fields.ask = fields.last + 1_000_000;
        fields.bidSize = 300;
        fields.askSize = 200;
        fields.lastSize = 100;
        fields.volume = seq * 100;
        final byte[] bytes = symbol.getBytes(StandardCharsets.US_ASCII);
        final long journaled = writer.append(new UnsafeBuffer(bytes), 0, bytes.length, fields, clock.nanoTime());
        assertTrue(journaled == seq, () -> "journaled " + symbol + " as seq " + journaled + ", expected " + seq);
        eventMicros.get(symbol).add(micros);
        return seq;
    }

    /**
     * Run duty cycles until one does nothing: the live reader has read the whole journal.
     */
    void catchUp()
    {
        int cycles = 0;
        while (cycle() > 0)
        {
            assertTrue(++cycles < 100_000, "the publisher keeps finding work");
        }
    }

    /**
     * @return every tick in the journal, in journal order, read by a reader of its own: the brute-force view.
     */
    List<Journaled> journaled()
    {
        final List<Journaled> all = new ArrayList<>();
        try (JournalReader reader = journal.reader(SYMBOL_CAPACITY))
        {
            final JournalHandler collect = (tick, index) -> all.add(new Journaled(
                reader.symbols().name(tick.symbolId()), tick.seq(), tick.eventTimeMicros(), index,
                tick.ingestTimeNanos()));
            while (reader.poll(collect, 4096) > 0)
            {
                assertTrue(all.size() < 10_000_000, "a journal that ends");
            }
        }
        return all;
    }

    /**
     * A tick as the journal holds it.
     */
    record Journaled(String symbol, long seq, long eventMicros, long index, long ingestNanos)
    {
    }

    /**
     * @return the event time {@link #tick} gave the symbol's tick with that seq, in µs.
     */
    long eventMicros(final String symbol, final long seq)
    {
        return eventMicros.get(symbol).get((int)seq - 1);
    }

    /**
     * @return the price {@link #tick} gave the symbol's tick with that seq, as the JSON stream writes it.
     */
    static long lastPrice(final long seq)
    {
        return 100L + seq;
    }

    /**
     * A JSON client that reads everything and answers pings.
     */
    Client connect()
    {
        return connect(false);
    }

    /**
     * Connect a client as the gateway's endpoint does: counted, its session made over a fake socket, then the
     * {@link Inbox#CONNECT} signal; the next duty cycle registers it and queues its welcome.
     *
     * @param binary quotes in binary frames.
     */
    Client connect(final boolean binary)
    {
        return connect(binary, Grant.OPEN);
    }

    /**
     * @param grant what the client's token allows (its symbols, its delay), as the handshake verified it.
     */
    Client connect(final boolean binary, final Grant grant)
    {
        metrics.connectionsOpen.incrementAndGet();
        metrics.connectionsTotal.incrementAndGet();
        final FakeSocket socket = new FakeSocket("client-" + ++connected, clock::nanoTime);
        final Session session = new Session(grant, binary, socket,
            new SendBuffer(publisher.buffers(), metrics.delays.forGrant(grant), ctx.maxFrameBytes()),
            publisher::onSignal, clock.nanoTime());
        final Client client = new Client(session, socket);
        socket.onPing(() -> client.answerPing());
        session.inbox().signal(Inbox.CONNECT);
        return client;
    }

    /**
     * @return bytes of connection buffers in use (handed out, not kept for reuse).
     */
    long buffersInUse()
    {
        return publisher.buffers().reservedBytes() - publisher.buffers().freeBytes();
    }

    public void close()
    {
        publisher.onClose();
        writer.close();
        journal.close();
    }

    /**
     * A test client: its session, its socket, and what its IO thread would tell the publisher.
     */
    final class Client
    {
        final Session session;
        final FakeSocket socket;
        private boolean answersPings = true;

        private Client(final Session session, final FakeSocket socket)
        {
            this.session = session;
            this.socket = socket;
        }

        /**
         * A command, as the IO thread hands it over: the client showed life, and the parsed command is queued.
         */
        void send(final String json)
        {
            assertTrue(offer(json), "the command queue took it");
        }

        /**
         * @return false when the publisher's queue refused it (the IO thread would then signal "busy").
         */
        boolean offer(final String json)
        {
            session.inbox().onInbound(clock.nanoTime());
            return publisher.offer(parser.parse(session, json));
        }

        /**
         * A token refresh whose token the IO thread verified into {@code grant}.
         */
        void refresh(final Grant grant, final int id)
        {
            session.inbox().onInbound(clock.nanoTime());
            final Command command = parser.parse(session, "{\"op\":\"auth\",\"token\":\"verified\",\"id\":" + id + "}");
            command.grant = grant;
            assertTrue(publisher.offer(command), "the command queue took it");
        }

        /**
         * @param answer false for a client (or a vanished machine) that never answers pings.
         */
        Client answersPings(final boolean answer)
        {
            answersPings = answer;
            return this;
        }

        /**
         * The client sent a close frame.
         */
        void closeFromPeer()
        {
            session.inbox().onInbound(clock.nanoTime());
            session.inbox().signal(Inbox.PEER_CLOSE);
        }

        /**
         * The connection dropped.
         */
        void disconnect()
        {
            session.inbox().signal(Inbox.DISCONNECT);
        }

        List<Map<String, Object>> messages()
        {
            return socket.messages();
        }

        /**
         * @return the messages of these types, in order.
         */
        List<Map<String, Object>> ofType(final String... types)
        {
            final Set<String> wanted = Set.of(types);
            return messages().stream().filter(m -> wanted.contains((String)m.get("type"))).collect(Collectors.toList());
        }

        /**
         * @return the seqs of the symbol's quotes (ticks and snapshots), in order.
         */
        List<Long> seqs(final String symbol)
        {
            return ofType("tick", "snapshot").stream().filter(m -> symbol.equals(m.get("symbol")))
                .map(m -> (Long)m.get("seq")).collect(Collectors.toList());
        }

        /**
         * @return the index of the first message of the type, -1 when none.
         */
        int indexOf(final String type)
        {
            final List<Map<String, Object>> all = messages();
            for (int i = 0; i < all.size(); i++)
            {
                if (type.equals(all.get(i).get("type")))
                {
                    return i;
                }
            }
            return -1;
        }

        private void answerPing()
        {
            if (answersPings)
            {
                // the pong reaching the IO thread: something arrived from the client
                session.inbox().onInbound(clock.nanoTime());
            }
        }
    }
}
