package io.tickgate.client;

import io.tickgate.protocol.WireFormat;
import io.tickgate.gateway.GatewayFixture;
import io.tickgate.codec.FixedPoint;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

import static io.tickgate.client.SeqChecker.await;
import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Allocation of the binary receive path, measured with {@code com.sun.management.ThreadMXBean} on the thread that
 * runs the callbacks.
 * <p>
 * The strict test drives the client's own {@code WebSocket.Listener} (connection, lock, binary decoder, seq rules,
 * quote listener: everything but the socket) from the test thread through a stand-in {@code HttpClient}, so the
 * measured thread does exactly that work and nothing else. Over a real gateway the callbacks run on JDK HttpClient
 * threads that also read the socket and assemble frames, so that measurement includes the JDK's own allocation; it
 * is reported, and only checked against a loose bound.
 */
@Timeout(60)
class ClientGatewayAllocationTest
{
    private static final int QUOTES_PER_FRAME = 100;
    private static final int MEASURED_QUOTES = 100_000;
    private static final long BUDGET_BYTES = 4096;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception
    {
        for (int i = resources.size() - 1; i >= 0; i--)
        {
            resources.get(i).close();
        }
    }

    /**
     * Counts quotes and sums fields so nothing is optimised away; allocates nothing itself.
     */
    private static final class Consumer implements QuoteListener
    {
        volatile Thread thread;
        long quotes;
        long checksum;
        Thread lastThread;
        long lastAllocated;
        long allocated;
        long threadSwitches;
        volatile boolean measuring;

        public void onQuote(final Quote quote)
        {
            thread = Thread.currentThread();
            quotes++;
            checksum += quote.seq() + quote.last() + quote.bidSize() + quote.symbol().length();
            if (measuring)
            {
                final Thread current = Thread.currentThread();
                final long now = THREADS.getCurrentThreadAllocatedBytes();
                if (current == lastThread)
                {
                    allocated += now - lastAllocated;
                }
                else
                {
                    threadSwitches++;
                }
                lastThread = current;
                lastAllocated = THREADS.getCurrentThreadAllocatedBytes();
            }
        }
    }

    @Test
    void shouldNotAllocateOnTheCallbackThreadWhenDecodingBinaryFramesIntoTheListener()
    {
        assertTrue(THREADS.isThreadAllocatedMemorySupported());
        THREADS.setThreadAllocatedMemoryEnabled(true);
        final StandInHttpClient http = new StandInHttpClient();
        final Consumer consumer = new Consumer();
        final TickgateClient client = TickgateClient.connect(new TickgateClient.Context()
            .format(Format.BINARY)
            .quoteListener(consumer)
            .httpClient(http));
        resources.add(client);
        final WebSocket.Listener listener = http.listener;
        listener.onText(http.webSocket,
            "[{\"type\":\"welcome\",\"server\":\"stand-in\",\"protocol\":1,\"heartbeatMs\":60000}]", true);
        assertTrue(client.isConnected());
        client.subscribe(List.of("AAPL", "MSFT"), Mode.FULL);
        assertTrue(http.sent.get(http.sent.size() - 1).startsWith("{\"op\":\"subscribe\""), http.sent::toString);

        final ByteBuffer definitions = ByteBuffer.allocateDirect(64).order(LITTLE_ENDIAN);
        symbolDefinition(definitions, 0, "AAPL");
        symbolDefinition(definitions, 1, "MSFT");
        definitions.flip();
        listener.onBinary(http.webSocket, definitions, true);

        final int recordLength = WireFormat.HEADER_LENGTH + WireFormat.QUOTE_BLOCK_LENGTH;
        final ByteBuffer frame = ByteBuffer.allocateDirect(QUOTES_PER_FRAME * recordLength).order(LITTLE_ENDIAN);
        final UnsafeBuffer writable = new UnsafeBuffer(frame);
        for (int i = 0; i < QUOTES_PER_FRAME; i++)
        {
            quote(writable, i * recordLength, i % 2, 0, "189.12");
        }
        final long[] seq = {0, 0};

        // warm up: 300k quotes, so everything on the path is compiled
        for (int f = 0; f < 3 * MEASURED_QUOTES / QUOTES_PER_FRAME; f++)
        {
            feed(listener, http.webSocket, frame, writable, recordLength, seq);
        }
        final long quotesBefore = consumer.quotes;
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int f = 0; f < MEASURED_QUOTES / QUOTES_PER_FRAME; f++)
        {
            feed(listener, http.webSocket, frame, writable, recordLength, seq);
        }
        final long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        assertSame(Thread.currentThread(), consumer.thread, "the callbacks ran on the measured thread");
        assertEquals(MEASURED_QUOTES, consumer.quotes - quotesBefore, "every quote reached the listener");
        assertEquals(seq[0], client.lastSeq("AAPL"));
        assertEquals(0, client.duplicatesDropped());
        System.out.println("allocation in-thread: " + allocated + " bytes for " + MEASURED_QUOTES +
            " binary quotes through the client's WebSocket.Listener (checksum " + consumer.checksum + ")");
        assertTrue(allocated < BUDGET_BYTES, allocated + " bytes allocated for " + MEASURED_QUOTES + " quotes");
    }

    @Test
    void shouldReportAllocationOnTheRealWebSocketThreadOverAGateway()
    {
        THREADS.setThreadAllocatedMemoryEnabled(true);
        final GatewayFixture harness = new GatewayFixture(dir, UnaryOperator.identity());
        resources.add(harness);
        harness.tick("AAPL", "1");
        final Consumer consumer = new Consumer();
        final TickgateClient client = TickgateClient.connect(new TickgateClient.Context()
            .port(harness.port())
            .format(Format.BINARY)
            .quoteListener(consumer));
        resources.add(client);
        client.subscribe(List.of("AAPL"), Mode.FULL);
        await(() -> client.lastSeq("AAPL") == 1, "snapshot", null);
        for (int i = 0; i < 100_000; i++)
        {
            harness.tick("AAPL", "2");
        }
        await(() -> client.lastSeq("AAPL") == 100_001, "warm-up ticks", null);
        consumer.measuring = true;
        for (int i = 0; i < MEASURED_QUOTES; i++)
        {
            harness.tick("AAPL", "3");
        }
        await(() -> client.lastSeq("AAPL") == 200_001, "measured ticks", null);
        // the callbacks wrote these under the client's lock, which lastSeq() above took after the last of them
        final long allocated = consumer.allocated;
        final long switches = consumer.threadSwitches;
        System.out.println("allocation on the JDK WebSocket thread(s): " + allocated + " bytes between " +
            MEASURED_QUOTES + " binary quote callbacks (" + (double)allocated / MEASURED_QUOTES + " per quote, " +
            switches + " thread switches, not counted)");
        assertTrue(allocated < 1024L * MEASURED_QUOTES, "a loose bound: under 1 KiB per quote, JDK included");
    }

    private static void feed(
        final WebSocket.Listener listener,
        final WebSocket webSocket,
        final ByteBuffer frame,
        final UnsafeBuffer writable,
        final int recordLength,
        final long[] seq)
    {
        for (int i = 0; i < QUOTES_PER_FRAME; i++)
        {
            final int symbolId = i % 2;
            writable.putLong(i * recordLength + WireFormat.HEADER_LENGTH + WireFormat.QUOTE_SEQ_OFFSET,
                ++seq[symbolId], LITTLE_ENDIAN);
        }
        listener.onBinary(webSocket, frame, true);
    }

    private static void symbolDefinition(final ByteBuffer buffer, final int symbolId, final String name)
    {
        header(buffer, WireFormat.SYMBOL_BLOCK_LENGTH,
            WireFormat.SYMBOL_TEMPLATE_ID);
        buffer.putInt(symbolId).putInt(name.length());
        final byte[] padded = new byte[16];
        final byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, padded, 0, bytes.length);
        buffer.put(padded);
    }

    private static void header(final ByteBuffer buffer, final int blockLength, final int templateId)
    {
        buffer.putShort((short)blockLength).putShort((short)templateId)
            .putShort((short)WireFormat.SCHEMA_ID).putShort((short)1);
    }

    private static void quote(
        final UnsafeBuffer buffer, final int offset, final int symbolId, final long seq, final String last)
    {
        buffer.putShort(offset, (short)WireFormat.QUOTE_BLOCK_LENGTH, LITTLE_ENDIAN);
        buffer.putShort(offset + 2, (short)WireFormat.QUOTE_TEMPLATE_ID, LITTLE_ENDIAN);
        buffer.putShort(offset + 4, (short)WireFormat.SCHEMA_ID, LITTLE_ENDIAN);
        buffer.putShort(offset + 6, (short)1, LITTLE_ENDIAN);
        final int body = offset + WireFormat.HEADER_LENGTH;
        final long price = FixedPoint.parse(last);
        buffer.setMemory(body, WireFormat.QUOTE_BLOCK_LENGTH, (byte)0);
        buffer.putInt(body, symbolId, LITTLE_ENDIAN);
        buffer.putByte(body + WireFormat.QUOTE_KIND_OFFSET, WireFormat.KIND_TICK);
        buffer.putLong(body + WireFormat.QUOTE_SEQ_OFFSET, seq, LITTLE_ENDIAN);
        buffer.putLong(body + WireFormat.QUOTE_TS_OFFSET, 1_764_100_000_000_000L, LITTLE_ENDIAN);
        buffer.putLong(body + WireFormat.QUOTE_BID_OFFSET, price - 1_000_000, LITTLE_ENDIAN);
        buffer.putLong(body + WireFormat.QUOTE_ASK_OFFSET, price + 1_000_000, LITTLE_ENDIAN);
        buffer.putLong(body + WireFormat.QUOTE_LAST_OFFSET, price, LITTLE_ENDIAN);
        buffer.putLong(body + WireFormat.QUOTE_BID_SIZE_OFFSET, 300, LITTLE_ENDIAN);
    }

    /**
     * An HttpClient whose WebSockets are stand-ins: building one hands the client's listener to the test, which then
     * calls it on its own thread; sends are recorded and complete at once.
     */
    private static final class StandInHttpClient extends HttpClient
    {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final WebSocket webSocket = new StandInWebSocket(sent);
        volatile WebSocket.Listener listener;

        public WebSocket.Builder newWebSocketBuilder()
        {
            return new WebSocket.Builder()
            {
                public WebSocket.Builder header(final String name, final String value)
                {
                    return this;
                }

                public WebSocket.Builder connectTimeout(final Duration timeout)
                {
                    return this;
                }

                public WebSocket.Builder subprotocols(final String mostPreferred, final String... lesserPreferred)
                {
                    return this;
                }

                public CompletableFuture<WebSocket> buildAsync(final URI uri, final WebSocket.Listener listener)
                {
                    StandInHttpClient.this.listener = listener;
                    listener.onOpen(webSocket);
                    return CompletableFuture.completedFuture(webSocket);
                }
            };
        }

        public Optional<CookieHandler> cookieHandler()
        {
            return Optional.empty();
        }

        public Optional<Duration> connectTimeout()
        {
            return Optional.empty();
        }

        public Redirect followRedirects()
        {
            return Redirect.NEVER;
        }

        public Optional<ProxySelector> proxy()
        {
            return Optional.empty();
        }

        public SSLContext sslContext()
        {
            return null;
        }

        public SSLParameters sslParameters()
        {
            return null;
        }

        public Optional<Authenticator> authenticator()
        {
            return Optional.empty();
        }

        public Version version()
        {
            return Version.HTTP_1_1;
        }

        public Optional<Executor> executor()
        {
            return Optional.empty();
        }

        public <T> HttpResponse<T> send(final HttpRequest request, final HttpResponse.BodyHandler<T> handler)
            throws IOException
        {
            throw new IOException("stand-in");
        }

        public <T> CompletableFuture<HttpResponse<T>> sendAsync(
            final HttpRequest request, final HttpResponse.BodyHandler<T> handler)
        {
            return CompletableFuture.failedFuture(new IOException("stand-in"));
        }

        public <T> CompletableFuture<HttpResponse<T>> sendAsync(
            final HttpRequest request,
            final HttpResponse.BodyHandler<T> handler,
            final HttpResponse.PushPromiseHandler<T> pushPromiseHandler)
        {
            return CompletableFuture.failedFuture(new IOException("stand-in"));
        }
    }

    private static final class StandInWebSocket implements WebSocket
    {
        private final List<String> sent;

        StandInWebSocket(final List<String> sent)
        {
            this.sent = sent;
        }

        public CompletableFuture<WebSocket> sendText(final CharSequence data, final boolean last)
        {
            sent.add(data.toString());
            return CompletableFuture.completedFuture(this);
        }

        public CompletableFuture<WebSocket> sendBinary(final ByteBuffer data, final boolean last)
        {
            return CompletableFuture.completedFuture(this);
        }

        public CompletableFuture<WebSocket> sendPing(final ByteBuffer message)
        {
            return CompletableFuture.completedFuture(this);
        }

        public CompletableFuture<WebSocket> sendPong(final ByteBuffer message)
        {
            return CompletableFuture.completedFuture(this);
        }

        public CompletableFuture<WebSocket> sendClose(final int statusCode, final String reason)
        {
            return CompletableFuture.completedFuture(this);
        }

        public void request(final long n)
        {
            // demand is irrelevant: the test calls the listener itself
        }

        public String getSubprotocol()
        {
            return "";
        }

        public boolean isOutputClosed()
        {
            return false;
        }

        public boolean isInputClosed()
        {
            return false;
        }

        public void abort()
        {
            // nothing to abort
        }
    }
}
