/**
 * The {@code tickgate} command line: demo, serve and feed.
 */
package io.tickgate.cli;
