package io.tickgate.gateway;

import io.tickgate.gateway.publisher.Publisher;
import io.tickgate.gateway.security.TlsContext;
import io.tickgate.gateway.security.TlsListener;
import io.tickgate.journal.Journal;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.xnio.Options;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A running gateway: the journal, the feed agent (simulator and TCP ingest, when configured), the publisher agent
 * and the Undertow server on one port. {@link #launch} returns once the journal has been read to its end and the
 * port is open; {@link #close()} drains the TCP ingest, says goodbye to clients (1001) and releases everything.
 */
public final class Gateway implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    /** Beyond the clients' close grace: the publisher needs a sweep to close the last sockets. */
    private static final long SHUTDOWN_MARGIN_MS = 500;
    private static final long SUMMARY_EVERY_SECONDS = 10;
    private static final long CATCH_UP_POLL_NS = 1_000_000;
    /** How long a rise of an error counter keeps {@code /health} degraded. */
    private static final long HEALTH_WINDOW_NS = TimeUnit.SECONDS.toNanos(60);

    private final GatewayContext ctx;
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final Journal journal;
    private final FeedSupport feed;
    private final Publisher publisher;
    private final AgentRunner publisherRunner;
    private final StreamEndpoint stream;
    private final Undertow server;
    private final MetricsPage metricsPage;
    private final TlsContext tls;
    private final TlsListener tlsListener;
    private final ScheduledExecutorService reporter;
    private final Histogram fullSinceSummary = FanOutLatency.newHistogram();

    private Gateway(final GatewayContext ctx, final BooleanSupplier stop)
    {
        this.ctx = ctx;
        journal = Journal.open(ctx.journalDir());
        try
        {
            feed = FeedSupport.create(ctx, journal);
            publisher = new Publisher(ctx, metrics, journal);
            final Agent feedAgent = feed.agent();
            if (ctx.sharedThread() && null != feedAgent)
            {
                // one thread takes turns: feed duty cycle, then publisher duty cycle (docs/architecture.md)
                publisherRunner = new AgentRunner(ctx.idleStrategy(), this::onAgentError, null,
                    new CompositeAgent(feedAgent, publisher));
            }
            else
            {
                feed.startOnOwnThread(ctx, this::onAgentError);
                publisherRunner = new AgentRunner(ctx.idleStrategy(), this::onAgentError, null, publisher);
            }
            AgentRunner.startOnThread(publisherRunner);
            awaitCatchUp(stop);

            final TokenCheck tokens = new TokenCheck(ctx, metrics);
            final ConnectionsPerAddress perAddress = new ConnectionsPerAddress(ctx.maxConnectionsPerIp());
            stream = new StreamEndpoint(ctx, metrics, publisher, tokens, perAddress);
            final HttpConnectionCap httpCap = new HttpConnectionCap(ctx.maxHttpConnections());
            final OriginCheck origins = new OriginCheck(ctx.allowedOrigins());
            final Undertow.Builder builder = Undertow.builder()
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int)ctx.requestParseTimeoutMs())
                // between the requests of a keep-alive connection only; an upgraded WebSocket has left HTTP
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int)ctx.httpIdleTimeoutMs());
            if (ctx.socketSendBufferBytes() > 0)
            {
                builder.setSocketOption(Options.SEND_BUFFER, ctx.socketSendBufferBytes());
            }
            tls = TlsContext.of(ctx.tlsCertFile(), ctx.tlsKeyFile(), ctx.tlsCredentials());
            metricsPage = new MetricsPage(ctx, metrics, journal, publisher, feed, httpCap, origins, perAddress, tls);
            final DrainEndpoint drains = new DrainEndpoint(tokens, this::drain, publisher::isDraining, ctx.drainMs());
            final HttpHandler routes = HttpRoutes.create(stream, origins, publisher, health(), httpCap,
                metricsPage::scrape, tokens, drains);
            if (null == tls)
            {
                builder.addHttpListener(ctx.port(), ctx.host());
            }
            server = builder
                .setIoThreads(ctx.ioThreads())
                .setWorkerThreads(2)
                .setHandler(routes)
                .build();
            server.start();
            tlsListener = null == tls ? null : TlsListener.open(server.getWorker(), ctx, routes, tls);

            reporter = Executors.newSingleThreadScheduledExecutor(runnable ->
            {
                final Thread thread = new Thread(runnable, "tickgate-metrics");
                thread.setDaemon(true);
                return thread;
            });
            reporter.scheduleAtFixedRate(this::logSummary, SUMMARY_EVERY_SECONDS, SUMMARY_EVERY_SECONDS,
                TimeUnit.SECONDS);
        }
        catch (final RuntimeException ex)
        {
            closeAll();
            throw ex;
        }
    }

    /**
     * Start a gateway.
     *
     * @param ctx its configuration; concluded here.
     * @return the running gateway.
     */
    public static Gateway launch(final GatewayContext ctx)
    {
        return launch(ctx, () -> false);
    }

    /**
     * Start a gateway, unless asked to stop while it reads the journal (which may take a while): then everything
     * opened so far is closed, the journal included, and {@link StartCancelledException} is thrown.
     *
     * @param ctx  its configuration; concluded here.
     * @param stop polled while the journal is read; true abandons the start.
     * @return the running gateway.
     */
    public static Gateway launch(final GatewayContext ctx, final BooleanSupplier stop)
    {
        return new Gateway(ctx.conclude(), stop);
    }

    /**
     * @return the bound HTTP/WebSocket port.
     */
    public int port()
    {
        return null != tlsListener ? tlsListener.address().getPort() :
            ((InetSocketAddress)server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /**
     * Read the TLS files again (SIGHUP): new handshakes use them, open connections stay. A reload that fails keeps
     * the certificate in force, logged and counted. @return true when the new files are in force.
     */
    public boolean reloadTls()
    {
        if (null == tls)
        {
            throw new IllegalStateException("no TLS to reload: the gateway was started without --tls-cert");
        }
        return tls.reload();
    }

    /**
     * @return the bound TCP ingest port, or -1 when ingest is off.
     */
    public int ingestPort()
    {
        return feed.ingestPort();
    }

    /**
     * @return how many symbols the gateway has read from the journal so far.
     */
    public int symbolCount()
    {
        return publisher.symbols().count();
    }

    public GatewayContext context()
    {
        return ctx;
    }

    /**
     * @return the metrics page as Prometheus text.
     */
    public String metricsText()
    {
        return new String(metricsPage.scrape(null).body(), StandardCharsets.UTF_8);
    }

    /**
     * Drain (any thread; SIGTERM or {@code POST /admin/drain}): {@code /health} answers 503 {@code draining} at
     * once, new WebSocket handshakes are refused with 503, every client is told {@code draining} with when to
     * reconnect, served on for {@code --drain-ms}, then closed with 1001. The port stays open; {@link #close()}
     * ends the rest, at once if called before the window ends.
     *
     * @return true for the call that started the drain, false when one had started before.
     */
    public boolean drain()
    {
        if (!publisher.drain())
        {
            return false;
        }
        metrics.drains.incrementAndGet();
        LOG.info("draining: /health answers 503, new connections are refused, the {} open ones are told to move " +
            "and closed in {} ms", metrics.connectionsOpen.get(), ctx.drainMs());
        return true;
    }

    public void close()
    {
        // ticks first: ingest clients get every complete line journaled and their final acks while all else runs
        feed.drainIngest();
        if (null != stream)
        {
            stream.shutdown();
            // every client gets its close and the grace to answer it; the publisher closes the sockets
            final long deadline = System.currentTimeMillis() + ctx.closeGraceMs() + SHUTDOWN_MARGIN_MS;
            while (metrics.connectionsOpen.get() > 0 && System.currentTimeMillis() < deadline)
            {
                LockSupport.parkNanos(1_000_000);
            }
        }
        closeAll();
    }

    private void closeAll()
    {
        if (null != reporter)
        {
            reporter.shutdownNow();
        }
        CloseHelper.quietClose(tlsListener);
        if (null != server)
        {
            try
            {
                server.stop();
            }
            catch (final RuntimeException ex)
            {
                // the agents and the journal must close whatever Undertow does, or their threads keep the JVM up
                LOG.warn("stopping the HTTP server failed; closing the rest", ex);
            }
        }
        CloseHelper.quietCloseAll(publisherRunner, feed);
        CloseHelper.quietClose(journal);
    }

    private void awaitCatchUp(final BooleanSupplier stop)
    {
        final long start = System.nanoTime();
        LOG.info("reading journal {}", ctx.journalDir());
        while (!publisher.isCaughtUp())
        {
            if (publisherRunner.isClosed())
            {
                throw new IllegalStateException("publisher stopped while reading the journal");
            }
            if (stop.getAsBoolean())
            {
                throw new StartCancelledException("stopped while reading journal " + ctx.journalDir());
            }
            LockSupport.parkNanos(CATCH_UP_POLL_NS);
        }
        LOG.info("journal {} read from its newest day in {} ms: {} records, {} symbols", ctx.journalDir(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), publisher.startupRecords(),
            publisher.symbols().count());
    }

    /**
     * The periodic summary line: counters and the full-mode (real-time) fan-out latency since the last line.
     */
    private void logSummary()
    {
        try
        {
            final Histogram interval = fullSinceSummary;
            metrics.fanOut().takeFullSince(interval);
            if (interval.getTotalCount() > 0)
            {
                LOG.info(String.format(Locale.ROOT, "connections=%d ticksIn=%d messagesOut=%d " +
                    "fanout full p50=%.3fms p99=%.3fms p99.9=%.3fms max=%.3fms",
                    metrics.connectionsOpen.get(), metrics.ticksIn.get(), metrics.messagesOut.get(),
                    interval.getValueAtPercentile(50) / 1e6, interval.getValueAtPercentile(99) / 1e6,
                    interval.getValueAtPercentile(99.9) / 1e6, interval.getMaxValue() / 1e6));
            }
        }
        catch (final RuntimeException ex)
        {
            // a scheduled task that throws is silently cancelled, so never let one escape
            LOG.error("metrics summary failed", ex);
        }
    }

    /**
     * What the publisher and feed agents' runners call with an exception that escaped a duty cycle.
     */
    void onAgentError(final Throwable throwable)
    {
        metrics.agentError(throwable);
        LOG.error("agent error (the agent carries on)", throwable);
    }

    private Health health()
    {
        final List<HealthCheck> checks = new ArrayList<>();
        checks.add(new CounterRiseCheck("agent_errors", metrics.agentErrors::get,
            count -> count + " errors escaped the publisher or feed thread; the last: " + metrics.lastAgentError(),
            ctx.nanoClock(), HEALTH_WINDOW_NS));
        checks.add(new CounterRiseCheck("journal_refused", feed::journalRefused,
            count -> count + " valid ingest lines refused by the journal", ctx.nanoClock(), HEALTH_WINDOW_NS));
        checks.add(feed::journalWriting);
        checks.add(() ->
        {
            final int symbols = publisher.symbols().count();
            final int capacity = publisher.symbols().capacity();
            return symbols < capacity ? null : new HealthCheck.Problem("symbol_table_full", false,
                "all " + capacity + " symbols are defined: lines of new symbols are refused (--symbol-capacity)");
        });
        checks.addAll(ctx.healthChecks());
        return new Health(publisher, metrics, feed, checks);
    }
}
