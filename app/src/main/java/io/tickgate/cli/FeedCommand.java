package io.tickgate.cli;

import picocli.CommandLine.Command;

/**
 * {@code tickgate feed}: feed adapters that run as their own process and write a journal directory.
 */
@Command(name = "feed", mixinStandardHelpOptions = true, subcommands = FeedCsvCommand.class,
    description = "Run a feed adapter that writes ticks into a journal.")
final class FeedCommand
{
}
