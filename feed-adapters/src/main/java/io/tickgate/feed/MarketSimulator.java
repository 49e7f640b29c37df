package io.tickgate.feed;

import io.tickgate.codec.FixedPoint;
import io.tickgate.codec.Symbols;
import io.tickgate.codec.TickFields;
import io.tickgate.journal.JournalWriter;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.SplittableRandom;

/**
 * A synthetic market for demos and load: N tickers (real US equity names first), each with a random-walk last price
 * on a 0.01 tick, a bid/ask spread of 1-5 basis points (at least one tick) around it, round-lot sizes and a volume
 * that only grows. Deterministic for a given seed.
 * <p>
 * Emits at a constant rate without drift: tick {@code n} is due at {@code start + n * 1e9 / rate}, where the first
 * {@link #doWork(long)} call sets the start; each call emits every tick due by then, at most a fixed number per call
 * so it never monopolises the thread. A tick's event time is its due time; its ingest time is the call's clock.
 * {@link #open(long)} first journals an opening quote for every ticker, so each one is defined and has a value
 * before anyone can subscribe: a quiet ticker is never an unknown symbol.
 * <p>
 * <b>Note:</b> not threadsafe; owned by the thread that owns the {@link JournalWriter}.
 */
public final class MarketSimulator
{
    /** 0.01 as a fixed-point mantissa. */
    public static final long TICK_SIZE = FixedPoint.SCALE / 100;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MIN_PRICE_CENTS = 100;
    private static final int LOT = 100;

    private final JournalWriter writer;
    private final long ticksPerSecond;
    private final int maxTicksPerCall;
    private final SplittableRandom random;
    private final TickFields fields = new TickFields();
    private final String[] names;
    private final UnsafeBuffer symbolBytes;
    private final long[] priceCents;
    private final long[] volume;
    private boolean started;
    private long startNs;
    private long scheduled;
    private long emitted;
    private long refused;

    /**
     * @param symbolCount     how many tickers to simulate.
     * @param seed            makes names, prices and the tick sequence repeatable.
     * @param ticksPerSecond  constant emission rate, 1 to 1e9.
     * @param maxTicksPerCall most ticks one {@link #doWork(long)} call emits.
     * @param writer          journals the ticks; may be null when only {@link #nextTick(TickFields)} is used.
     */
    public MarketSimulator(
        final int symbolCount,
        final long seed,
        final long ticksPerSecond,
        final int maxTicksPerCall,
        final JournalWriter writer)
    {
        if (symbolCount < 1 || ticksPerSecond < 1 || ticksPerSecond > NANOS_PER_SECOND || maxTicksPerCall < 1)
        {
            throw new IllegalArgumentException("need symbolCount >= 1, 1 <= ticksPerSecond <= 1e9, " +
                "maxTicksPerCall >= 1: " + symbolCount + ", " + ticksPerSecond + ", " + maxTicksPerCall);
        }
        this.writer = writer;
        this.ticksPerSecond = ticksPerSecond;
        this.maxTicksPerCall = maxTicksPerCall;
        this.random = new SplittableRandom(seed);

        final TickerNames tickers = TickerNames.load(symbolCount, seed);
        names = tickers.names.toArray(new String[0]);
        symbolBytes = new UnsafeBuffer(new byte[symbolCount * Symbols.MAX_LENGTH]);
        priceCents = new long[symbolCount];
        volume = new long[symbolCount];
        for (int i = 0; i < symbolCount; i++)
        {
            symbolBytes.putStringWithoutLengthAscii(i * Symbols.MAX_LENGTH, names[i]);
            priceCents[i] = Math.max(MIN_PRICE_CENTS, tickers.startPriceCents.get(i));
            volume[i] = LOT * (1L + random.nextInt(10_000));
        }
    }

    /**
     * @return how many tickers are simulated.
     */
    public int symbolCount()
    {
        return names.length;
    }

    /**
     * @param index of a ticker, as returned by {@link #nextTick(TickFields)}.
     * @return its name.
     */
    public String symbol(final int index)
    {
        return names[index];
    }

    /**
     * Journal an opening quote for every ticker, in ticker order, before the scheduled ticks begin: each ticker is
     * then defined with a value. Counted in {@link #emitted()}, not in the schedule.
     *
     * @param nowNanos epoch nanos: the quotes' event and ingest time.
     */
    public void open(final long nowNanos)
    {
        fields.eventTimeMicros = nowNanos / 1000;
        for (int index = 0; index < names.length; index++)
        {
            step(index, fields);
            append(index, nowNanos);
        }
    }

    /**
     * Emit every tick due by now, up to the per-call cap.
     *
     * @param nowNanos epoch nanos; the first call anchors the schedule.
     * @return ticks emitted by this call.
     */
    public int doWork(final long nowNanos)
    {
        if (!started)
        {
            started = true;
            startNs = nowNanos;
        }
        final long elapsedNs = nowNanos - startNs;
        if (elapsedNs < 0)
        {
            return 0;
        }
        final long due = ticksDueBy(elapsedNs) - scheduled;
        final int count = (int)Math.min(due, maxTicksPerCall);
        for (int i = 0; i < count; i++)
        {
            fields.eventTimeMicros = (startNs + offsetNs(scheduled)) / 1000;
            append(nextTick(fields), nowNanos);
            scheduled++;
        }
        return count;
    }

    private void append(final int index, final long nowNanos)
    {
        if (writer.append(symbolBytes, index * Symbols.MAX_LENGTH, names[index].length(), fields, nowNanos) < 0)
        {
            refused++;
        }
        emitted++;
    }

    /**
     * Advance one random ticker by one tick and write its values (event time untouched).
     *
     * @param fields to fill.
     * @return the ticker's index.
     */
    public int nextTick(final TickFields fields)
    {
        final int index = random.nextInt(names.length);
        step(index, fields);
        return index;
    }

    /**
     * Advance the ticker by one tick and write its values (event time untouched).
     */
    private void step(final int index, final TickFields fields)
    {
        long price = priceCents[index];
        final long maxStep = Math.max(1, price / 2_000); // about 5 bp per tick
        price += random.nextLong(-maxStep, maxStep + 1);
        if (price < MIN_PRICE_CENTS)
        {
            price = 2 * MIN_PRICE_CENTS - price; // reflect off the floor so prices stay positive
        }
        priceCents[index] = price;

        final long spread = Math.max(1, price * (1 + random.nextInt(5)) / 10_000);
        final long bid = price - spread / 2;
        final long lastSize = LOT * (1L + random.nextInt(10));
        volume[index] += lastSize;

        fields.bid = bid * TICK_SIZE;
        fields.ask = (bid + spread) * TICK_SIZE;
        fields.last = price * TICK_SIZE;
        fields.bidSize = LOT * (1L + random.nextInt(20));
        fields.askSize = LOT * (1L + random.nextInt(20));
        fields.lastSize = lastSize;
        fields.volume = volume[index];
    }

    /**
     * @return ticks emitted by {@link #open(long)} and {@link #doWork(long)}, journaled or refused.
     */
    public long emitted()
    {
        return emitted;
    }

    /**
     * @return ticks the journal refused, e.g. because its symbol table is smaller than the ticker count.
     */
    public long refused()
    {
        return refused;
    }

    private long ticksDueBy(final long elapsedNs)
    {
        // split into whole seconds and the rest so elapsed * rate cannot overflow
        return (elapsedNs / NANOS_PER_SECOND) * ticksPerSecond +
            (elapsedNs % NANOS_PER_SECOND) * ticksPerSecond / NANOS_PER_SECOND + 1;
    }

    private long offsetNs(final long n)
    {
        return (n / ticksPerSecond) * NANOS_PER_SECOND + (n % ticksPerSecond) * NANOS_PER_SECOND / ticksPerSecond;
    }
}
