package io.tickgate.client;

import io.tickgate.protocol.Prices;
import io.tickgate.protocol.WireFormat;

import java.math.BigDecimal;
import java.nio.ByteBuffer;

/**
 * One quote, as a reused flyweight: in binary mode it reads the fields in place from the received frame, in JSON
 * mode it holds the values parsed from the message. Prices are fixed-point mantissas with
 * {@link Prices#DECIMALS} implied decimals ({@code 18_912_000_000} is 189.12), exactly as the gateway holds them.
 * <p>
 * <b>Threading:</b> valid only during {@link QuoteListener#onQuote}; the next quote overwrites it. Not threadsafe.
 * The accessors do not allocate, except the {@code *AsDecimal()} conveniences and {@link #toString()}.
 */
public final class Quote
{
    /** Whether a quote is an ordinary update or the first value after a subscribe. */
    public enum Kind
    {
        /** An update ({@code "type":"tick"}, binary kind 1). Replayed ticks are ticks too. */
        TICK,
        /** The last value at subscription time ({@code "type":"snapshot"}, binary kind 2). */
        SNAPSHOT
    }

    private String symbol;
    private int symbolId = -1;

    private ByteBuffer buffer;
    private int body;

    private Kind kind = Kind.TICK;
    private long seq;
    private long ts;
    private long ingestTimeNanos;
    private long bid;
    private long ask;
    private long last;
    private long bidSize;
    private long askSize;
    private long lastSize;
    private long volume;

    /**
     * Read fields in place from a binary quote body.
     *
     * @param buffer   holding the frame, little-endian.
     * @param body     offset of the quote's body, after its header.
     * @param symbolId the body's symbol id.
     * @param symbol   the cached name for that id.
     * @return this.
     */
    Quote wrapBinary(final ByteBuffer buffer, final int body, final int symbolId, final String symbol)
    {
        this.buffer = buffer;
        this.body = body;
        this.symbolId = symbolId;
        this.symbol = symbol;
        return this;
    }

    /**
     * Start a JSON quote: every field back to zero, ready for the setters.
     *
     * @return this.
     */
    Quote resetForJson()
    {
        buffer = null;
        symbol = null;
        symbolId = -1;
        kind = Kind.TICK;
        seq = 0;
        ts = 0;
        ingestTimeNanos = 0;
        bid = 0;
        ask = 0;
        last = 0;
        bidSize = 0;
        askSize = 0;
        lastSize = 0;
        volume = 0;
        return this;
    }

    void symbol(final String symbol)
    {
        this.symbol = symbol;
    }

    void kind(final Kind kind)
    {
        this.kind = kind;
    }

    void seq(final long seq)
    {
        this.seq = seq;
    }

    void ts(final long ts)
    {
        this.ts = ts;
    }

    void bid(final long bid)
    {
        this.bid = bid;
    }

    void ask(final long ask)
    {
        this.ask = ask;
    }

    void last(final long last)
    {
        this.last = last;
    }

    void bidSize(final long bidSize)
    {
        this.bidSize = bidSize;
    }

    void askSize(final long askSize)
    {
        this.askSize = askSize;
    }

    void lastSize(final long lastSize)
    {
        this.lastSize = lastSize;
    }

    void volume(final long volume)
    {
        this.volume = volume;
    }

    /**
     * @return the symbol; the same String instance for every quote of that symbol.
     */
    public String symbol()
    {
        return symbol;
    }

    /**
     * @return the gateway's symbol id in binary mode, -1 in JSON mode.
     */
    public int symbolId()
    {
        return symbolId;
    }

    /**
     * @return tick or snapshot.
     */
    public Kind kind()
    {
        if (null != buffer)
        {
            final byte binaryKind = buffer.get(body + WireFormat.QUOTE_KIND_OFFSET);
            return WireFormat.KIND_SNAPSHOT == binaryKind ? Kind.SNAPSHOT : Kind.TICK;
        }
        return kind;
    }

    /**
     * @return true for a snapshot.
     */
    public boolean isSnapshot()
    {
        return Kind.SNAPSHOT == kind();
    }

    /**
     * @return the per-symbol sequence number, from 1, +1 for every tick of the symbol in the journal.
     */
    public long seq()
    {
        return null != buffer ? buffer.getLong(body + WireFormat.QUOTE_SEQ_OFFSET) : seq;
    }

    /**
     * @return the feed's event time, microseconds since the epoch.
     */
    public long ts()
    {
        return null != buffer ? buffer.getLong(body + WireFormat.QUOTE_TS_OFFSET) : ts;
    }

    /**
     * @return when the tick entered the gateway's journal, nanoseconds since the epoch; binary mode only, 0 in JSON.
     */
    public long ingestTimeNanos()
    {
        return null != buffer ? buffer.getLong(body + WireFormat.QUOTE_INGEST_TIME_OFFSET) : ingestTimeNanos;
    }

    /**
     * @return the bid as a fixed-point mantissa (8 decimals).
     */
    public long bid()
    {
        return null != buffer ? buffer.getLong(body + WireFormat.QUOTE_BID_OFFSET) : bid;
    }

    /**
     * @return the ask as a fixed-point mantissa (8 decimals).
     */
    public long ask()
    {
        return null != buffer ? buffer.getLong(body + WireFormat.QUOTE_ASK_OFFSET) : ask;
    }

    /**
     * @return the last trade price as a fixed-point mantissa (8 decimals).
     */
    public long last()
    {
        return null != buffer ? buffer.getLong(body + WireFormat.QUOTE_LAST_OFFSET) : last;
    }

    /**
     * @return the bid size.
     */
    public long bidSize()
    {
        return null != buffer ? buffer.getLong(body + WireFormat.QUOTE_BID_SIZE_OFFSET) : bidSize;
    }

    /**
     * @return the ask size.
     */
    public long askSize()
    {
        return null != buffer ? buffer.getLong(body + WireFormat.QUOTE_ASK_SIZE_OFFSET) : askSize;
    }

    /**
     * @return the last trade size.
     */
    public long lastSize()
    {
        return null != buffer ? buffer.getLong(body + WireFormat.QUOTE_LAST_SIZE_OFFSET) : lastSize;
    }

    /**
     * @return the volume.
     */
    public long volume()
    {
        return null != buffer ? buffer.getLong(body + WireFormat.QUOTE_VOLUME_OFFSET) : volume;
    }

    /**
     * Cold-path convenience; allocates.
     *
     * @return the bid as an exact decimal.
     */
    public BigDecimal bidAsDecimal()
    {
        return BigDecimal.valueOf(bid(), Prices.DECIMALS).stripTrailingZeros();
    }

    /**
     * Cold-path convenience; allocates.
     *
     * @return the ask as an exact decimal.
     */
    public BigDecimal askAsDecimal()
    {
        return BigDecimal.valueOf(ask(), Prices.DECIMALS).stripTrailingZeros();
    }

    /**
     * Cold-path convenience; allocates.
     *
     * @return the last trade price as an exact decimal.
     */
    public BigDecimal lastAsDecimal()
    {
        return BigDecimal.valueOf(last(), Prices.DECIMALS).stripTrailingZeros();
    }

    /**
     * Debug rendering with exact decimal prices; allocates.
     *
     * @return the quote as text.
     */
    public String toString()
    {
        return "Quote{" + kind() + " " + symbol +
            " seq=" + seq() +
            " ts=" + ts() +
            " bid=" + bidAsDecimal().toPlainString() + "x" + bidSize() +
            " ask=" + askAsDecimal().toPlainString() + "x" + askSize() +
            " last=" + lastAsDecimal().toPlainString() + "x" + lastSize() +
            " volume=" + volume() + '}';
    }
}
