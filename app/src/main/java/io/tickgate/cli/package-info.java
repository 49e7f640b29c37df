/**
 * The {@code tickgate} command line: demo, serve, feed, export and tail; bench is listed, but the launcher runs it
 * from the perf module's jar.
 */
package io.tickgate.cli;
