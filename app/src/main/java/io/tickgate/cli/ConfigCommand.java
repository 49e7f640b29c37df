package io.tickgate.cli;

import picocli.CommandLine.Command;

/**
 * {@code tickgate config}: the configuration's tools.
 */
@Command(name = "config", mixinStandardHelpOptions = true, subcommands = ConfigPrintCommand.class,
    description = "Show the configuration that serve would run with.")
final class ConfigCommand
{
}
