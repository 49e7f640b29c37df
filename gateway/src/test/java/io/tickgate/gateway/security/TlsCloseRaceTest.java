package io.tickgate.gateway.security;

import io.tickgate.gateway.GatewayFixture;
import io.tickgate.testing.Await;
import io.tickgate.testing.RawWsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The publisher closes TLS connections whose clients are sending all the while (here: the gateway shuts down under
 * a stream of commands and pings from every client). XNIO's TLS engine frees its buffers at close without the lock
 * its reads take, so a close beside a read would throw on the IO thread ("Buffer was already freed") or hand a
 * buffer in use to another connection: no listener may throw, and every client gets its 1001.
 */
@Timeout(120)
class TlsCloseRaceTest
{
    private static final int CLIENTS = 16;
    private static final int ROUNDS = 3;
    private static final long SEND_PAUSE_NS = 200_000;

    @TempDir
    Path dir;

    @Test
    void closesTlsConnectionsWhileTheirClientsSend() throws Exception
    {
        final TestCertificates ca = TestCertificates.authority("tickgate test CA");
        ca.issue("gateway").write(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        final PrintStream stderr = System.err;
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeStream(stderr, log), true, StandardCharsets.UTF_8));
        try
        {
            for (int round = 0; round < ROUNDS; round++)
            {
                closeUnderFire(ca, dir.resolve("journal" + round));
            }
        }
        finally
        {
            System.setErr(stderr);
        }
        final String text = log.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("already freed"), text);
        assertFalse(text.contains("listener threw"), text);
    }

    private void closeUnderFire(final TestCertificates ca, final Path journal) throws Exception
    {
        final List<Thread> senders = new ArrayList<>();
        final List<RawWsClient> clients = new ArrayList<>();
        final AtomicLong sent = new AtomicLong();
        final List<Integer> closeCodes = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (GatewayFixture fixture = new GatewayFixture(journal, ctx -> ctx
            .tlsCertFile(dir.resolve("cert.pem")).tlsKeyFile(dir.resolve("key.pem"))
            .maxCommandsPerSecond(100_000).commandBurst(100_000).closeGraceMs(200)))
        {
            for (int c = 0; c < CLIENTS; c++)
            {
                final RawWsClient client = RawWsClient.connect(fixture.port(), "", 0,
                    ca.clientContext().getSocketFactory());
                clients.add(client);
            }
            for (final RawWsClient client : clients)
            {
                final Thread sender = new Thread(() -> sendUntilClosed(client, sent));
                sender.setDaemon(true);
                senders.add(sender);
                sender.start();
                final Thread reader = new Thread(() -> readUntilClosed(client, closeCodes));
                reader.setDaemon(true);
                reader.start();
            }
            final long target = sent.get() + 10_000;
            Await.until(() -> sent.get() >= target, () -> "clients sending");
        }
        for (final Thread sender : senders)
        {
            Await.until(() -> !sender.isAlive(), () -> "sender stopped by the close");
        }
        Await.until(() -> closeCodes.size() == CLIENTS, () -> "close frames: " + closeCodes);
        for (final int code : closeCodes)
        {
            assertEquals(1001, code);
        }
        clients.forEach(RawWsClient::close);
        assertTrue(sent.get() > 0);
    }

    private static void sendUntilClosed(final RawWsClient client, final AtomicLong sent)
    {
        try
        {
            for (int i = 0; ; i++)
            {
                synchronized (client)
                {
                    client.sendText("{\"op\":\"ping\",\"id\":" + i + "}");
                    client.sendFrame(true, RawWsClient.OP_PING, new byte[]{ (byte)i }, true);
                }
                sent.addAndGet(2);
                // a brisk client, not a flood: the IO thread reads all along, which is what the close must meet
                LockSupport.parkNanos(SEND_PAUSE_NS);
            }
        }
        catch (final IOException ex)
        {
            // the gateway closed the connection: what this test waits for
        }
    }

    private static void readUntilClosed(final RawWsClient client, final List<Integer> closeCodes)
    {
        try
        {
            closeCodes.add(client.readUntil(RawWsClient.OP_CLOSE, false).closeCode());
        }
        catch (final IOException | AssertionError ex)
        {
            closeCodes.add(-1);
        }
    }

    /**
     * Writes to the real stderr and keeps a copy.
     */
    private static final class TeeStream extends java.io.OutputStream
    {
        private final PrintStream first;
        private final ByteArrayOutputStream second;

        TeeStream(final PrintStream first, final ByteArrayOutputStream second)
        {
            this.first = first;
            this.second = second;
        }

        public synchronized void write(final int b)
        {
            first.write(b);
            second.write(b);
        }

        public synchronized void write(final byte[] bytes, final int offset, final int length)
        {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }
    }
}
