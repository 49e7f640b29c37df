package io.tickgate.gateway.security;

import io.tickgate.feed.LogRate;
import org.agrona.concurrent.NanoClock;

import java.util.function.Consumer;

/**
 * Log lines for refused clients (bad tokens, symbols they are not entitled to, addresses over their limit), at most
 * {@code perSecond} a second: a client retrying with a bad token in a loop must not fill the disk. The lines held
 * back are counted and the count is told with the next line that goes out ({@link LogRate}).
 * <b>Note:</b> threadsafe; the IO threads and the publisher each keep one.
 */
public final class RefusalLog
{
    private final Consumer<String> sink;
    private final LogRate rate;

    /**
     * @param sink      where lines go (a logger's info).
     * @param perSecond most lines in any second.
     */
    public RefusalLog(final Consumer<String> sink, final NanoClock clock, final int perSecond)
    {
        this.sink = sink;
        this.rate = new LogRate(perSecond, clock);
    }

    /**
     * @param reason  the refusal's metric label ({@code bad_token}, {@code not_entitled}, ...).
     * @param address the client's address.
     * @param subject the token's {@code sub}, or {@code -} when unknown.
     * @param detail  what was wrong, for the operator.
     */
    public void refused(final String reason, final Object address, final String subject, final String detail)
    {
        final long heldBack = rate.tryAcquire();
        if (LogRate.DENIED != heldBack)
        {
            sink.accept("refused " + address + " sub=" + subject + " (" + reason + "): " + detail +
                (heldBack > 0 ? " [" + heldBack + " more refusals not logged]" : ""));
        }
    }
}
