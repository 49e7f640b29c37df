package io.tickgate.gateway.security;

import io.tickgate.gateway.GatewayContext;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Sequence;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;
import org.xnio.ssl.JsseXnioSsl;
import org.xnio.ssl.SslConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The gateway's port with TLS: Undertow's HTTP/1.1 handling over XNIO's JSSE connections, TLS 1.3 and 1.2 only.
 * <p>
 * Undertow's own HTTPS listener is not used because its TLS layer ({@code SslConduit}) expects one thread per
 * connection, while the gateway writes a connection's frames from the publisher thread as its IO thread reads: XNIO's
 * JSSE engine keeps a wrap lock and an unwrap lock and an atomic state for exactly that (docs/architecture.md,
 * "TLS").
 */
public final class TlsListener implements AutoCloseable
{
    /** Undertow's own default for a heap of 128 MiB or more. */
    private static final int HTTP_BUFFER_BYTES = 16 * 1024 - 20;

    private final DefaultByteBufferPool buffers;
    private final AcceptingChannel<SslConnection> server;

    private TlsListener(final DefaultByteBufferPool buffers, final AcceptingChannel<SslConnection> server)
    {
        this.buffers = buffers;
        this.server = server;
    }

    /**
     * Listen on the worker's IO threads, at the context's host and port, with its HTTP timeouts and socket options.
     */
    public static TlsListener open(
        final XnioWorker worker, final GatewayContext ctx, final HttpHandler handler, final TlsContext tls)
    {
        final DefaultByteBufferPool buffers = new DefaultByteBufferPool(true, HTTP_BUFFER_BYTES, -1, 4);
        final HttpOpenListener http = new HttpOpenListener(buffers, OptionMap.builder()
            .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
            .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int)ctx.requestParseTimeoutMs())
            // between the requests of a keep-alive connection only, as on the plain port
            .set(UndertowOptions.NO_REQUEST_TIMEOUT, (int)ctx.httpIdleTimeoutMs())
            .getMap());
        http.setRootHandler(handler);
        // what Undertow gives its own listeners, plus the protocol versions
        final OptionMap.Builder options = OptionMap.builder()
            .set(Options.WORKER_IO_THREADS, worker.getIoThreadCount())
            .set(Options.TCP_NODELAY, true)
            .set(Options.REUSE_ADDRESSES, true)
            .set(Options.BALANCING_TOKENS, 1)
            .set(Options.BALANCING_CONNECTIONS, 2)
            .set(Options.BACKLOG, 1000)
            .set(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(TlsContext.PROTOCOLS));
        if (ctx.socketSendBufferBytes() > 0)
        {
            options.set(Options.SEND_BUFFER, ctx.socketSendBufferBytes());
        }
        try
        {
            final AcceptingChannel<SslConnection> server = new JsseXnioSsl(worker.getXnio(), OptionMap.EMPTY,
                tls.sslContext()).createSslConnectionServer(worker,
                new InetSocketAddress(InetAddress.getByName(ctx.host()), ctx.port()),
                ChannelListeners.<SslConnection>openListenerAdapter(http), options.getMap());
            server.resumeAccepts();
            return new TlsListener(buffers, server);
        }
        catch (final IOException ex)
        {
            buffers.close();
            throw new UncheckedIOException("cannot listen with TLS on " + ctx.host() + ":" + ctx.port(), ex);
        }
    }

    public InetSocketAddress address()
    {
        return server.getLocalAddress(InetSocketAddress.class);
    }

    public void close()
    {
        IoUtils.safeClose(server);
        buffers.close();
    }
}
