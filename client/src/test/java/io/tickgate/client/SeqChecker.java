package io.tickgate.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A quote listener for long runs: checks on the fly that each symbol's seqs arrive as 1, 2, 3, ... (every seq
 * exactly once, in order) and keeps only the count, the last seq and the first few violations.
 */
final class SeqChecker implements QuoteListener
{
    final Map<String, AtomicLong> last = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> count = new ConcurrentHashMap<>();
    final List<String> violations = new CopyOnWriteArrayList<>();

    public void onQuote(final Quote quote)
    {
        final String symbol = quote.symbol();
        final AtomicLong previous = last.computeIfAbsent(symbol, s -> new AtomicLong());
        final long seq = quote.seq();
        if (seq != previous.get() + 1 && violations.size() < 20)
        {
            violations.add(symbol + ": after " + previous.get() + " got " + seq + " (" + quote.kind() + ")");
        }
        previous.set(seq);
        count.computeIfAbsent(symbol, s -> new AtomicLong()).incrementAndGet();
    }

    long last(final String symbol)
    {
        final AtomicLong seq = last.get(symbol);
        return null == seq ? 0 : seq.get();
    }

    long count(final String symbol)
    {
        final AtomicLong seq = count.get(symbol);
        return null == seq ? 0 : seq.get();
    }

    static void await(final BooleanSupplier condition, final String what, final Recorder events)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("timed out waiting for " + what + "; events " + (null == events ? "" : events.events));
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
