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
     * {@code messages} messages were handed to the kernel {@code latencyNs} after their tick's ingest.
     */
    void onSent(long latencyNs, int messages);
}
