package io.tickgate.cli;

import io.tickgate.gateway.Gateway;
import io.tickgate.gateway.GatewayContext;
import io.tickgate.gateway.ListeningLine;
import io.tickgate.gateway.StartCancelledException;
import io.tickgate.journal.JournalLockedException;

import java.net.BindException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a gateway until SIGTERM or Ctrl-C, then drains it ({@link Gateway#drain()}: {@code /health} 503, clients told
 * to move and served on for {@code --drain-ms}), shuts it down cleanly (clients get close 1001, the journal is
 * closed) and returns 0, so a supervisor sees a clean exit; a second signal during the drain shuts down at once. A
 * signal while the journal is still being read at start abandons the start, also with 0.
 */
final class GatewayProcess
{
    private GatewayProcess()
    {
    }

    static int run(final GatewayContext ctx, final Consumer<Gateway> onReady)
    {
        final AtomicInteger signals = new AtomicInteger();
        final CountDownLatch stop = new CountDownLatch(1);
        final CountDownLatch stopNow = new CountDownLatch(1);
        // each signal may be handled on a thread of its own: the count tells the first from the second
        StopSignals.onStop(() -> (1 == signals.incrementAndGet() ? stop : stopNow).countDown());
        // a signal while the journal is read at start abandons the start (the journal is closed, its lock released)
        try (Gateway gateway = Gateway.launch(ctx, () -> 0 == stop.getCount()))
        {
            if (null != ctx.tlsCertFile())
            {
                // new handshakes get the files' new certificate; open connections keep theirs
                StopSignals.onReload(gateway::reloadTls);
            }
            System.out.println(ListeningLine.of(gateway));
            onReady.accept(gateway);
            System.out.flush();
            stop.await();
            gateway.drain();
            if (ctx.drainMs() > 0)
            {
                System.out.println("draining for " + ctx.drainMs() + " ms (signal again to stop at once)");
                System.out.flush();
                stopNow.await(ctx.drainMs(), TimeUnit.MILLISECONDS);
            }
            System.out.println("shutting down");
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final StartCancelledException ex)
        {
            System.out.println(ex.getMessage());
            return 0;
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("tickgate: " + ConfigSources.explain(ex.getMessage()));
            return 2;
        }
        catch (final JournalLockedException ex)
        {
            System.err.println("tickgate: " + ex.getMessage());
            return 3;
        }
        catch (final RuntimeException ex)
        {
            if (rootCause(ex) instanceof BindException)
            {
                System.err.println("tickgate: cannot listen on " + ctx.host() + ":" + ctx.port() + " or ingest port " +
                    ctx.ingestPort() + ": " + rootCause(ex).getMessage());
                return 4;
            }
            throw ex;
        }
        return 0;
    }

    private static Throwable rootCause(final Throwable throwable)
    {
        Throwable cause = throwable;
        while (null != cause.getCause() && cause != cause.getCause())
        {
            cause = cause.getCause();
        }
        return cause;
    }
}
