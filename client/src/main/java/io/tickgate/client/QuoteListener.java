package io.tickgate.client;

/**
 * Receives every quote (snapshot or tick) the client delivers.
 * <p>
 * <b>Threading:</b> called on the WebSocket's receiving thread, never concurrently with itself or with the
 * {@link ClientListener} callbacks of the same client. The {@link Quote} is a reused flyweight: it is valid only
 * during the call; copy what you need to keep. Do not block: the next frame is read only after this returns.
 */
@FunctionalInterface
public interface QuoteListener
{
    /**
     * One quote, already checked for duplicates (a seq at or below the last one seen for its symbol is dropped
     * before it gets here).
     *
     * @param quote the reused flyweight, valid only during this call.
     */
    void onQuote(Quote quote);
}
