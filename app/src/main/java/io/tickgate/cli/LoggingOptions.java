package io.tickgate.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.util.List;

/**
 * {@code --log-level} and {@code --log-format}, options of every command (inherited from {@code tickgate}), applied
 * by {@link LogSetup} before the command runs.
 */
final class LoggingOptions
{
    @Option(names = "--log-level", scope = ScopeType.INHERIT, split = ",", paramLabel = "[LOGGER=]LEVEL",
        defaultValue = "info", converter = LogLevel.Converter.class, description = "trace, debug, info, warn, " +
        "error or off for every logger, or LOGGER=LEVEL for a logger and those under it " +
        "(io.tickgate.gateway=debug); repeat it or separate by commas. Chronicle, XNIO and Undertow log at warn " +
        "unless named (default: ${DEFAULT-VALUE}).")
    List<LogLevel> levels;

    @Option(names = "--log-format", scope = ScopeType.INHERIT, paramLabel = "text|json", description = "Log lines " +
        "on standard error as text, or as json: one JSON object per line for log shippers (default: " +
        "${DEFAULT-VALUE}).")
    LogFormat format = LogFormat.TEXT;
}
