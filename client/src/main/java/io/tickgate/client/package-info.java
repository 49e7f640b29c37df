/**
 * The tickgate Java client: {@link io.tickgate.client.TickgateClient} connects to a gateway's {@code /stream}
 * WebSocket (JSON or binary quotes), keeps subscriptions across reconnects, replays full-mode symbols from the last
 * seq seen so an application sees every seq once, and hands each quote to a {@link io.tickgate.client.QuoteListener}
 * as one reused {@link io.tickgate.client.Quote} flyweight.
 * <p>
 * Inside, one job per class: {@code Connector} keeps a connection up and reconnects, {@code Connection} is one
 * WebSocket (frames in, commands out, heartbeat watch), the frame decoders fill the flyweights, {@code Dispatcher}
 * applies the seq rules and turns control messages into listener calls, {@code Subscriptions} knows what to ask a new
 * connection for, and {@code Commands} writes the commands' JSON.
 */
package io.tickgate.client;
