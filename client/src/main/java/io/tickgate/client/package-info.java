/**
 * The tickgate Java client: {@link io.tickgate.client.TickgateClient} connects to a gateway's {@code /stream}
 * WebSocket (JSON or binary quotes), keeps subscriptions across reconnects, replays full-mode symbols from the last
 * seq seen so an application sees every seq once, and hands each quote to a {@link io.tickgate.client.QuoteListener}
 * as one reused {@link io.tickgate.client.Quote} flyweight.
 */
package io.tickgate.client;
