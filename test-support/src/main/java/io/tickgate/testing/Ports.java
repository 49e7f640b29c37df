package io.tickgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Loopback ports for tests that need to know a port before a server binds it (e.g. to restart on the same one).
 */
public final class Ports
{
    private Ports()
    {
    }

    /**
     * @return a loopback port that was free a moment ago.
     */
    public static int free()
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
