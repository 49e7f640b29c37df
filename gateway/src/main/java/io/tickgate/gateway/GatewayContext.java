package io.tickgate.gateway;

import io.tickgate.feed.IngestToken;
import io.tickgate.feed.TsSkewPolicy;
import io.tickgate.gateway.security.TokenVerifier;
import io.tickgate.gateway.security.TlsCredentials;
import io.tickgate.journal.Journal;
import io.tickgate.journal.WriterOptions;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Everything a {@link Gateway} is configured with. Fluent setters; {@link #conclude()} fills defaults and checks the
 * values, throwing {@link IllegalArgumentException} with the option's name. Every bound of the gateway is here.
 * <p>
 * Longer than 400 lines: a getter and a fluent setter per option (about 35 of them), kept in one place so every bound
 * and its check can be read together.
 */
public final class GatewayContext
{
    public static final String VERSION = "0.1.0";
    /** Room kept in every session's buffer above the data limits, so a close frame always fits. */
    public static final int CONTROL_SLACK = 1024;
    /** The bound on {@code --max-delay-lines}: each line holds a symbol table and a last-value cache. */
    public static final int MAX_DELAY_LINES = 64;
    /** Long enough for thousands of clients to move, spread over the first half, short of systemd's 90 s stop. */
    public static final long DEFAULT_DRAIN_MS = 10_000;
    public static final long MAX_DRAIN_MS = 600_000;

    private String host = "127.0.0.1";
    private int port = 8080;
    private String ingestHost = "127.0.0.1";
    private boolean insecureNoAuth;
    private int ingestPort = -1;
    private Path journalDir;
    private int simSymbols;
    private int simRate = 5000;
    private long simSeed = 42;
    private int symbolCapacity = 16_384;
    private int retainDays;
    private long retainBytes;
    private long minFreeDiskBytes = WriterOptions.DEFAULT_MIN_FREE_DISK_BYTES;
    private long heartbeatMs = 5_000;
    private int maxSymbolsPerConnection = 1_000;
    private int maxCommandsPerSecond = 20;
    private int commandBurst = 40;
    private int maxCommandBytes = 64 * 1024;
    private int refusedCommandsBeforeClose = 100;
    private int sessionBufferBytes = 256 * 1024;
    private int maxFrameBytes = 64 * 1024;
    private int maxSessionBufferBytes = 8 * 1024 * 1024;
    private long maxBufferMemory = Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 2);
    private long closeGraceMs = 2_000;
    private long drainMs = DEFAULT_DRAIN_MS;
    private long peerTimeoutMs;
    private long slowConsumerTimeoutMs = 15_000;
    private int maxConnections = 20_000;
    // capped, not left to the kernel's autotuning (up to 4 MiB): a backlog then waits in the gateway's own buffer,
    // where the slow-consumer and liveness rules see it
    private int socketSendBufferBytes = 256 * 1024;
    private long requestParseTimeoutMs = 10_000;
    private long httpIdleTimeoutMs = 60_000;
    private int maxHttpConnections = 1_024;
    private long ingestIdleTimeoutMs = 60_000;
    private int ingestMaxNewSymbols = 8_192;
    private long maxTsSkewMs = TsSkewPolicy.DEFAULT_MAX_SKEW_MS;
    private String tsSkewPolicy = TsSkewPolicy.DEFAULT_ACTION;
    private TsSkewPolicy tsSkew;
    private int replayMinRate = 1_000;
    private int ioThreads = 1;
    private int commandQueueCapacity = 16_384;
    private int maxQueuedCommandsPerConnection = 16;
    private int pollLimit = 1024;
    private String idle = "backoff";
    private String threads = "dedicated";
    private final List<HealthCheck> healthChecks = new ArrayList<>();
    private List<String> allowedOrigins = List.of();
    // TLS (--tls-cert, --tls-key): read and checked at conclude()
    private Path tlsCertFile;
    private Path tlsKeyFile;
    private TlsCredentials tlsCredentials;
    // TCP ingest token (--ingest-token-file): read at conclude()
    private Path ingestTokenFile;
    private IngestToken ingestToken = IngestToken.NONE;
    private NanoClock nanoClock;
    private EpochNanoClock epochClock;
    // token authentication (docs/security.md): a key file, built into the verifier by conclude()
    private Path authHs256SecretFile;
    private Path authPublicKeyFile;
    private long authClockSkewSeconds = 30;
    private TokenVerifier tokenVerifier;
    private int maxConnectionsPerIp = 1_000;
    // delayed data: one trailing reader per delay value (publisher.DelayLines)
    private int maxDelayLines = 8;
    private long delayLineGraceMs = 60_000;

    /**
     * Fill defaults and validate.
     *
     * @return this.
     */
    public GatewayContext conclude()
    {
        require(port >= 0 && port <= 65535, "port", port);
        require(ingestPort >= -1 && ingestPort <= 65535, "ingest-port", ingestPort);
        require(null != journalDir, "journal", "a directory");
        require(simSymbols >= 0 && simSymbols <= symbolCapacity, "sim-symbols", simSymbols);
        require(simRate > 0 && simRate <= 10_000_000, "sim-rate", simRate);
        require(symbolCapacity > 0 && symbolCapacity <= Journal.DEFAULT_SYMBOL_CAPACITY, "symbol-capacity",
            symbolCapacity);
        require(retainDays >= 0, "retain-days", retainDays + " (0 keeps every day)");
        require(retainBytes >= 0, "retain-bytes", retainBytes + " (0 keeps every byte)");
        require(minFreeDiskBytes >= 0, "min-free-disk", minFreeDiskBytes + " (0 turns the guard off)");
        require(heartbeatMs >= 100, "heartbeat-ms", heartbeatMs);
        require(maxSymbolsPerConnection > 0, "max-symbols-per-connection", maxSymbolsPerConnection);
        require(maxCommandsPerSecond > 0 && commandBurst >= 1, "max-commands-per-second", maxCommandsPerSecond);
        require(maxCommandBytes >= 256, "max-command-bytes", maxCommandBytes);
        require(maxSessionBufferBytes >= 64 * 1024, "max-session-buffer",
            maxSessionBufferBytes + " (at least 64k)");
        require(sessionBufferBytes >= 16 * 1024 &&
            sessionBufferBytes <= maxSessionBufferBytes - CONTROL_SLACK, "session-buffer",
            sessionBufferBytes + " (at least 16k, at most --max-session-buffer less 1k)");
        require(maxBufferMemory >= maxSessionBufferBytes, "max-buffer-memory",
            maxBufferMemory + " (at least --max-session-buffer)");
        require(closeGraceMs >= 0 && closeGraceMs <= 60_000, "close-grace-ms", closeGraceMs);
        require(drainMs >= 0 && drainMs <= MAX_DRAIN_MS, "drain-ms", drainMs + " (0 to " + MAX_DRAIN_MS + ")");
        if (0 == peerTimeoutMs)
        {
            peerTimeoutMs = 3 * heartbeatMs;
        }
        require(peerTimeoutMs > heartbeatMs, "peer-timeout-ms", peerTimeoutMs + " (more than --heartbeat-ms)");
        require(maxFrameBytes >= 4 * 1024 && maxFrameBytes <= sessionBufferBytes, "max-frame-bytes",
            maxFrameBytes + " (4k up to the session buffer)");
        require(slowConsumerTimeoutMs >= 100, "slow-consumer-timeout-ms", slowConsumerTimeoutMs);
        require(socketSendBufferBytes >= 0, "socket-send-buffer", socketSendBufferBytes);
        require(ingestIdleTimeoutMs >= 1, "ingest-idle-timeout-ms", ingestIdleTimeoutMs);
        require(ingestMaxNewSymbols >= 0, "ingest-max-new-symbols", ingestMaxNewSymbols);
        tsSkew = TsSkewPolicy.of(tsSkewPolicy, maxTsSkewMs);
        require(replayMinRate >= 0 && replayMinRate <= 100_000_000, "replay-min-rate", replayMinRate);
        require(requestParseTimeoutMs >= 1 && requestParseTimeoutMs <= Integer.MAX_VALUE, "request-parse-timeout-ms",
            requestParseTimeoutMs);
        require(maxConnections >= 1 && maxConnections <= 1_000_000, "max-connections", maxConnections);
        require(commandQueueCapacity >= 1 && commandQueueCapacity <= 1 << 20, "command-queue-capacity",
            commandQueueCapacity);
        require(maxQueuedCommandsPerConnection >= 1, "max-queued-commands-per-connection",
            maxQueuedCommandsPerConnection);
        require(httpIdleTimeoutMs >= 1 && httpIdleTimeoutMs <= Integer.MAX_VALUE, "http-idle-timeout-ms",
            httpIdleTimeoutMs);
        require(maxHttpConnections >= 1, "max-http-connections", maxHttpConnections);
        require(ioThreads >= 1 && ioThreads <= 64, "io-threads", ioThreads);
        require(maxDelayLines >= 0 && maxDelayLines <= MAX_DELAY_LINES, "max-delay-lines",
            maxDelayLines + " (0 to " + MAX_DELAY_LINES + ")");
        require(delayLineGraceMs >= 0 && delayLineGraceMs <= 3_600_000, "delay-line-grace-ms", delayLineGraceMs);
        idleStrategy();
        require("dedicated".equals(threads) || "shared".equals(threads), "threads",
            threads + " (dedicated or shared)");
        concludeAuth();
        requireSafeHost();
        allowedOrigins.forEach(OriginCheck::validate);
        concludeTls();
        ingestToken = null == ingestTokenFile ? IngestToken.NONE : IngestToken.read(ingestTokenFile);
        if (null == nanoClock)
        {
            nanoClock = SystemNanoClock.INSTANCE;
        }
        if (null == epochClock)
        {
            epochClock = new OffsetEpochNanoClock();
        }
        return this;
    }

    /**
     * @return true when the feed (simulator, TCP ingest) and the publisher take turns on one thread, false when each
     * has its own.
     */
    public boolean sharedThread()
    {
        return "shared".equals(threads);
    }

    public String threads()
    {
        return threads;
    }

    public GatewayContext threads(final String threads)
    {
        this.threads = threads;
        return this;
    }

    /**
     * @return a fresh idle strategy for one agent, by the configured name.
     */
    public IdleStrategy idleStrategy()
    {
        switch (idle)
        {
            case "backoff":
                return new BackoffIdleStrategy(64, 64, TimeUnit.MICROSECONDS.toNanos(1),
                    TimeUnit.MICROSECONDS.toNanos(250));
            case "yield":
                return new YieldingIdleStrategy();
            case "spin":
                return new BusySpinIdleStrategy();
            case "park":
                return new SleepingIdleStrategy(TimeUnit.MICROSECONDS.toNanos(50));
            case "sleep":
                return new SleepingMillisIdleStrategy(1);
            default:
                throw new IllegalArgumentException("idle must be backoff, park, sleep, yield or spin: " + idle);
        }
    }

    /**
     * Build the token verifier from the key file, at most one of the two; a file that is missing, short or not a
     * key is refused here, naming its option, so the gateway never starts with authentication half on.
     */
    private void concludeAuth()
    {
        require(authClockSkewSeconds >= 0 && authClockSkewSeconds <= 3_600, "auth-clock-skew-seconds",
            authClockSkewSeconds);
        require(maxConnectionsPerIp >= 1, "max-connections-per-ip", maxConnectionsPerIp);
        if (null != authHs256SecretFile && null != authPublicKeyFile)
        {
            throw new IllegalArgumentException("give one of --auth-hs256-secret-file and --auth-public-key, not both");
        }
        final boolean secret = null != authHs256SecretFile;
        final Path file = secret ? authHs256SecretFile : authPublicKeyFile;
        if (null == file)
        {
            return;
        }
        final String option = secret ? "auth-hs256-secret-file" : "auth-public-key";
        try
        {
            tokenVerifier = secret ? TokenVerifier.hs256File(file, authClockSkewSeconds) :
                TokenVerifier.publicKeyFile(file, authClockSkewSeconds);
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("invalid --" + option + ": " + file + " (" + ex.getMessage() + ")", ex);
        }
        // a refresh ({"op":"auth"}) carries its token in a command frame
        require(maxCommandBytes >= 4096, "max-command-bytes",
            maxCommandBytes + " (at least 4096 with token authentication: op:auth carries a token)");
    }

    /**
     * Anyone who can reach a non-loopback address could stream and replay everything: the gateway listens there only
     * when told twice. The TCP ingest has its own host, loopback unless set, never the WebSocket port's.
     */
    private void requireSafeHost()
    {
        if (!insecureNoAuth && null == tokenVerifier && !isLoopback(host))
        {
            throw new IllegalArgumentException("refusing to listen on --host " + host + " without authentication: " +
                "anyone who can reach it could stream and replay every symbol. Give --auth-hs256-secret-file FILE " +
                "or --auth-public-key FILE so clients need a token; to serve unauthenticated anyway, add " +
                "--insecure-no-auth");
        }
        require(null != ingestHost && !ingestHost.isBlank(), "ingest-host", ingestHost);
    }

    private static boolean isLoopback(final String host)
    {
        try
        {
            return InetAddress.getByName(host).isLoopbackAddress();
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("invalid --host: " + host + " (" + ex.getMessage() + ")", ex);
        }
    }

    private static void require(final boolean ok, final String option, final Object value)
    {
        if (!ok)
        {
            throw new IllegalArgumentException("invalid --" + option + ": " + value);
        }
    }

    public String host()
    {
        return host;
    }

    public GatewayContext host(final String host)
    {
        this.host = host;
        return this;
    }

    public int port()
    {
        return port;
    }

    public GatewayContext port(final int port)
    {
        this.port = port;
        return this;
    }

    public boolean insecureNoAuth()
    {
        return insecureNoAuth;
    }

    /**
     * Listen on a non-loopback {@link #host(String)} without authentication, knowingly.
     */
    public GatewayContext insecureNoAuth(final boolean insecureNoAuth)
    {
        this.insecureNoAuth = insecureNoAuth;
        return this;
    }

    public String ingestHost()
    {
        return ingestHost;
    }

    public GatewayContext ingestHost(final String ingestHost)
    {
        this.ingestHost = ingestHost;
        return this;
    }

    /**
     * @return the TCP ingest port, 0 for any free one, -1 for no TCP ingest.
     */
    public int ingestPort()
    {
        return ingestPort;
    }

    public GatewayContext ingestPort(final int ingestPort)
    {
        this.ingestPort = ingestPort;
        return this;
    }

    public Path journalDir()
    {
        return journalDir;
    }

    public GatewayContext journalDir(final Path journalDir)
    {
        this.journalDir = journalDir;
        return this;
    }

    public int simSymbols()
    {
        return simSymbols;
    }

    public GatewayContext simSymbols(final int simSymbols)
    {
        this.simSymbols = simSymbols;
        return this;
    }

    public int simRate()
    {
        return simRate;
    }

    public GatewayContext simRate(final int simRate)
    {
        this.simRate = simRate;
        return this;
    }

    public long simSeed()
    {
        return simSeed;
    }

    public GatewayContext simSeed(final long simSeed)
    {
        this.simSeed = simSeed;
        return this;
    }

    public int symbolCapacity()
    {
        return symbolCapacity;
    }

    public GatewayContext symbolCapacity(final int symbolCapacity)
    {
        this.symbolCapacity = symbolCapacity;
        return this;
    }

    public long heartbeatMs()
    {
        return heartbeatMs;
    }

    public GatewayContext heartbeatMs(final long heartbeatMs)
    {
        this.heartbeatMs = heartbeatMs;
        return this;
    }

    public int maxSymbolsPerConnection()
    {
        return maxSymbolsPerConnection;
    }

    public GatewayContext maxSymbolsPerConnection(final int maxSymbolsPerConnection)
    {
        this.maxSymbolsPerConnection = maxSymbolsPerConnection;
        return this;
    }

    public int maxCommandsPerSecond()
    {
        return maxCommandsPerSecond;
    }

    public GatewayContext maxCommandsPerSecond(final int maxCommandsPerSecond)
    {
        this.maxCommandsPerSecond = maxCommandsPerSecond;
        return this;
    }

    public int commandBurst()
    {
        return commandBurst;
    }

    public GatewayContext commandBurst(final int commandBurst)
    {
        this.commandBurst = commandBurst;
        return this;
    }

    public int maxCommandBytes()
    {
        return maxCommandBytes;
    }

    public GatewayContext maxCommandBytes(final int maxCommandBytes)
    {
        this.maxCommandBytes = maxCommandBytes;
        return this;
    }

    public int refusedCommandsBeforeClose()
    {
        return refusedCommandsBeforeClose;
    }

    public GatewayContext refusedCommandsBeforeClose(final int refusedCommandsBeforeClose)
    {
        this.refusedCommandsBeforeClose = refusedCommandsBeforeClose;
        return this;
    }

    public int sessionBufferBytes()
    {
        return sessionBufferBytes;
    }

    public GatewayContext sessionBufferBytes(final int sessionBufferBytes)
    {
        this.sessionBufferBytes = sessionBufferBytes;
        return this;
    }

    /**
     * @return the hard per-connection limit of queued bytes, used while most clients are behind at once.
     */
    public int maxSessionBufferBytes()
    {
        return maxSessionBufferBytes;
    }

    public GatewayContext maxSessionBufferBytes(final int maxSessionBufferBytes)
    {
        this.maxSessionBufferBytes = maxSessionBufferBytes;
        return this;
    }

    /**
     * @return the budget for all connections' buffers together; past it new connections are refused (1013).
     */
    public long maxBufferMemory()
    {
        return maxBufferMemory;
    }

    public GatewayContext maxBufferMemory(final long maxBufferMemory)
    {
        this.maxBufferMemory = maxBufferMemory;
        return this;
    }

    /**
     * @return how long a closing connection may take to answer before its socket is closed anyway.
     */
    public long closeGraceMs()
    {
        return closeGraceMs;
    }

    public GatewayContext closeGraceMs(final long closeGraceMs)
    {
        this.closeGraceMs = closeGraceMs;
        return this;
    }

    /**
     * @return how long a drain keeps serving the open connections before it closes them with 1001; 0 closes at once.
     */
    public long drainMs()
    {
        return drainMs;
    }

    public GatewayContext drainMs(final long drainMs)
    {
        this.drainMs = drainMs;
        return this;
    }

    /**
     * @return how long a client may send nothing, not even a pong to the gateway's pings, before it is taken for
     * gone and closed; 0 before {@link #conclude()} means three heartbeats.
     */
    public long peerTimeoutMs()
    {
        return peerTimeoutMs;
    }

    public GatewayContext peerTimeoutMs(final long peerTimeoutMs)
    {
        this.peerTimeoutMs = peerTimeoutMs;
        return this;
    }

    public int maxFrameBytes()
    {
        return maxFrameBytes;
    }

    public GatewayContext maxFrameBytes(final int maxFrameBytes)
    {
        this.maxFrameBytes = maxFrameBytes;
        return this;
    }

    public long slowConsumerTimeoutMs()
    {
        return slowConsumerTimeoutMs;
    }

    public GatewayContext slowConsumerTimeoutMs(final long slowConsumerTimeoutMs)
    {
        this.slowConsumerTimeoutMs = slowConsumerTimeoutMs;
        return this;
    }

    public int maxConnections()
    {
        return maxConnections;
    }

    public GatewayContext maxConnections(final int maxConnections)
    {
        this.maxConnections = maxConnections;
        return this;
    }

    /**
     * @return SO_SNDBUF for client sockets; 0 leaves the kernel's autotuning on.
     */
    public int socketSendBufferBytes()
    {
        return socketSendBufferBytes;
    }

    /**
     * @return how the feed's journal writer bounds the journal: symbol capacity, retention, free-disk guard.
     */
    public WriterOptions journalWriterOptions()
    {
        return new WriterOptions(symbolCapacity, retainDays, retainBytes, minFreeDiskBytes);
    }

    /**
     * @param days keep the journal's newest days (cycle files) only; 0 keeps all.
     * @return this.
     */
    public GatewayContext retainDays(final int days)
    {
        this.retainDays = days;
        return this;
    }

    /**
     * @param bytes delete the journal's oldest days while its files take more; 0 keeps all.
     * @return this.
     */
    public GatewayContext retainBytes(final long bytes)
    {
        this.retainBytes = bytes;
        return this;
    }

    /**
     * @param bytes refuse ticks while the journal's disk has less usable space; 0 turns the guard off.
     * @return this.
     */
    public GatewayContext minFreeDiskBytes(final long bytes)
    {
        this.minFreeDiskBytes = bytes;
        return this;
    }

    /**
     * @return most symbols new to the journal one TCP ingest connection may define, so one client cannot fill the
     * symbol table for good.
     */
    public int ingestMaxNewSymbols()
    {
        return ingestMaxNewSymbols;
    }

    public GatewayContext ingestMaxNewSymbols(final int ingestMaxNewSymbols)
    {
        this.ingestMaxNewSymbols = ingestMaxNewSymbols;
        return this;
    }

    /**
     * @return the journal records per second (averaged over 10 s) a replay must read or end, so a client reading a
     * trickle cannot hold one of the replay slots forever; 0 for no minimum.
     */
    public int replayMinRate()
    {
        return replayMinRate;
    }

    public GatewayContext replayMinRate(final int replayMinRate)
    {
        this.replayMinRate = replayMinRate;
        return this;
    }

    /**
     * @return what TCP ingest does with a tick whose ts is too far ahead of the clock; set by {@link #conclude()}.
     */
    public TsSkewPolicy tsSkew()
    {
        return tsSkew;
    }

    /**
     * @param maxTsSkewMs how far ahead of the ingest clock a tick's ts may be.
     */
    public GatewayContext maxTsSkewMs(final long maxTsSkewMs)
    {
        this.maxTsSkewMs = maxTsSkewMs;
        return this;
    }

    /**
     * @param tsSkewPolicy {@code reject}, {@code clamp} or {@code accept} a tick further ahead than that.
     */
    public GatewayContext tsSkewPolicy(final String tsSkewPolicy)
    {
        this.tsSkewPolicy = tsSkewPolicy;
        return this;
    }

    /**
     * @return how long a TCP ingest client may send nothing before it is closed.
     */
    public long ingestIdleTimeoutMs()
    {
        return ingestIdleTimeoutMs;
    }

    public GatewayContext ingestIdleTimeoutMs(final long ingestIdleTimeoutMs)
    {
        this.ingestIdleTimeoutMs = ingestIdleTimeoutMs;
        return this;
    }

    /**
     * @return the longest an HTTP request (a WebSocket handshake included) may take to arrive once its first byte
     * has: a client sending its headers a byte at a time cannot hold a socket.
     */
    public long requestParseTimeoutMs()
    {
        return requestParseTimeoutMs;
    }

    public GatewayContext requestParseTimeoutMs(final long requestParseTimeoutMs)
    {
        this.requestParseTimeoutMs = requestParseTimeoutMs;
        return this;
    }

    public GatewayContext socketSendBufferBytes(final int socketSendBufferBytes)
    {
        this.socketSendBufferBytes = socketSendBufferBytes;
        return this;
    }

    /**
     * @return how long a keep-alive HTTP connection may wait for its next request before it is closed.
     */
    public long httpIdleTimeoutMs()
    {
        return httpIdleTimeoutMs;
    }

    public GatewayContext httpIdleTimeoutMs(final long httpIdleTimeoutMs)
    {
        this.httpIdleTimeoutMs = httpIdleTimeoutMs;
        return this;
    }

    /**
     * @return most plain-HTTP (not WebSocket) connections open at once; past it a new one is answered 503 and closed.
     */
    public int maxHttpConnections()
    {
        return maxHttpConnections;
    }

    public GatewayContext maxHttpConnections(final int maxHttpConnections)
    {
        this.maxHttpConnections = maxHttpConnections;
        return this;
    }

    public int ioThreads()
    {
        return ioThreads;
    }

    public GatewayContext ioThreads(final int ioThreads)
    {
        this.ioThreads = ioThreads;
        return this;
    }

    /**
     * @return commands waiting for the publisher in all beyond which only a connection with none waiting may queue
     * one.
     */
    public int commandQueueCapacity()
    {
        return commandQueueCapacity;
    }

    public GatewayContext commandQueueCapacity(final int commandQueueCapacity)
    {
        this.commandQueueCapacity = commandQueueCapacity;
        return this;
    }

    /**
     * @return most commands one connection may have waiting for the publisher; past it the client gets LIMIT
     * "server busy".
     */
    public int maxQueuedCommandsPerConnection()
    {
        return maxQueuedCommandsPerConnection;
    }

    public GatewayContext maxQueuedCommandsPerConnection(final int maxQueuedCommandsPerConnection)
    {
        this.maxQueuedCommandsPerConnection = maxQueuedCommandsPerConnection;
        return this;
    }

    public int pollLimit()
    {
        return pollLimit;
    }

    public String idle()
    {
        return idle;
    }

    public GatewayContext idle(final String idle)
    {
        this.idle = idle;
        return this;
    }

    /**
     * @param check one more thing {@code /health} looks at, beside the gateway's own.
     */
    public GatewayContext healthCheck(final HealthCheck check)
    {
        healthChecks.add(check);
        return this;
    }

    /**
     * @return the origins whose pages may open a WebSocket; empty for the default (no origin, loopback, same host).
     */
    public List<String> allowedOrigins()
    {
        return allowedOrigins;
    }

    public GatewayContext allowedOrigins(final List<String> origins)
    {
        this.allowedOrigins = List.copyOf(origins);
        return this;
    }

    public List<HealthCheck> healthChecks()
    {
        return healthChecks;
    }

    public NanoClock nanoClock()
    {
        return nanoClock;
    }

    /**
     * @param nanoClock the clock of timeouts, heartbeats and rate limits; tests pass one they set by hand.
     */
    public GatewayContext nanoClock(final NanoClock nanoClock)
    {
        this.nanoClock = nanoClock;
        return this;
    }

    public EpochNanoClock epochClock()
    {
        return epochClock;
    }

    /**
     * @param epochClock wall-clock time of heartbeats and fan-out latency; tests pass one they set by hand.
     */
    public GatewayContext epochClock(final EpochNanoClock epochClock)
    {
        this.epochClock = epochClock;
        return this;
    }

    public Path authHs256SecretFile()
    {
        return authHs256SecretFile;
    }

    /**
     * @param file an HS256 secret (the file's bytes, at least 32): clients then need a token signed with it.
     */
    public GatewayContext authHs256SecretFile(final Path file)
    {
        this.authHs256SecretFile = file;
        return this;
    }

    public Path authPublicKeyFile()
    {
        return authPublicKeyFile;
    }

    /**
     * @param file a PEM public key, RSA (RS256) or EC P-256 (ES256): clients then need a token signed by its pair.
     */
    public GatewayContext authPublicKeyFile(final Path file)
    {
        this.authPublicKeyFile = file;
        return this;
    }

    public long authClockSkewSeconds()
    {
        return authClockSkewSeconds;
    }

    /**
     * @param seconds how far a token's exp and nbf may be off the gateway's clock.
     */
    public GatewayContext authClockSkewSeconds(final long seconds)
    {
        this.authClockSkewSeconds = seconds;
        return this;
    }

    /**
     * @return the verifier of clients' tokens, built by {@link #conclude()}; null when authentication is off.
     */
    public TokenVerifier tokenVerifier()
    {
        return tokenVerifier;
    }

    /**
     * @return most WebSocket connections open at once from one remote address; past it a handshake gets 429.
     */
    public int maxConnectionsPerIp()
    {
        return maxConnectionsPerIp;
    }

    public GatewayContext maxConnectionsPerIp(final int maxConnectionsPerIp)
    {
        this.maxConnectionsPerIp = maxConnectionsPerIp;
        return this;
    }

    // ---------------------------------------------------------------- delayed data

    /**
     * @return most delay values served at once (a trailing journal reader and last-value cache each); a session
     * with one more delay is refused.
     */
    public int maxDelayLines()
    {
        return maxDelayLines;
    }

    public GatewayContext maxDelayLines(final int maxDelayLines)
    {
        this.maxDelayLines = maxDelayLines;
        return this;
    }

    /**
     * @return how long a delay line no session uses is kept before it is closed, in ms.
     */
    public long delayLineGraceMs()
    {
        return delayLineGraceMs;
    }

    public GatewayContext delayLineGraceMs(final long delayLineGraceMs)
    {
        this.delayLineGraceMs = delayLineGraceMs;
        return this;
    }

    // ---------------------------------------------------------------- TLS and the ingest token

    private void concludeTls()
    {
        if (null == tlsCertFile && null == tlsKeyFile)
        {
            return;
        }
        if (null == tlsCertFile || null == tlsKeyFile)
        {
            throw new IllegalArgumentException(TlsCredentials.CERT_OPTION + " and " + TlsCredentials.KEY_OPTION +
                " go together: give both or neither");
        }
        tlsCredentials = TlsCredentials.load(tlsCertFile, tlsKeyFile);
    }

    /**
     * @return the PEM certificate chain file the port serves TLS with, or null for plain HTTP and WebSockets.
     */
    public Path tlsCertFile()
    {
        return tlsCertFile;
    }

    /**
     * @param certFile PEM certificates, the server's first; with {@link #tlsKeyFile(Path)}, the port speaks TLS only.
     */
    public GatewayContext tlsCertFile(final Path certFile)
    {
        this.tlsCertFile = certFile;
        return this;
    }

    public Path tlsKeyFile()
    {
        return tlsKeyFile;
    }

    /**
     * @param keyFile the PEM PKCS#8 private key of the certificate (RSA or EC).
     */
    public GatewayContext tlsKeyFile(final Path keyFile)
    {
        this.tlsKeyFile = keyFile;
        return this;
    }

    public Path ingestTokenFile()
    {
        return ingestTokenFile;
    }

    /**
     * @param tokenFile a file whose content (trimmed) every TCP ingest connection must send first as
     *                  {@code #auth TOKEN}; null for none.
     */
    public GatewayContext ingestTokenFile(final Path tokenFile)
    {
        this.ingestTokenFile = tokenFile;
        return this;
    }

    /**
     * @return the TCP ingest token read at {@link #conclude()}, {@link IngestToken#NONE} without one.
     */
    public IngestToken ingestToken()
    {
        return ingestToken;
    }

    /**
     * @return what the TLS files held at {@link #conclude()}; null without TLS.
     */
    public TlsCredentials tlsCredentials()
    {
        return tlsCredentials;
    }
}
