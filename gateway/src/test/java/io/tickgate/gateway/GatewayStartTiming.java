package io.tickgate.gateway;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A measurement, not a test: how long {@link Gateway#launch} takes, from the call to a gateway serving on its port
 * ({@code /health} says serving once it returns), over an existing journal; build one with the journal module's
 * {@code WriterOpenTiming build DIR TICKS DAYS SYMBOLS}.
 * <pre>
 *   DIR RUNS    launch and close a tail-only gateway (no feed) RUNS times; print each time and the median
 * </pre>
 * It uses only {@code GatewayContext.port/journalDir} and {@code Gateway.launch/close}, so the same class also times
 * an older gateway put first on the class path.
 */
final class GatewayStartTiming
{
    private GatewayStartTiming()
    {
    }

    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[0]);
        final long[] millis = new long[Integer.parseInt(args[1])];
        for (int run = 0; run < millis.length; run++)
        {
            final long start = System.nanoTime();
            try (Gateway gateway = Gateway.launch(new GatewayContext().port(0).host("127.0.0.1").journalDir(dir)))
            {
                millis[run] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                System.out.println("launch " + run + ": " + millis[run] + " ms, symbols " + gateway.symbolCount());
            }
        }
        Arrays.sort(millis);
        System.out.println("median gateway launch: " + millis[millis.length / 2] + " ms over " + millis.length +
            " runs");
    }
}
