package io.tickgate.cli;

import io.tickgate.feed.TsSkewPolicy;
import picocli.CommandLine.Option;

/**
 * The future-timestamp options shared by {@code serve}, {@code demo} and {@code feed csv}; checked by
 * {@link TsSkewPolicy#of} (a bad value is status 2).
 */
final class TsSkewOptions
{
    @Option(names = "--max-ts-skew-ms", description = "How far ahead of this machine's clock a tick's ts may be " +
        "(default: 60000).")
    long maxTsSkewMs = TsSkewPolicy.DEFAULT_MAX_SKEW_MS;

    @Option(names = "--ts-skew-policy", description = "What to do with a tick further ahead: reject it " +
        "(ts_in_future), clamp its ts to the clock plus the skew, or accept it as it is (default: reject).")
    String tsSkewPolicy = TsSkewPolicy.DEFAULT_ACTION;
}
