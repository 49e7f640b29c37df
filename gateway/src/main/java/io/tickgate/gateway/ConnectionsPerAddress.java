package io.tickgate.gateway;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open WebSocket connections per remote address ({@code --max-connections-per-ip}), so one host cannot take every
 * connection. Counted from the session's start to its socket's close, whoever closes it; an address is in the map
 * only while it has a connection open, so the map is bounded by the connection limit.
 * <b>Note:</b> threadsafe; the IO threads count, any thread reads.
 */
final class ConnectionsPerAddress
{
    private final int max;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    ConnectionsPerAddress(final int max)
    {
        this.max = max;
    }

    /**
     * @return true when the address has its most connections open: a handshake from it is refused (429).
     */
    boolean isFull(final InetAddress address)
    {
        return open.getOrDefault(address, 0) >= max;
    }

    /**
     * Count one more connection, unless the address is full (another IO thread may have taken the last place since
     * {@link #isFull} said no).
     *
     * @return false when it is full; nothing was counted.
     */
    boolean tryAcquire(final InetAddress address)
    {
        while (true)
        {
            final Integer count = open.get(address);
            if (null == count)
            {
                if (null == open.putIfAbsent(address, 1))
                {
                    return true;
                }
            }
            else if (count >= max)
            {
                return false;
            }
            else if (open.replace(address, count, count + 1))
            {
                return true;
            }
        }
    }

    /**
     * One connection of the address closed; its entry goes with its last.
     */
    void release(final InetAddress address)
    {
        while (true)
        {
            final Integer count = open.get(address);
            if (null == count)
            {
                throw new IllegalStateException("released a connection of " + address + " that was not counted");
            }
            if (1 == count ? open.remove(address, count) : open.replace(address, count, count - 1))
            {
                return;
            }
        }
    }

    /**
     * @return addresses with connections open now.
     */
    int addresses()
    {
        return open.size();
    }

    /**
     * @return connections open now from the address.
     */
    int open(final InetAddress address)
    {
        return open.getOrDefault(address, 0);
    }
}
