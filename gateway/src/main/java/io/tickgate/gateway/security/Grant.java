package io.tickgate.gateway.security;

/**
 * What a verified token allows one connection: the symbols it may see, how late it sees them, whether it may replay
 * history and read {@code /metrics}, and until when. Without authentication every connection holds {@link #OPEN}.
 * <b>Note:</b> immutable; threadsafe.
 *
 * @param subject          the token's {@code sub}, for logs; null when it had none.
 * @param expiresAtSeconds the token's {@code exp}, seconds since the epoch; {@link Long#MAX_VALUE} for none.
 * @param symbols          the symbols it entitles.
 * @param delaySeconds     how late the market is shown: 0 for real time.
 * @param replay           whether {@code op:replay} is allowed.
 * @param admin            whether {@code /metrics} may be read.
 */
public record Grant(
    String subject,
    long expiresAtSeconds,
    SymbolPatterns symbols,
    long delaySeconds,
    boolean replay,
    boolean admin)
{
    /**
     * Everything, in real time, forever: a gateway without authentication.
     */
    public static final Grant OPEN = new Grant(null, Long.MAX_VALUE, SymbolPatterns.ALL, 0, true, true);

    /**
     * @return true when {@code symbol} may be streamed, snapshotted or replayed.
     */
    public boolean entitles(final CharSequence symbol)
    {
        return symbols.matches(symbol);
    }

    /**
     * @return true when the grant has an end (an {@link #OPEN} grant has none).
     */
    public boolean expires()
    {
        return Long.MAX_VALUE != expiresAtSeconds;
    }

    /**
     * @return the subject for a log line: {@code -} when the token named none.
     */
    public String who()
    {
        return null == subject ? "-" : subject;
    }
}
