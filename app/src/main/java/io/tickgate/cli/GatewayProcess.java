package io.tickgate.cli;

import io.tickgate.gateway.Gateway;
import io.tickgate.gateway.GatewayContext;
import io.tickgate.gateway.ListeningLine;
import io.tickgate.gateway.StartCancelledException;
import io.tickgate.journal.JournalLockedException;

import java.net.BindException;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Runs a gateway until SIGTERM or Ctrl-C, then shuts it down cleanly (clients get close 1001, the journal is closed)
 * and returns 0, so a supervisor sees a clean exit; also when the signal comes while the journal is still being read
 * at start.
 */
final class GatewayProcess
{
    private GatewayProcess()
    {
    }

    static int run(final GatewayContext ctx, final Consumer<Gateway> onReady)
    {
        final CountDownLatch stop = new CountDownLatch(1);
        StopSignals.onStop(stop::countDown);
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
