package io.tickgate.feed;

import org.agrona.DirectBuffer;

/**
 * Receives the lines a {@link LineFramer} cuts from a byte stream. Buffers are valid only during the call.
 */
public interface LineHandler
{
    /**
     * A complete line, without its {@code \n} (a {@code \r} before it is left in place).
     *
     * @param source     name of the stream, e.g. a file name or a peer address.
     * @param lineNumber 1-based line number within the source.
     * @param buffer     holding the line.
     * @param offset     of the first byte.
     * @param length     in bytes.
     */
    void onLine(CharSequence source, long lineNumber, DirectBuffer buffer, int offset, int length);

    /**
     * A line exceeded the framer's buffer; it is reported once and its bytes are discarded up to its {@code \n}.
     *
     * @param source     name of the stream.
     * @param lineNumber 1-based line number within the source.
     */
    void onLineTooLong(CharSequence source, long lineNumber);
}
