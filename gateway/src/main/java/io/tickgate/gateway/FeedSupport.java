package io.tickgate.gateway;

import io.tickgate.feed.CsvIngest;
import io.tickgate.feed.FeedAgent;
import io.tickgate.feed.IngestCounters;
import io.tickgate.feed.IngestError;
import io.tickgate.feed.IngestLimits;
import io.tickgate.feed.MarketSimulator;
import io.tickgate.feed.RateLimitedLog;
import io.tickgate.feed.TcpIngestServer;
import io.tickgate.feed.TsSkewPolicy;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalStatus;
import io.tickgate.journal.JournalWriter;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SystemNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The feed side of a gateway process: when the context asks for the simulator or TCP ingest, one feed agent owns the
 * journal's single writer and runs both (the single-writer principle: seqs and symbol ids have one author).
 */
final class FeedSupport implements AutoCloseable
{
    static final int MAX_INGEST_CONNECTIONS = 64;
    static final int SIM_TICKS_PER_DUTY_CYCLE = 1_000;
    static final int BAD_LINES_LOGGED_PER_SECOND = 5;
    /** Beyond the ingest's own drain budget (about 1 s of waits for slow readers) and its reads. */
    private static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(3);
    private static final Logger LOG = LoggerFactory.getLogger(FeedSupport.class);

    private final IngestCounters counters;
    private final JournalStatus journalStatus;
    private final MarketSimulator simulator;
    private final TcpIngestServer tcpIngest;
    private final FeedAgent agent;
    private AgentRunner runner;

    private FeedSupport(
        final IngestCounters counters,
        final JournalStatus journalStatus,
        final MarketSimulator simulator,
        final TcpIngestServer tcpIngest,
        final FeedAgent agent)
    {
        this.counters = counters;
        this.journalStatus = journalStatus;
        this.simulator = simulator;
        this.tcpIngest = tcpIngest;
        this.agent = agent;
    }

    /**
     * Make the feed agent, when the context asks for a feed; {@link #startOnOwnThread} or hand {@link #agent()} to
     * another agent's thread.
     */
    static FeedSupport create(final GatewayContext ctx, final Journal journal)
    {
        if (0 == ctx.simSymbols() && ctx.ingestPort() < 0)
        {
            return new FeedSupport(null, null, null, null, null);
        }
        final JournalWriter writer = journal.writer(ctx.journalWriterOptions());
        TcpIngestServer tcpIngest = null;
        try
        {
            final IngestCounters counters = new IngestCounters();
            final CsvIngest ingest = new CsvIngest(writer, counters,
                new RateLimitedLog(BAD_LINES_LOGGED_PER_SECOND, SystemNanoClock.INSTANCE), ctx.epochClock(), null,
                ctx.tsSkew());
            if (ctx.ingestPort() >= 0)
            {
                tcpIngest = new TcpIngestServer(ctx.ingestHost(), ctx.ingestPort(), ingest, ctx.nanoClock(),
                    new IngestLimits(MAX_INGEST_CONNECTIONS, ctx.ingestIdleTimeoutMs(),
                        ctx.ingestMaxNewSymbols(), ctx.ingestToken()));
            }
            final MarketSimulator simulator = ctx.simSymbols() > 0 ? new MarketSimulator(
                ctx.simSymbols(), ctx.simSeed(), ctx.simRate(), SIM_TICKS_PER_DUTY_CYCLE, writer) : null;
            if (null != simulator)
            {
                // here, before the feed thread starts and the port opens: every simulated symbol is then listed and
                // has a value, however quiet it is
                simulator.open(ctx.epochClock().nanoTime());
            }
            return new FeedSupport(counters, writer.status(), simulator, tcpIngest,
                new FeedAgent(writer, simulator, tcpIngest, ctx.epochClock()));
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(tcpIngest, writer);
            throw ex;
        }
    }

    /**
     * @return the feed agent, or null when there is no feed.
     */
    Agent agent()
    {
        return agent;
    }

    /**
     * @param errorHandler told of each exception that escapes the feed's duty cycle (the feed carries on).
     */
    void startOnOwnThread(final GatewayContext ctx, final ErrorHandler errorHandler)
    {
        if (null != agent)
        {
            runner = new AgentRunner(ctx.idleStrategy(), errorHandler, null, agent);
            AgentRunner.startOnThread(runner);
        }
    }

    /**
     * Stop taking ticks before anything else shuts down: the feed's thread drains the TCP ingest (no new clients,
     * every complete line received journaled, final acknowledgements); wait for it, within a bound, so a stuck feed
     * cannot hold the shutdown (closing the agent drains it then, if it has not yet).
     */
    void drainIngest()
    {
        if (null == tcpIngest)
        {
            return;
        }
        agent.requestIngestDrain();
        final long deadline = System.nanoTime() + DRAIN_TIMEOUT_NS;
        while (!agent.isIngestDrained() && System.nanoTime() - deadline < 0)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /**
     * @return valid lines the journal refused (symbol table full, or the writer refusing), 0 without a feed.
     */
    long journalRefused()
    {
        return null == counters ? 0 : counters.journalRefused();
    }

    /**
     * The journal writer refusing ticks (disk below {@code --min-free-disk}, a write that failed) means the gateway
     * cannot take what feeds send: unavailable, with the writer's reason.
     *
     * @return the problem, or null while the writer accepts ticks or there is no writer here.
     */
    HealthCheck.Problem journalWriting()
    {
        if (null == journalStatus || journalStatus.accepting())
        {
            return null;
        }
        return new HealthCheck.Problem("journal_refusing", true, "the journal refuses ticks since " +
            Instant.ofEpochMilli(journalStatus.sinceMillis()) + ": " + journalStatus.reason());
    }

    int ingestPort()
    {
        return null == tcpIngest ? -1 : tcpIngest.port();
    }

    /**
     * Register the feed's families: read at each scrape.
     */
    void describe(final MetricFamilies families)
    {
        if (null == counters)
        {
            return;
        }
        final Map<String, LongSupplier> rejected = new LinkedHashMap<>();
        for (int code = 0; code < IngestError.count(); code++)
        {
            final IngestError error = IngestError.get(code);
            rejected.put(error.metricLabel(), () -> counters.rejected(error));
        }
        families.counter("tickgate_ingest_accepted_total", "CSV lines journaled", counters::accepted)
            .counter("tickgate_ingest_skipped_total", "CSV header, comment and empty lines", counters::skipped)
            .counters("tickgate_ingest_rejected_total", "Bad CSV lines, not journaled", "kind", rejected)
            .counter("tickgate_ingest_journal_refused_total",
                "Valid lines the journal refused (symbols full, disk low, write failed)", counters::journalRefused)
            .gauge("tickgate_journal_refusing", "1 while the journal writer refuses ticks (disk low, write failed)",
                () -> journalStatus.accepting() ? 0 : 1)
            .counter("tickgate_journal_retention_deleted_files_total", "Journal day files deleted by retention",
                journalStatus::deletedCycles)
            .counter("tickgate_journal_retention_deleted_bytes_total",
                "Bytes of journal day files retention deleted", journalStatus::deletedBytes)
            .counters("tickgate_ingest_future_ts_total", "Ticks whose ts was further ahead of the clock than " +
                "--max-ts-skew-ms, by what was done", "action", futureTs())
            .counter("tickgate_ingest_partial_lines_dropped_total",
                "Incomplete last lines of TCP ingest connections that closed (or were drained) mid-line",
                counters::partialLinesDropped)
            .gauge("tickgate_ingest_connections", "Open TCP ingest connections",
                () -> null == tcpIngest ? 0 : tcpIngest.connectionCount())
            .counter("tickgate_ingest_connections_refused_total", "TCP ingest connections over the limit",
                counters::connectionsRefused)
            .counter("tickgate_ingest_connections_idle_closed_total",
                "TCP ingest connections closed after sending nothing for the idle timeout",
                counters::connectionsIdleClosed)
            .counter("tickgate_sim_ticks_total", "Ticks the simulator journaled",
                () -> null == simulator ? 0 : simulator.emitted());
    }

    private Map<String, LongSupplier> futureTs()
    {
        final Map<String, LongSupplier> values = new LinkedHashMap<>();
        for (final TsSkewPolicy.Action action : TsSkewPolicy.Action.values())
        {
            values.put(action.label(), () -> counters.futureTs(action));
        }
        return values;
    }

    /**
     * Stop the feed's own thread; a feed that shares the publisher's thread is closed with it.
     */
    public void close()
    {
        CloseHelper.quietClose(runner);
    }
}
