/**
 * The {@code tickgate} command line: demo, serve, feed and export.
 */
package io.tickgate.cli;
