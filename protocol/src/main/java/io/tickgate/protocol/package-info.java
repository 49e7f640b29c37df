/**
 * The tickgate wire format, with no dependencies: the binary record layout ({@link io.tickgate.protocol.WireFormat}),
 * fixed-point prices ({@link io.tickgate.protocol.Prices}) and the symbol rule
 * ({@link io.tickgate.protocol.SymbolRule}). The gateway's codec and the Java client both build on it, so the two
 * sides cannot drift apart. Nothing here allocates, except where a method says so.
 */
package io.tickgate.protocol;
