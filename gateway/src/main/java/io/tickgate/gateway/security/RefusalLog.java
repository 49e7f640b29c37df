package io.tickgate.gateway.security;

import org.agrona.concurrent.NanoClock;

import java.util.function.Consumer;

/**
 * Log lines for refused clients (bad tokens, symbols they are not entitled to, addresses over their limit), at most
 * {@code perSecond} a second: a client retrying with a bad token in a loop must not fill the disk. The lines held
 * back are counted and the count is told with the next line that goes out.
 * <b>Note:</b> threadsafe; the IO threads and the publisher each keep one.
 */
public final class RefusalLog
{
    private static final long WINDOW_NS = 1_000_000_000L;

    private final Consumer<String> sink;
    private final NanoClock clock;
    private final int perSecond;
    private long windowStartNs;
    private int loggedInWindow;
    private long suppressed;
    private boolean started;

    /**
     * @param sink      where lines go (a logger's info).
     * @param perSecond most lines in any second.
     */
    public RefusalLog(final Consumer<String> sink, final NanoClock clock, final int perSecond)
    {
        this.sink = sink;
        this.clock = clock;
        this.perSecond = perSecond;
    }

    /**
     * @param reason  the refusal's metric label ({@code bad_token}, {@code not_entitled}, ...).
     * @param address the client's address.
     * @param subject the token's {@code sub}, or {@code -} when unknown.
     * @param detail  what was wrong, for the operator.
     */
    public void refused(final String reason, final Object address, final String subject, final String detail)
    {
        final String line;
        synchronized (this)
        {
            final long nowNs = clock.nanoTime();
            if (!started || nowNs - windowStartNs >= WINDOW_NS)
            {
                started = true;
                windowStartNs = nowNs;
                loggedInWindow = 0;
            }
            if (loggedInWindow >= perSecond)
            {
                suppressed++;
                return;
            }
            loggedInWindow++;
            line = "refused " + address + " sub=" + subject + " (" + reason + "): " + detail +
                (suppressed > 0 ? " [" + suppressed + " more refusals not logged]" : "");
            suppressed = 0;
        }
        sink.accept(line);
    }
}
