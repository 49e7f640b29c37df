package io.tickgate.feed;

import org.agrona.CloseHelper;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Loopback clients of a {@link TcpIngestServer} that a test drives by hand: the sockets it opened (all closed at the
 * end), what they send, and a pump that runs the server's duty cycle until a condition holds, with a deadline.
 */
final class IngestSockets implements AutoCloseable
{
    private static final long DEADLINE_NS = 10_000_000_000L;

    private final TcpIngestServer server;
    private final IngestCounters counters;
    private final List<Socket> sockets = new ArrayList<>();

    /**
     * @param counters shown when a condition is not met in time.
     */
    IngestSockets(final TcpIngestServer server, final IngestCounters counters)
    {
        this.server = server;
        this.counters = counters;
    }

    Socket connect() throws IOException
    {
        return connect(server.port());
    }

    /**
     * @return a connection to another port (another server), closed with the rest.
     */
    Socket connect(final int port) throws IOException
    {
        final Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        sockets.add(socket);
        return socket;
    }

    static void send(final Socket socket, final String text) throws IOException
    {
        final OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /**
     * Run the server's duty cycle until {@code condition} holds; fail after 10 s.
     */
    void pumpUntil(final BooleanSupplier condition) throws IOException
    {
        final long deadline = System.nanoTime() + DEADLINE_NS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("condition not met before deadline; counters: " + counters);
            }
            if (0 == server.doWork())
            {
                Thread.onSpinWait();
            }
        }
    }

    public void close()
    {
        sockets.forEach(CloseHelper::quietClose);
    }
}
