/**
 * The gateway: one publisher thread tails the journal, keeps the last-value cache and every subscription, and fills
 * each session's bounded outbound ring; Undertow's IO threads own the sockets, parse commands and flush the rings
 * as batched WebSocket frames. HTTP endpoints share the port.
 */
package io.tickgate.gateway;
