package io.tickgate.client;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The example program of docs/client.md: print every AAPL and MSFT tick, in full mode, until interrupted.
 * Run it against a gateway on localhost:8080 with {@code java ... io.tickgate.client.ExamplePrinter [host] [port]}.
 */
public final class ExamplePrinter
{
    private ExamplePrinter()
    {
    }

    /**
     * @param args optional host and port.
     * @throws InterruptedException when interrupted while waiting.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final String host = args.length > 0 ? args[0] : "127.0.0.1";
        final int port = args.length > 1 ? Integer.parseInt(args[1]) : 8080;

        final ClientListener events = new ClientListener()
        {
            public void onConnected(final String server, final int protocol, final long heartbeatMs)
            {
                System.out.println("connected to " + server + ", heartbeat " + heartbeatMs + " ms");
            }

            public void onDisconnected(final int code, final String reason)
            {
                System.out.println("disconnected " + code + " " + reason);
            }

            public void onReconnecting(final int attempt, final long delayMs)
            {
                System.out.println("reconnect attempt " + attempt + " in " + delayMs + " ms");
            }

            public void onError(final String code, final String message, final List<String> symbols)
            {
                System.out.println("error " + code + ": " + message + " " + symbols);
            }

            public void onGap(final CharSequence symbol, final long expectedSeq, final long gotSeq)
            {
                System.out.println("GAP " + symbol + ": expected " + expectedSeq + ", got " + gotSeq);
            }
        };

        // Called on the WebSocket's thread; the Quote is reused, so read it here and do not keep it.
        final QuoteListener printer = quote -> System.out.println(
            quote.symbol() + " #" + quote.seq() + " bid " + quote.bidAsDecimal() + " ask " + quote.askAsDecimal() +
            " last " + quote.lastAsDecimal() + " x " + quote.lastSize());

        try (TickgateClient client = TickgateClient.connect(new TickgateClient.Context()
            .host(host)
            .port(port)
            .format(Format.BINARY)
            .quoteListener(printer)
            .clientListener(events)))
        {
            client.subscribe(List.of("AAPL", "MSFT"), Mode.FULL);
            new CountDownLatch(1).await(); // until interrupted (Ctrl-C)
        }
    }
}
