package io.tickgate.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Configuration from outside is checked before anything starts, and each bad value is named in the error.
 */
class GatewayContextTest
{
    static Stream<org.junit.jupiter.params.provider.Arguments> badValues()
    {
        return Stream.of(
            arguments("port", (UnaryOperator<GatewayContext>)ctx -> ctx.port(70_000)),
            arguments("port", (UnaryOperator<GatewayContext>)ctx -> ctx.port(-1)),
            arguments("ingest-port", (UnaryOperator<GatewayContext>)ctx -> ctx.ingestPort(-2)),
            arguments("journal", (UnaryOperator<GatewayContext>)ctx -> ctx.journalDir(null)),
            arguments("sim-symbols", (UnaryOperator<GatewayContext>)ctx -> ctx.simSymbols(-1)),
            arguments("sim-symbols", (UnaryOperator<GatewayContext>)ctx -> ctx.simSymbols(1_000_000)),
            arguments("sim-rate", (UnaryOperator<GatewayContext>)ctx -> ctx.simRate(0)),
            arguments("heartbeat-ms", (UnaryOperator<GatewayContext>)ctx -> ctx.heartbeatMs(10)),
            arguments("max-symbols-per-connection",
                (UnaryOperator<GatewayContext>)ctx -> ctx.maxSymbolsPerConnection(0)),
            arguments("max-commands-per-second", (UnaryOperator<GatewayContext>)ctx -> ctx.maxCommandsPerSecond(0)),
            arguments("max-command-bytes", (UnaryOperator<GatewayContext>)ctx -> ctx.maxCommandBytes(10)),
            arguments("session-buffer", (UnaryOperator<GatewayContext>)ctx -> ctx.sessionBufferBytes(16 << 20)),
            arguments("max-session-buffer", (UnaryOperator<GatewayContext>)ctx -> ctx.maxSessionBufferBytes(1000)),
            arguments("max-buffer-memory", (UnaryOperator<GatewayContext>)ctx -> ctx.maxBufferMemory(1 << 20)),
            arguments("close-grace-ms", (UnaryOperator<GatewayContext>)ctx -> ctx.closeGraceMs(-1)),
            arguments("drain-ms", (UnaryOperator<GatewayContext>)ctx -> ctx.drainMs(-1)),
            arguments("drain-ms", (UnaryOperator<GatewayContext>)ctx -> ctx.drainMs(GatewayContext.MAX_DRAIN_MS + 1)),
            arguments("peer-timeout-ms", (UnaryOperator<GatewayContext>)ctx -> ctx.peerTimeoutMs(1000)),
            arguments("session-buffer", (UnaryOperator<GatewayContext>)ctx -> ctx.sessionBufferBytes(1024)),
            arguments("max-frame-bytes", (UnaryOperator<GatewayContext>)ctx -> ctx.maxFrameBytes(100)),
            arguments("max-frame-bytes", (UnaryOperator<GatewayContext>)ctx -> ctx.maxFrameBytes(1 << 20)),
            arguments("slow-consumer-timeout-ms", (UnaryOperator<GatewayContext>)ctx -> ctx.slowConsumerTimeoutMs(1)),
            arguments("socket-send-buffer", (UnaryOperator<GatewayContext>)ctx -> ctx.socketSendBufferBytes(-1)),
            arguments("ingest-idle-timeout-ms", (UnaryOperator<GatewayContext>)ctx -> ctx.ingestIdleTimeoutMs(0)),
            arguments("ingest-max-new-symbols", (UnaryOperator<GatewayContext>)ctx -> ctx.ingestMaxNewSymbols(-1)),
            arguments("replay-min-rate", (UnaryOperator<GatewayContext>)ctx -> ctx.replayMinRate(-1)),
            arguments("max-ts-skew-ms", (UnaryOperator<GatewayContext>)ctx -> ctx.maxTsSkewMs(-1)),
            arguments("ts-skew-policy", (UnaryOperator<GatewayContext>)ctx -> ctx.tsSkewPolicy("drop")),
            arguments("request-parse-timeout-ms", (UnaryOperator<GatewayContext>)ctx -> ctx.requestParseTimeoutMs(0)),
            arguments("io-threads", (UnaryOperator<GatewayContext>)ctx -> ctx.ioThreads(0)),
            arguments("max-delay-lines", (UnaryOperator<GatewayContext>)ctx -> ctx.maxDelayLines(-1)),
            arguments("max-delay-lines", (UnaryOperator<GatewayContext>)ctx -> ctx.maxDelayLines(65)),
            arguments("delay-line-grace-ms", (UnaryOperator<GatewayContext>)ctx -> ctx.delayLineGraceMs(-1)),
            arguments("symbol-capacity", (UnaryOperator<GatewayContext>)ctx -> ctx.symbolCapacity(0)),
            arguments("idle", (UnaryOperator<GatewayContext>)ctx -> ctx.idle("turbo")),
            arguments("threads", (UnaryOperator<GatewayContext>)ctx -> ctx.threads("many")),
            arguments("--insecure-no-auth", (UnaryOperator<GatewayContext>)ctx -> ctx.host("0.0.0.0")),
            arguments("--auth-hs256-secret-file", (UnaryOperator<GatewayContext>)ctx -> ctx.host("0.0.0.0")),
            arguments("ingest-host", (UnaryOperator<GatewayContext>)ctx -> ctx.ingestHost(" ")));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void shouldNameTheBadOption(final String option, final UnaryOperator<GatewayContext> configure)
    {
        final GatewayContext ctx = configure.apply(new GatewayContext().journalDir(Path.of("unused")));
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, ctx::conclude);
        assertTrue(error.getMessage().contains(option), error.getMessage());
    }

    @Test
    void shouldListenBeyondLoopbackOnlyWhenToldTwiceAndKeepIngestOnLoopback()
    {
        for (final String loopback : new String[]{ "127.0.0.1", "127.0.0.2", "localhost", "::1" })
        {
            assertEquals(loopback, new GatewayContext().journalDir(Path.of("unused")).host(loopback).conclude().host());
        }
        final GatewayContext open = new GatewayContext().journalDir(Path.of("unused")).host("0.0.0.0")
            .insecureNoAuth(true).conclude();
        assertEquals("0.0.0.0", open.host());
        assertEquals("127.0.0.1", open.ingestHost(), "the ingest port never follows --host");
    }

    @Test
    void shouldAcceptTheDefaults()
    {
        final GatewayContext ctx = new GatewayContext().journalDir(Path.of("unused")).conclude();
        assertEquals("127.0.0.1", ctx.host());
        assertEquals("127.0.0.1", ctx.ingestHost());
        assertEquals(256 * 1024, ctx.sessionBufferBytes());
    }
}
