package io.tickgate.gateway.hostile;

import io.tickgate.gateway.Gateway;
import io.tickgate.gateway.GatewayContext;
import io.tickgate.testing.Await;
import io.tickgate.testing.Metrics;
import io.tickgate.testing.WsClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The harness every hostile case runs in: one real gateway (loopback, ephemeral ports, a journal in a temp
 * directory, TCP ingest on) with small limits so abuse hits them fast, a polite feed on its ingest port and a
 * polite full-mode client, both for the whole test class. {@link #run} takes the process's footprint, lets the case
 * abuse the gateway, then requires the polite client to have every seq up to the feed's latest and the footprint
 * to be back to the baseline, each with a deadline, and prints one line of figures per case.
 * <p>
 * The close grace is left at its default (2 s): a cut-off client that reads again within it still gets its close
 * frame behind its backlog, which is how the cases read the gateway's answer after letting a backlog pile up.
 * <p>
 * The gateway is launched directly, not through {@code GatewayFixture}: its ticks come in over TCP ingest, which
 * needs the journal's single writer that the fixture would hold.
 */
final class HostileGateway implements AutoCloseable
{
    static final int SESSION_BUFFER = 128 * 1024;
    static final long BUFFER_BUDGET = 64L << 20;
    static final int MAX_CONNECTIONS = 48;
    static final int COMMANDS_PER_SECOND = 5;
    static final int REFUSED_BEFORE_CLOSE = 20;
    static final int MAX_COMMAND_BYTES = 32 * 1024;
    /** Long enough that a multi-second stall of a loaded 2-core machine (seen: fan-out p50 1.4 s in a full build
     *  beside another build) does not make the polite client look unresponsive; the half-open case waits this long. */
    static final long PEER_TIMEOUT_MS = 6_000;
    static final int INGEST_MAX_NEW_SYMBOLS = 256;
    // the polite feed writes every millisecond, but a loaded 2-core machine (a full build) can starve its thread
    // for longer than half a second

    /** A case: abuse the gateway, and check its answers to the abusers. */
    interface Case
    {
        void abuse(HostileGateway gateway) throws Exception;
    }

    final Gateway gateway;
    private final IngestTicker ticker;
    private final PoliteClient polite;

    HostileGateway(final Path journalDir) throws IOException
    {
        gateway = Gateway.launch(new GatewayContext().port(0).ingestPort(0).journalDir(journalDir)
            .heartbeatMs(250).peerTimeoutMs(PEER_TIMEOUT_MS).slowConsumerTimeoutMs(8_000)
            .sessionBufferBytes(SESSION_BUFFER).maxSessionBufferBytes(2 * SESSION_BUFFER).maxFrameBytes(8 * 1024)
            .socketSendBufferBytes(16 * 1024).maxBufferMemory(BUFFER_BUDGET)
            .maxConnections(MAX_CONNECTIONS)
            .maxCommandsPerSecond(COMMANDS_PER_SECOND).commandBurst(10).refusedCommandsBeforeClose(REFUSED_BEFORE_CLOSE)
            .maxCommandBytes(MAX_COMMAND_BYTES)
            .requestParseTimeoutMs(500).ingestIdleTimeoutMs(3_000).ingestMaxNewSymbols(INGEST_MAX_NEW_SYMBOLS)
            .replayMinRate(100_000));
        ticker = new IngestTicker(gateway.ingestPort());
        Await.until(() -> gateway.symbolCount() >= IngestTicker.symbolCount(), () -> "the feed's symbols");
        polite = new PoliteClient(gateway.port(), IngestTicker.POLITE);
        // the JDK client's own selector thread and pipes stay once made: make them before any baseline
        WsClient.connect(gateway.port()).close();
        Await.until(() -> metric("tickgate_connections") == 1, () -> "the warm-up connection closed");
    }

    int port()
    {
        return gateway.port();
    }

    int ingestPort()
    {
        return gateway.ingestPort();
    }

    /**
     * @return the polite symbol's last seq journaled (or about to be): how much of its history there is.
     */
    long politeSeq()
    {
        return ticker.politeSeq();
    }

    long metric(final String name)
    {
        return Metrics.value(gateway.metricsText(), name);
    }

    /**
     * Run one case between two footprints and check the polite client and the return to the baseline.
     */
    void run(final String name, final Case hostile)
    {
        final Footprint before = Footprint.take(gateway);
        final long ticksBefore = polite.ticks();
        polite.takeMaxLatencyMicros();
        try
        {
            hostile.abuse(this);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final Exception ex)
        {
            throw new AssertionError(ex);
        }
        ticker.assertFeeding();
        polite.awaitSeq(ticker.politeSeq());
        final long latencyMs = polite.takeMaxLatencyMicros() / 1000;
        final Footprint[] after = { null };
        Await.until(() -> (after[0] = Footprint.take(gateway)).within(before, BUFFER_BUDGET), Duration.ofSeconds(20),
            () -> "back to the baseline after " + name + ": " + after[0].since(before));
        System.out.println("hostile " + name + ": " + after[0].since(before) + "; polite " +
            (polite.ticks() - ticksBefore) + " ticks, no gap, worst latency " + latencyMs + " ms");
    }

    public void close()
    {
        polite.close();
        ticker.close();
        gateway.close();
    }
}
