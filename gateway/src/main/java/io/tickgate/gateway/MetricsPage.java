package io.tickgate.gateway;

import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tickgate.gateway.publisher.Publisher;
import io.tickgate.gateway.security.TlsContext;
import io.tickgate.journal.Journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code /metrics}: a Prometheus registry of the gateway's own (one per gateway, so gateways sharing a JVM stay
 * apart) holding every counter and gauge, read at each scrape from the atomics their owners write, the fan-out
 * latency histograms ({@link FanOutLatency}), the JVM's and the process's metrics and the build; written in the
 * format the scraper's {@code Accept} header asks for (Prometheus text by default, OpenMetrics, or protobuf with
 * native histograms). docs/metrics.md lists every family.
 */
final class MetricsPage
{
    private static final int INITIAL_BYTES = 32 * 1024;

    /**
     * The JVM's and the process's metrics: one set per process, registered once and shared by every gateway's page,
     * since the library adds GC notification listeners that live as long as the JVM.
     */
    private static final PrometheusRegistry JVM = jvmRegistry();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExpositionFormats formats = ExpositionFormats.init();
    private final GatewayMetrics metrics;
    private final Publisher publisher;
    private final Journal journal;
    private final GatewayContext ctx;

    /** A scrape's body and its content type. */
    record Scrape(String contentType, byte[] body)
    {
    }

    /**
     * @param tls the port's TLS, or null without.
     */
    MetricsPage(
        final GatewayContext ctx,
        final GatewayMetrics metrics,
        final Journal journal,
        final Publisher publisher,
        final FeedSupport feed,
        final HttpConnectionCap httpCap,
        final OriginCheck origins,
        final ConnectionsPerAddress perAddress,
        final TlsContext tls)
    {
        this.ctx = ctx;
        this.metrics = metrics;
        this.journal = journal;
        this.publisher = publisher;
        final MetricFamilies families = new MetricFamilies(registry)
            .gauge("tickgate_connections", "Open WebSocket connections", metrics.connectionsOpen::get)
            .counter("tickgate_connections_accepted_total", "WebSocket connections accepted",
                metrics.connectionsTotal::get)
            .gauge("tickgate_subscriptions", "Symbol subscriptions across all connections", metrics.subscriptions::get)
            .gauge("tickgate_symbols", "Symbols defined in the journal", () -> publisher.symbols().count())
            .counter("tickgate_ticks_in_total", "Ticks read from the journal", metrics.ticksIn::get)
            .gauge("tickgate_startup_records", "Journal records read before serving (from the newest day's header)",
                publisher::startupRecords)
            .gauge("tickgate_history_indexed", "1 once replays can reach the days before the newest one",
                () -> publisher.isHistoryIndexed() ? 1 : 0)
            .gauge("tickgate_history_records", "Journal records of older days indexed for replays",
                publisher::historyRecords)
            .gauge("tickgate_journal_first_index", "The journal's first index (moves when retention deletes days)",
                publisher::journalFirstIndex)
            .gauge("tickgate_publisher_lag_records", "Journal records the publisher has not read yet",
                this::lagRecords)
            .gauge("tickgate_publisher_lag_seconds", "While records wait: how long ago the last tick the publisher " +
                "read was journaled; 0 when it has read everything", this::lagSeconds)
            .counter("tickgate_messages_out_total", "Messages sent to clients", metrics.messagesOut::get)
            .counter("tickgate_frames_out_total", "WebSocket frames sent to clients", metrics.framesOut::get)
            .counter("tickgate_bytes_out_total", "Frame payload bytes sent to clients", metrics.bytesOut::get)
            .counter("tickgate_conflated_total", "Updates coalesced away for conflated subscribers",
                metrics.conflated::get)
            .counter("tickgate_commands_total", "Client commands and connection events handled", metrics.commands::get)
            .gauge("tickgate_http_connections", "Open plain-HTTP connections (not WebSockets)", httpCap::open)
            .counter("tickgate_http_connections_refused_total",
                "Plain-HTTP connections answered 503 and closed at --max-http-connections", httpCap::refused)
            .counters("tickgate_auth_refused_total",
                "Handshakes, requests and token refreshes refused, and NOT_ENTITLED errors, by reason", "reason",
                authRefusals(origins))
            .gauge("tickgate_connection_addresses", "Remote addresses with WebSocket connections open",
                perAddress::addresses)
            .counter("tickgate_agent_errors_total", "Exceptions that escaped the publisher or feed thread's duty cycle",
                metrics.agentErrors::get)
            .counter("tickgate_control_dropped_total",
                "Control messages that found a send buffer full; each cuts its session off",
                metrics.droppedControl::get)
            .counters("tickgate_cutoffs_total", "Clients disconnected by the gateway, by reason", "reason", cutOffs())
            .counters("tickgate_connections_refused_total", "Connections turned away after the handshake (1013)",
                "reason", refusals())
            .gauge("tickgate_buffer_bytes", "Bytes of connection buffers reserved (in use and kept for reuse)",
                () -> publisher.buffers().reservedBytes())
            .gauge("tickgate_buffer_limit_bytes", "Most bytes of connection buffers (--max-buffer-memory): " +
                "new connections are refused at it", ctx::maxBufferMemory)
            .counters("tickgate_command_errors_total", "Error replies sent, by code", "code", errors())
            .gauge("tickgate_delay_lines", "Delay lines open: a trailing journal reader per delay in use",
                metrics.delays.lines::get)
            .gauges("tickgate_delay_line_lag_seconds", "How far a delay line is behind now less its delay", "delay",
                metrics.delays::lagSeconds)
            .counter("tickgate_delay_lines_refused_total", "Delayed connections refused: --max-delay-lines in use",
                metrics.delays.refused::get)
            .counter("tickgate_delay_early_total", "Delayed ticks written before they were due (never expected)",
                metrics.delays.early::get)
            .gauge("tickgate_draining", "1 while the gateway drains (SIGTERM or POST /admin/drain), else 0",
                () -> publisher.isDraining() ? 1 : 0)
            .counter("tickgate_drains_total", "Drains started", metrics.drains::get);
        feed.describe(families);
        if (null != tls)
        {
            families.counter("tickgate_tls_reloads_total", "TLS certificate reloads that put new files in force",
                    tls::reloads)
                .counter("tickgate_tls_reload_failures_total", "TLS certificate reloads refused (the old one stays)",
                    tls::reloadFailures)
                .gauge("tickgate_tls_cert_expiry_seconds", "End of validity of the TLS certificate in force " +
                    "(seconds since the epoch)", tls::certExpiryEpochSeconds);
        }
        registry.register(metrics.fanOut());
        Info.builder().name("tickgate_build_info").help("The gateway's version").labelNames("version")
            .register(registry).setLabelValues(GatewayContext.VERSION);
    }

    /**
     * @param accept the scraper's {@code Accept} header, or null.
     * @return every family, read now, in the format asked for.
     */
    Scrape scrape(final String accept)
    {
        final ExpositionFormatWriter writer = formats.findWriter(accept);
        final ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_BYTES);
        try
        {
            final MetricSnapshots.Builder all = MetricSnapshots.builder();
            registry.scrape().forEach(all::metricSnapshot);
            JVM.scrape().forEach(all::metricSnapshot);
            writer.write(out, all.build());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return new Scrape(writer.getContentType(), out.toByteArray());
    }

    private static PrometheusRegistry jvmRegistry()
    {
        final PrometheusRegistry jvm = new PrometheusRegistry();
        JvmMetrics.builder().register(jvm);
        return jvm;
    }

    private long lagRecords()
    {
        return journal.recordsAfter(publisher.readerPosition().index());
    }

    private double lagSeconds()
    {
        final long readIngestNanos = publisher.readerPosition().ingestNanos();
        if (0 == readIngestNanos || 0 == lagRecords())
        {
            return 0;
        }
        return Math.max(0, ctx.epochClock().nanoTime() - readIngestNanos) / 1e9;
    }

    private Map<String, LongSupplier> cutOffs()
    {
        final Map<String, LongSupplier> values = new LinkedHashMap<>();
        for (final GatewayMetrics.CutOff reason : GatewayMetrics.CutOff.values())
        {
            values.put(reason.label(), () -> metrics.cutOffs(reason));
        }
        return values;
    }

    private Map<String, LongSupplier> authRefusals(final OriginCheck origins)
    {
        final Map<String, LongSupplier> values = new LinkedHashMap<>();
        for (final GatewayMetrics.AuthRefused reason : GatewayMetrics.AuthRefused.values())
        {
            values.put(reason.label(), () -> metrics.authRefusals(reason));
        }
        values.put("origin", origins::refused);
        values.put("not_entitled", () -> metrics.errors(ErrorCode.NOT_ENTITLED));
        return values;
    }

    private Map<String, LongSupplier> refusals()
    {
        final Map<String, LongSupplier> values = new LinkedHashMap<>();
        for (final GatewayMetrics.Refused reason : GatewayMetrics.Refused.values())
        {
            values.put(reason.label(), () -> metrics.refused(reason));
        }
        return values;
    }

    private Map<String, LongSupplier> errors()
    {
        final Map<String, LongSupplier> values = new LinkedHashMap<>();
        for (final ErrorCode code : ErrorCode.values())
        {
            values.put(code.name(), () -> metrics.errors(code));
        }
        return values;
    }
}
