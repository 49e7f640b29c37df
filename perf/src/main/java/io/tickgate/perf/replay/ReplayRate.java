package io.tickgate.perf.replay;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Measures how fast a gateway replays its journal to one binary client: sends a replay of every symbol from the
 * start and counts quote records until {@code replayEnd}.
 * <pre>java -cp perf/target/benchmarks.jar io.tickgate.perf.replay.ReplayRate PORT [TIMEOUT_SECONDS]</pre>
 */
@Command(name = "ReplayRate", mixinStandardHelpOptions = true,
    description = "How fast a gateway on 127.0.0.1 replays its whole journal to one binary client, in ticks/s.")
public final class ReplayRate implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "PORT", description = "The gateway's HTTP/WebSocket port.")
    int port;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TIMEOUT_SECONDS", defaultValue = "300",
        description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new ReplayRate()).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        final QuoteCounter counter = new QuoteCounter();
        final WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + port + "/stream?format=binary"), counter).join();
        final long start = System.nanoTime();
        socket.sendText("{\"op\":\"replay\",\"symbols\":[\"*\"],\"from\":0}", true).join();
        final long quotes = counter.done().get(timeoutSeconds, TimeUnit.SECONDS);
        final double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("replayed %,d ticks (%,d bytes of binary frames) in %.2f s: %,.0f ticks/s%n",
            quotes, counter.bytes(), seconds, quotes / seconds);
        socket.abort();
        return 0;
    }
}
