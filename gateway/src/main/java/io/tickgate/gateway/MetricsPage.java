package io.tickgate.gateway;

import io.tickgate.gateway.publisher.Publisher;
import io.tickgate.gateway.security.TlsContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code /metrics}: every counter and gauge of a running gateway as Prometheus text, read at each scrape from the
 * atomics their owners write (no thread is stopped; the latency summaries are the harvester's last quantiles).
 */
final class MetricsPage
{
    private final GatewayMetrics metrics;
    private final Publisher publisher;
    private final FeedSupport feed;
    private final HttpConnectionCap httpCap;
    private final OriginCheck origins;
    private final ConnectionsPerAddress perAddress;
    private final TlsContext tls;

    /**
     * @param tls the port's TLS, or null without.
     */
    MetricsPage(
        final GatewayMetrics metrics,
        final Publisher publisher,
        final FeedSupport feed,
        final HttpConnectionCap httpCap,
        final OriginCheck origins,
        final ConnectionsPerAddress perAddress,
        final TlsContext tls)
    {
        this.metrics = metrics;
        this.publisher = publisher;
        this.feed = feed;
        this.httpCap = httpCap;
        this.origins = origins;
        this.perAddress = perAddress;
        this.tls = tls;
    }

    /**
     * @return the page, read now.
     */
    String render()
    {
        final PrometheusText text = new PrometheusText()
            .gauge("tickgate_connections", "Open WebSocket connections", metrics.connectionsOpen.get())
            .counter("tickgate_connections_total", "WebSocket connections accepted", metrics.connectionsTotal.get())
            .gauge("tickgate_subscriptions", "Symbol subscriptions across all connections",
                metrics.subscriptions.get())
            .gauge("tickgate_symbols", "Symbols defined in the journal", publisher.symbols().count())
            .counter("tickgate_ticks_in_total", "Ticks read from the journal", metrics.ticksIn.get())
            .gauge("tickgate_startup_records", "Journal records read before serving (from the newest day's header)",
                publisher.startupRecords())
            .gauge("tickgate_history_indexed", "1 once replays can reach the days before the newest one",
                publisher.isHistoryIndexed() ? 1 : 0)
            .gauge("tickgate_history_records", "Journal records of older days indexed for replays",
                publisher.historyRecords())
            .gauge("tickgate_journal_first_index", "The journal's first index (moves when retention deletes days)",
                publisher.journalFirstIndex())
            .counter("tickgate_messages_out_total", "Messages sent to clients", metrics.messagesOut.get())
            .counter("tickgate_frames_out_total", "WebSocket frames sent to clients", metrics.framesOut.get())
            .counter("tickgate_bytes_out_total", "Frame payload bytes sent to clients", metrics.bytesOut.get())
            .counter("tickgate_conflated_total", "Updates coalesced away for conflated subscribers",
                metrics.conflated.get())
            .counter("tickgate_commands_total", "Client commands and connection events handled",
                metrics.commands.get())
            .gauge("tickgate_http_connections", "Open plain-HTTP connections (not WebSockets)", httpCap.open())
            .counter("tickgate_http_connections_refused_total",
                "Plain-HTTP connections answered 503 and closed at --max-http-connections", httpCap.refused())
            .counters("tickgate_auth_refused_total",
                "Handshakes, requests and token refreshes refused, and NOT_ENTITLED errors, by reason", "reason",
                authRefusals())
            .gauge("tickgate_connection_addresses", "Remote addresses with WebSocket connections open",
                perAddress.addresses())
            .counter("tickgate_agent_errors_total", "Exceptions that escaped the publisher or feed thread's duty cycle",
                metrics.agentErrors.get())
            .counter("tickgate_control_dropped_total",
                "Control messages that found a send buffer full; each cuts its session off",
                metrics.droppedControl.get())
            .counters("tickgate_cutoffs_total", "Clients disconnected by the gateway", "reason", cutOffs())
            .counters("tickgate_connections_refused_total", "Connections turned away after the handshake (1013)",
                "reason", refusals())
            .gauge("tickgate_buffer_bytes", "Bytes of connection buffers reserved (in use and kept for reuse)",
                publisher.buffers().reservedBytes())
            .counters("tickgate_command_errors_total", "Error replies sent, by code", "code", errors())
            .gauge("tickgate_draining", "1 while the gateway drains (SIGTERM or POST /admin/drain), else 0",
                publisher.isDraining() ? 1 : 0)
            .counter("tickgate_drains_total", "Drains started", metrics.drains.get());
        feed.describe(text);
        if (null != tls)
        {
            text.counter("tickgate_tls_reloads_total", "TLS certificate reloads that put new files in force",
                    tls.reloads())
                .counter("tickgate_tls_reload_failures_total", "TLS certificate reloads refused (the old one stays)",
                    tls.reloadFailures())
                .gauge("tickgate_tls_cert_expiry_seconds", "End of validity of the TLS certificate in force " +
                    "(seconds since the epoch)", tls.certExpiryEpochSeconds());
        }
        return text
            .summary("tickgate_fanout_latency_seconds", "Journal ingest to socket write", "since start",
                metrics.cumulative())
            .summary("tickgate_fanout_latency_recent_seconds", "Journal ingest to socket write", "last second",
                metrics.lastInterval())
            // delayed data
            .gauge("tickgate_delay_lines", "Delay lines open: a trailing journal reader per delay in use",
                metrics.delays.lines.get())
            .gauges("tickgate_delay_line_lag_seconds", "How far a delay line is behind now less its delay", "delay",
                metrics.delays.lagSeconds())
            .counter("tickgate_delay_lines_refused_total", "Delayed connections refused: --max-delay-lines in use",
                metrics.delays.refused.get())
            .counter("tickgate_delay_early_total", "Delayed ticks written before they were due (never expected)",
                metrics.delays.early.get())
            .summary("tickgate_delay_accuracy_seconds", "Delayed ticks: socket write less (journal ingest + delay)",
                "since start", metrics.delays.accuracy())
            .summary("tickgate_delay_accuracy_recent_seconds", "Delayed ticks: socket write less (ingest + delay)",
                "last second", metrics.delays.lastInterval())
            .render();
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

    private Map<String, LongSupplier> authRefusals()
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
