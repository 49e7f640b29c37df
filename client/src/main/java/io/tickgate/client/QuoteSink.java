package io.tickgate.client;

/**
 * Where the frame decoders hand decoded quotes. <b>Note:</b> called on the decoding thread.
 */
interface QuoteSink
{
    /**
     * @param state the quote's symbol.
     * @param quote the flyweight, valid only during this call.
     */
    void onQuote(SymbolState state, Quote quote);
}
