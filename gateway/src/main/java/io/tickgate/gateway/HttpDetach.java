package io.tickgate.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.StreamConnection;
import org.xnio.conduits.StreamSourceConduit;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Lets go of Undertow's side of an upgraded connection, so an idle WebSocket holds nothing of its HTTP request.
 * Undertow's close listener on the socket keeps its whole HTTP connection (parser state, conduits, buffers) reachable,
 * and XNIO's {@code setCloseListener} merges listeners rather than replacing them. Once the first read has drained
 * what Undertow read past the handshake, {@link #run()} puts the socket's own conduit back, makes the gateway's
 * listener the only close listener, and runs Undertow's now — it closes nothing: it forgets the connection, cancels
 * its timers and frees its buffers. Where XNIO's field cannot be reached the merged listeners stay (the memory is
 * then held until the socket closes). IO thread only.
 */
final class HttpDetach
{
    private static final Logger LOG = LoggerFactory.getLogger(HttpDetach.class);
    private static final Field CLOSE_LISTENER = closeListenerField();

    private final StreamConnection connection;
    private final StreamSourceConduit socketConduit;
    private final ChannelListener<? super StreamConnection> undertowClose;
    private final ChannelListener<? super StreamConnection> gatewayClose;

    /**
     * Call in the upgrade callback; sets the gateway's close listener (merged with Undertow's until {@link #run()}).
     */
    HttpDetach(final StreamConnection connection, final ChannelListener<? super StreamConnection> gatewayClose)
    {
        this.connection = connection;
        this.socketConduit = connection.getSourceChannel().getConduit();
        this.undertowClose = connection.getCloseListener();
        this.gatewayClose = gatewayClose;
        connection.setCloseListener(gatewayClose);
    }

    /**
     * Call once a read found nothing more, so what Undertow held for the gateway has been read.
     */
    @SuppressWarnings("unchecked")
    void run()
    {
        if (null == CLOSE_LISTENER || null == undertowClose || !connection.isOpen())
        {
            return;
        }
        try
        {
            ((AtomicReference<ChannelListener<? super StreamConnection>>)CLOSE_LISTENER.get(connection))
                .set(gatewayClose);
        }
        catch (final IllegalAccessException ex)
        {
            return;
        }
        connection.getSourceChannel().setConduit(socketConduit);
        ChannelListeners.invokeChannelListener(connection, undertowClose);
    }

    private static Field closeListenerField()
    {
        try
        {
            final Field field = StreamConnection.class.getDeclaredField("closeListener");
            field.setAccessible(true);
            return AtomicReference.class == field.getType() ? field : null;
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            LOG.info("cannot replace XNIO's close listener ({}): Undertow's HTTP connection stays with each " +
                "WebSocket until it closes", ex.toString());
            return null;
        }
    }
}
