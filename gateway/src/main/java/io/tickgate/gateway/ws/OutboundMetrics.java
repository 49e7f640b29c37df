package io.tickgate.gateway.ws;

/**
 * What a {@link SendBuffer} reports: frames as they are closed, and the fan-out latency of messages as the socket
 * takes them.
 */
public interface OutboundMetrics
{
    /**
     * A data frame was closed and queued for the socket.
     */
    void onFrame(int messages, int payloadBytes);

    /**
     * {@code messages} messages sent in {@code mode} were handed to the kernel {@code latencyNs} after their time
     * reference (a tick's ingest for live ones; {@link SendMode}).
     */
    void onSent(long latencyNs, int messages, SendMode mode);
}
