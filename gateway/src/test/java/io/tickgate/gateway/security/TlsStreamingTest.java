package io.tickgate.gateway.security;

import io.tickgate.gateway.GatewayFixture;
import io.tickgate.testing.Await;
import io.tickgate.testing.Json;
import io.tickgate.testing.RawWsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With TLS, the publisher thread writes each connection's frames while its IO thread reads (commands, pings, TLS 1.3
 * post-handshake messages: the gateway's tests run with a KeyUpdate every 64 KiB, see pom.xml). Tens of thousands
 * of ticks to several wss clients that send commands and pings all along: every frame well formed, every seq of
 * every symbol exactly once and in order, every command answered, and the latest ping too.
 */
@Timeout(240)
class TlsStreamingTest
{
    private static final int CLIENTS = 4;
    private static final int SYMBOLS = 8;
    private static final int TICKS = 40_000;
    private static final int BATCH = 500;
    /** How far the writer may run ahead of the slowest client, so nobody is cut off as a slow consumer. */
    private static final int MAX_LAG = 3_000;
    /** Each client sends a command and a ping this often, from a thread of its own, while its reader reads. */
    private static final long SEND_EVERY_NS = 5_000_000;

    @TempDir
    Path dir;

    @Test
    void streamsEverySeqIntactToClientsThatTalkBack() throws Exception
    {
        final TestCertificates ca = TestCertificates.authority("tickgate test CA");
        ca.issue("gateway").write(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        try (GatewayFixture fixture = new GatewayFixture(dir.resolve("journal"), ctx -> ctx
            .tlsCertFile(dir.resolve("cert.pem")).tlsKeyFile(dir.resolve("key.pem"))
            .maxCommandsPerSecond(10_000).commandBurst(1_000)
            // room for a client that is behind for a moment on a busy machine: the test is about TLS, not cut-offs
            .sessionBufferBytes(4 << 20)))
        {
            for (int s = 0; s < SYMBOLS; s++)
            {
                fixture.tick("S" + s, "100.00");
            }
            final List<Reader> readers = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++)
            {
                final RawWsClient client = RawWsClient.connect(fixture.port(), "", 0,
                    ca.clientContext().getSocketFactory());
                client.sendText("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"mode\":\"full\"}");
                final Reader reader = new Reader(client);
                readers.add(reader);
                reader.start();
                reader.sender.start();
            }
            Await.until(() -> readers.stream().allMatch(r -> r.snapshots == SYMBOLS), () -> "snapshots");

            for (int written = 0; written < TICKS; )
            {
                for (int i = 0; i < BATCH; i++, written++)
                {
                    fixture.tick("S" + written % SYMBOLS, "100." + (written % 100));
                }
                final int target = written - MAX_LAG;
                Await.until(() -> readers.stream().allMatch(r -> r.ticks >= target || !r.errors.isEmpty()),
                    () -> "clients within " + MAX_LAG + " ticks of the writer: " + readers);
            }
            Await.until(() -> readers.stream().allMatch(r -> r.ticks == TICKS || !r.errors.isEmpty()),
                Duration.ofSeconds(60), () -> "every tick at every client: " + readers);
            for (final Reader reader : readers)
            {
                reader.finish();
                Await.until(() -> !reader.isAlive(), () -> "reader done: " + reader);
                assertTrue(reader.errors.isEmpty(), () -> reader.errors.toString());
                assertEquals(TICKS, reader.ticks, reader::toString);
                assertTrue(reader.commandsSent > 10 && reader.pingsSent > 10, reader::toString);
                assertEquals(reader.commandsSent, reader.commandAnswers, reader::toString);
                assertEquals(reader.pingsSent, reader.lastPong, reader::toString);
            }
            assertEquals(0, fixture.metric("tickgate_cutoffs_total{reason=\"internal_error\"}"));
        }
    }

    /**
     * One client: this thread reads every frame and checks each symbol's seqs; its sender thread sends a command
     * and a ping, waits for both answers, pauses {@link #SEND_EVERY_NS} and starts again, until told to finish.
     */
    private static final class Reader extends Thread
    {
        final RawWsClient client;
        final List<String> errors = new CopyOnWriteArrayList<>();
        final Map<String, Long> lastSeq = new HashMap<>();
        volatile int snapshots;
        volatile int ticks;
        volatile int commandsSent;
        volatile int commandAnswers;
        volatile int pingsSent;
        /** The number in the latest pong: the gateway answers the latest of the pings it has not answered yet. */
        volatile int lastPong;
        final Thread sender = new Thread(this::send);
        private volatile boolean finishing;

        Reader(final RawWsClient client)
        {
            this.client = client;
            setDaemon(true);
            sender.setDaemon(true);
        }

        /**
         * One command and one ping outstanding at a time, as a polite client: a burst beyond the connection's share
         * of the command queue would be answered "server busy" while the publisher is busy with the stream.
         */
        private void send()
        {
            try
            {
                while (!finishing)
                {
                    synchronized (client)
                    {
                        // counted before they are sent: the reader checks each answer against the counts, and an
                        // answer can arrive before the line after the send runs
                        final int command = ++commandsSent;
                        client.sendText("{\"op\":\"ping\",\"id\":" + command + "}");
                        final int ping = ++pingsSent;
                        client.sendFrame(true, RawWsClient.OP_PING,
                            ("p" + ping).getBytes(StandardCharsets.US_ASCII), true);
                    }
                    Await.until(() -> commandAnswers == commandsSent && lastPong == pingsSent || !isAlive(),
                        () -> "answers to command and ping " + commandsSent + ": " + this);
                    LockSupport.parkNanos(SEND_EVERY_NS);
                }
            }
            catch (final IOException | RuntimeException | AssertionError ex)
            {
                errors.add("send: " + ex);
            }
        }

        void finish()
        {
            finishing = true;
            Await.until(() -> !sender.isAlive(), () -> "sender done: " + this);
            // every answer is in: closing the socket ends the read
            client.close();
        }

        public void run()
        {
            try
            {
                while (true)
                {
                    final RawWsClient.Frame frame = client.readFrame();
                    switch (frame.opcode())
                    {
                        case RawWsClient.OP_TEXT -> onText(frame.text());
                        case RawWsClient.OP_PING -> pong(frame.payload());
                        case RawWsClient.OP_PONG -> onPong(new String(frame.payload(), StandardCharsets.US_ASCII));
                        default -> errors.add("unexpected frame " + frame.opcode());
                    }
                }
            }
            catch (final IOException | RuntimeException | AssertionError ex)
            {
                if (!finishing || sender.isAlive())
                {
                    errors.add(ex.toString());
                }
            }
        }

        private void pong(final byte[] payload) throws IOException
        {
            synchronized (client)
            {
                client.sendFrame(true, RawWsClient.OP_PONG, payload, true);
            }
        }

        private void onText(final String text)
        {
            for (final Object item : (List<?>)Json.parse(text))
            {
                final Map<?, ?> message = (Map<?, ?>)item;
                final Object type = message.get("type");
                if ("snapshot".equals(type))
                {
                    lastSeq.put((String)message.get("symbol"), (Long)message.get("seq"));
                    snapshots++;
                }
                else if ("tick".equals(type))
                {
                    final String symbol = (String)message.get("symbol");
                    final long seq = (Long)message.get("seq");
                    final Long before = lastSeq.put(symbol, seq);
                    if (null == before || seq != before + 1)
                    {
                        errors.add(symbol + " seq " + seq + " after " + before);
                    }
                    ticks++;
                }
                else if ("pong".equals(type))
                {
                    commandAnswers++;
                }
                else if (!"welcome".equals(type) && !"subscribed".equals(type) && !"heartbeat".equals(type))
                {
                    errors.add("unexpected message " + message);
                }
            }
        }

        private void onPong(final String payload)
        {
            final int number = Integer.parseInt(payload.substring(1));
            // the same pong twice is allowed (an unsolicited pong), an older one or one never asked for is not
            if (number < lastPong || number > pingsSent)
            {
                errors.add("pong " + payload + " after p" + lastPong + " with " + pingsSent + " pings sent");
            }
            lastPong = number;
        }

        public String toString()
        {
            return "client(ticks=" + ticks + " commands=" + commandsSent + "/" + commandAnswers + " pings=" +
                pingsSent + "/" + lastPong + " errors=" + errors + ")";
        }
    }
}
