package io.tickgate.cli;

import io.tickgate.gateway.GatewayContext;
import picocli.CommandLine.Option;

/**
 * Delayed data's bounds (docs/operations.md): how many delays are served at once, and how long an unused one is
 * kept.
 */
final class DelayOptions
{
    @Option(names = "--max-delay-lines", description = "Most delays served at once, each by a trailing journal " +
        "reader and last-value cache shared by the connections with that delay; a connection with one more delay " +
        "is refused (LIMIT, close 1013) (default: 8, at most 64).")
    int maxDelayLines = 8;

    @Option(names = "--delay-line-grace-ms", description = "Close a delay no connection uses after this long " +
        "(default: 60000).")
    long delayLineGraceMs = 60_000;

    void applyTo(final GatewayContext ctx)
    {
        ctx.maxDelayLines(maxDelayLines).delayLineGraceMs(delayLineGraceMs);
    }
}
