/**
 * Test fixtures shared by the modules' tests, none of which needs the gateway: WebSocket clients that check every
 * frame ({@link io.tickgate.testing.RawWsClient} on a plain socket, {@link io.tickgate.testing.WsClient} on
 * java.net.http), the JSON and binary-frame readers behind them, {@link io.tickgate.testing.Metrics} for
 * {@code /metrics}, {@link io.tickgate.testing.ChildJvm} for process tests and {@link io.tickgate.testing.Await} for
 * waiting with a deadline.
 * <p>
 * Why the gateway fixture is not here: the gateway's own tests use these clients, so this module cannot depend on the
 * gateway (Maven refuses a cycle even through test scope). {@code GatewayFixture}, which launches a
 * {@code Gateway}, lives in the gateway's test tree and is shared through the gateway's test jar. The parser of the
 * gateway's {@code listening http=P ingest=Q} line is not here either: it is {@code io.tickgate.gateway.ListeningLine},
 * which also formats the line the command line prints, and perf's main code (not only tests) reads it.
 */
package io.tickgate.testing;
