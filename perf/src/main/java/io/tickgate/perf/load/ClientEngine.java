package io.tickgate.perf.load;

import java.util.List;

/**
 * How the load generator's connections reach the gateway: its own NIO WebSocket client ({@link NioEngine}, the
 * default) or java.net.http ({@link JdkEngine}, for comparison). Connection c is {@code connections.get(c)}.
 */
interface ClientEngine
{
    /** Handshakes in flight at a time (per IO thread for the NIO engine). */
    int MAX_CONNECTS_IN_FLIGHT = 64;

    /** Connecting and handshaking all of them may take 30 s plus 1 s per 100 connections. */
    static long connectTimeoutNanos(final int connections)
    {
        return (30L + connections / 100) * 1_000_000_000L;
    }

    /** How many latency recorders the connections share: connection c records into recorder c mod n. */
    int latencyRecorders(int connections);

    /** Opens every connection, each bounded by a connect and handshake timeout. @return how many opened. */
    int open(List<ClientConnection> connections) throws Exception;

    /** Sends one text frame (a command) on an open connection. */
    void sendText(ClientConnection connection, String text) throws Exception;

    /** Closes every connection with 1000, giving the answers a few seconds. */
    void closeAll() throws InterruptedException;
}
