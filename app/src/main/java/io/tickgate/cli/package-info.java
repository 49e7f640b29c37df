/**
 * The {@code tickgate} command line: demo, serve, feed, export and tail.
 */
package io.tickgate.cli;
