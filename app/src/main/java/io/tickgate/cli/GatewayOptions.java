package io.tickgate.cli;

import io.tickgate.gateway.GatewayContext;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/**
 * Options shared by {@code serve} and {@code demo}: limits and tuning. Defaults are the context's.
 */
final class GatewayOptions
{
    @Option(names = "--host", description = "Address of the HTTP/WebSocket port (default: ${DEFAULT-VALUE}); " +
        "any other than loopback needs --auth-hs256-secret-file, --auth-public-key or --insecure-no-auth.")
    String host = "127.0.0.1";

    @Option(names = "--insecure-no-auth", description = "Serve on a non-loopback --host without authentication.")
    boolean insecureNoAuth;

    @Mixin
    AuthOptions auth = new AuthOptions();

    @Option(names = "--allowed-origins", split = ",", description = "Origins (https://host[:port]) whose pages " +
        "may open a WebSocket; default: none given (non-browser clients), loopback pages, or the gateway's own host.")
    List<String> allowedOrigins = List.of();

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain (the server's first); " +
        "with --tls-key the port speaks TLS 1.2/1.3 only (https://, wss://). SIGHUP re-reads both files.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM PKCS#8 private key (BEGIN PRIVATE KEY, RSA " +
        "or EC) of --tls-cert.")
    Path tlsKey;

    @Option(names = "--ingest-host", description = "Address of the TCP ingest port (default: ${DEFAULT-VALUE}); " +
        "never --host's.")
    String ingestHost = "127.0.0.1";

    @Option(names = "--ingest-token-file", paramLabel = "FILE", description = "Each TCP ingest connection must " +
        "send '#auth TOKEN' as its first line, TOKEN being this file's content (trimmed); others are closed, " +
        "counted as unauthorized, nothing of them journaled.")
    Path ingestTokenFile;

    @Option(names = "--heartbeat-ms", description = "Heartbeat after this long without a message (default: 5000).")
    Long heartbeatMs;

    @Option(names = "--max-symbols-per-connection", description = "Symbol limit per connection (default: 1000).")
    Integer maxSymbolsPerConnection;

    @Option(names = "--max-commands-per-second", description = "Command rate limit per connection (default: 20).")
    Integer maxCommandsPerSecond;

    @Option(names = "--max-command-bytes", description = "Largest command frame (default: 65536).")
    Integer maxCommandBytes;

    @Option(names = "--session-buffer", description = "Outbound bytes queued per connection before a full-mode " +
        "client that is behind the others is cut off (default: 262144).")
    Integer sessionBufferBytes;

    @Option(names = "--max-session-buffer", description = "Outbound bytes a connection may queue while most " +
        "clients are behind at once (the machine is slow, not them) (default: 8388608).")
    Integer maxSessionBufferBytes;

    @Option(names = "--max-buffer-memory", description = "Budget for all connections' outbound buffers; past " +
        "it new connections are refused with 1013 (default: 1 GiB or half the heap limit, the smaller).")
    Long maxBufferMemory;

    @Option(names = "--close-grace-ms", description = "How long a connection the gateway closes may take to " +
        "answer the close before its socket is closed anyway (default: 2000).")
    Long closeGraceMs;

    @Option(names = "--peer-timeout-ms", description = "Close a client that sends nothing, not even a pong to the " +
        "gateway's pings, for this long (default: 3 heartbeats).")
    Long peerTimeoutMs;

    @Option(names = "--max-frame-bytes", description = "Largest outbound WebSocket frame; messages are batched up " +
        "to it (default: 65536).")
    Integer maxFrameBytes;

    @Option(names = "--slow-consumer-timeout-ms", description = "Cut off a client that reads nothing for this " +
        "long while data waits (default: 15000).")
    Long slowConsumerTimeoutMs;

    @Option(names = "--socket-send-buffer", description = "Kernel send buffer per connection (SO_SNDBUF); 0 " +
        "leaves it to the kernel's autotuning. Capped so a backlog waits where the gateway sees it " +
        "(default: 262144).")
    Integer socketSendBufferBytes;

    @Option(names = "--ingest-idle-timeout-ms", description = "Close a TCP ingest client that sends nothing for this " +
        "long; a quiet feed keeps its connection with empty or # lines (default: 60000).")
    Long ingestIdleTimeoutMs;

    @Option(names = "--ingest-max-new-symbols", description = "Most symbols new to the journal one TCP ingest " +
        "connection may define; its lines for more are rejected (new_symbol_limit) (default: 8192).")
    Integer ingestMaxNewSymbols;

    @Mixin
    TsSkewOptions tsSkew;

    @Option(names = "--replay-min-rate", description = "Journal records per second (over 10 s) a replay must read, " +
        "or it ends with LIMIT and frees its slot; 0 for no minimum (default: 1000).")
    Integer replayMinRate;

    @Option(names = "--request-parse-timeout-ms", description = "Close a connection whose HTTP request (or WebSocket " +
        "handshake) takes longer than this to arrive once it has begun (default: 10000).")
    Long requestParseTimeoutMs;

    @Option(names = "--http-idle-timeout-ms", description = "Close a keep-alive HTTP connection that sends no next " +
        "request for this long; WebSockets are not affected (default: 60000).")
    Long httpIdleTimeoutMs;

    @Option(names = "--max-http-connections", description = "Plain-HTTP (not WebSocket) connections open at once; " +
        "past it a new one is answered 503 and closed (default: 1024).")
    Integer maxHttpConnections;

    @Option(names = "--max-connections", description = "Connection limit (default: 20000).")
    Integer maxConnections;

    @Option(names = "--io-threads", description = "Undertow IO threads (default: 1).")
    Integer ioThreads;

    @Option(names = "--idle", description = "Idle strategy of the publisher and feed threads: backoff, park " +
        "(50 us), sleep (1 ms), yield or spin (default: backoff).")
    String idle;

    @Option(names = "--threads", description = "dedicated: the feed (simulator, TCP ingest) and the publisher " +
        "each have a thread; shared: they take turns on one (default: dedicated).")
    String threads;

    @Option(names = "--symbol-capacity", description = "Most symbols the journal may define (default: 16384).")
    Integer symbolCapacity;

    @Mixin
    JournalLimitOptions journalLimits = new JournalLimitOptions();

    @Mixin
    DelayOptions delays = new DelayOptions();

    GatewayContext applyTo(final GatewayContext ctx)
    {
        ctx.host(host).insecureNoAuth(insecureNoAuth).ingestHost(ingestHost).allowedOrigins(allowedOrigins);
        auth.applyTo(ctx);
        ctx.tlsCertFile(tlsCert).tlsKeyFile(tlsKey).ingestTokenFile(ingestTokenFile);
        if (null != heartbeatMs)
        {
            ctx.heartbeatMs(heartbeatMs);
        }
        if (null != maxSymbolsPerConnection)
        {
            ctx.maxSymbolsPerConnection(maxSymbolsPerConnection);
        }
        if (null != maxCommandsPerSecond)
        {
            ctx.maxCommandsPerSecond(maxCommandsPerSecond).commandBurst(2 * maxCommandsPerSecond);
        }
        if (null != maxCommandBytes)
        {
            ctx.maxCommandBytes(maxCommandBytes);
        }
        if (null != sessionBufferBytes)
        {
            ctx.sessionBufferBytes(sessionBufferBytes);
        }
        if (null != maxSessionBufferBytes)
        {
            ctx.maxSessionBufferBytes(maxSessionBufferBytes);
        }
        if (null != maxBufferMemory)
        {
            ctx.maxBufferMemory(maxBufferMemory);
        }
        if (null != closeGraceMs)
        {
            ctx.closeGraceMs(closeGraceMs);
        }
        if (null != peerTimeoutMs)
        {
            ctx.peerTimeoutMs(peerTimeoutMs);
        }
        if (null != maxFrameBytes)
        {
            ctx.maxFrameBytes(maxFrameBytes);
        }
        if (null != slowConsumerTimeoutMs)
        {
            ctx.slowConsumerTimeoutMs(slowConsumerTimeoutMs);
        }
        if (null != socketSendBufferBytes)
        {
            ctx.socketSendBufferBytes(socketSendBufferBytes);
        }
        if (null != maxConnections)
        {
            ctx.maxConnections(maxConnections);
        }
        if (null != httpIdleTimeoutMs)
        {
            ctx.httpIdleTimeoutMs(httpIdleTimeoutMs);
        }
        if (null != maxHttpConnections)
        {
            ctx.maxHttpConnections(maxHttpConnections);
        }
        if (null != ingestIdleTimeoutMs)
        {
            ctx.ingestIdleTimeoutMs(ingestIdleTimeoutMs);
        }
        if (null != ingestMaxNewSymbols)
        {
            ctx.ingestMaxNewSymbols(ingestMaxNewSymbols);
        }
        ctx.maxTsSkewMs(tsSkew.maxTsSkewMs).tsSkewPolicy(tsSkew.tsSkewPolicy);
        if (null != replayMinRate)
        {
            ctx.replayMinRate(replayMinRate);
        }
        if (null != requestParseTimeoutMs)
        {
            ctx.requestParseTimeoutMs(requestParseTimeoutMs);
        }
        if (null != ioThreads)
        {
            ctx.ioThreads(ioThreads);
        }
        if (null != idle)
        {
            ctx.idle(idle);
        }
        if (null != threads)
        {
            ctx.threads(threads);
        }
        if (null != symbolCapacity)
        {
            ctx.symbolCapacity(symbolCapacity);
        }
        ctx.retainDays(journalLimits.retainDays)
            .retainBytes(journalLimits.retainBytes)
            .minFreeDiskBytes(journalLimits.minFreeDiskBytes);
        delays.applyTo(ctx);
        return ctx;
    }
}
