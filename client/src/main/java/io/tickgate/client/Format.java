package io.tickgate.client;

/**
 * How the gateway sends quotes to this client. Control messages are JSON text in both formats.
 */
public enum Format
{
    /** Quotes as JSON text frames ({@code ws://host:port/stream}). */
    JSON,
    /** Quotes as binary records ({@code ws://host:port/stream?format=binary}); see docs/binary-format.md. */
    BINARY
}
