package io.tickgate.gateway.publisher;

/**
 * The queue depths at which the publisher changes how it treats a session, all derived from the session buffer
 * ({@code --session-buffer}, B below), so one option scales them together. A session's queue is the bytes waiting
 * for its socket.
 */
final class Watermarks
{
    /** B: a full-mode quote that would take the queue past it cuts the session off (raised while everyone lags). */
    final int cutOffBytes;
    /** ¾ B: above it a full-mode session that asked for {@code "onSlow":"conflate"} is switched to conflated. */
    final int conflateAboveBytes;
    /** ½ B: conflated updates, snapshots and replay batches are queued only below it, leaving room for live data. */
    final int sendBelowBytes;
    /** ¼ B: a switched session goes back to full mode once its queue is below it and nothing is dirty. */
    final int caughtUpBelowBytes;

    Watermarks(final int sessionBufferBytes)
    {
        cutOffBytes = sessionBufferBytes;
        conflateAboveBytes = sessionBufferBytes / 4 * 3;
        sendBelowBytes = sessionBufferBytes / 2;
        caughtUpBelowBytes = sessionBufferBytes / 4;
    }
}
