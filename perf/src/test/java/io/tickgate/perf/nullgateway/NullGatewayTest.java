package io.tickgate.perf.nullgateway;

import io.tickgate.perf.load.ChildJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The null gateway in a child JVM, talked to by java.net.http (masked client frames) and a CSV feed. */
class NullGatewayTest
{
    private Process process;
    private int httpPort;
    private int ingestPort;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception
    {
        process = new ProcessBuilder(ChildJvm.command(NullGateway.class, List.of("--seconds", "60")))
            .redirectErrorStream(true).start();
        final String listening = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.US_ASCII)).readLine();
        assertNotNull(listening);
        final String[] ports = listening.replaceAll("[^0-9 ]", "").trim().split(" +");
        httpPort = Integer.parseInt(ports[0]);
        ingestPort = Integer.parseInt(ports[1]);
    }

    @AfterEach
    void stop()
    {
        process.destroyForcibly();
    }

    private String next() throws InterruptedException
    {
        final String event = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(event, "nothing from the null gateway within 10 s");
        return event;
    }

    @Test
    void shouldAnswerSubscribeAndDeliverEachTickWithItsSeq() throws Exception
    {
        final WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + httpPort + "/stream"), new Recorder()).get(10, TimeUnit.SECONDS);
        assertEquals("text [{\"type\":\"welcome\",\"server\":\"null-gateway\",\"protocol\":1," +
            "\"heartbeatMs\":0}]", next());

        ws.sendText("{\"op\":\"subscribe\",\"id\":7,\"symbols\":[\"AAA\",\"BBB\"],\"mode\":\"full\"}", true);
        assertEquals("text [{\"type\":\"subscribed\",\"id\":7,\"symbols\":[\"AAA\",\"BBB\"]}]", next());

        try (Socket feed = new Socket("127.0.0.1", ingestPort))
        {
            final OutputStream out = feed.getOutputStream();
            out.write(("AAA,1700000000000000,1.5,100,1.6,200,1.55,10,1000\n" +
                "CCC,1,1,1,1,1,1,1,1\n" +
                "AAA,1700000000000001,1.5,100,,200,1.55,10,1001\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final StringBuilder ticks = new StringBuilder();
            while (!ticks.toString().contains("\"seq\":2"))
            {
                ticks.append(next());
            }
            assertTrue(ticks.toString().contains("{\"type\":\"tick\",\"symbol\":\"AAA\",\"seq\":1," +
                "\"ts\":1700000000000000,\"bid\":1.5,\"bidSize\":100,\"ask\":1.6,\"askSize\":200,\"last\":1.55," +
                "\"lastSize\":10,\"volume\":1000}"), ticks.toString());
            assertTrue(ticks.toString().contains("{\"type\":\"tick\",\"symbol\":\"AAA\",\"seq\":2," +
                "\"ts\":1700000000000001,\"bid\":1.5,\"bidSize\":100,\"askSize\":200,\"last\":1.55,\"lastSize\":10," +
                "\"volume\":1001}"), "an empty field is left out: " + ticks);
            assertTrue(!ticks.toString().contains("CCC"), "nobody subscribed to CCC");
        }

        ws.sendPing(ByteBuffer.wrap("hi".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("pong hi", next());
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        assertEquals("close 1000", next());
    }

    @Test
    void shouldSendBurstsAsJsonArrayFramesOfUpTo64KiBAndRefuseOtherRequests() throws Exception
    {
        final WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + httpPort + "/"), new Recorder()).get(10, TimeUnit.SECONDS);
        next();
        ws.sendText("{\"op\":\"subscribe\",\"id\":1,\"symbols\":[\"AAA\"]}", true);
        next();
        final StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 3000; i++)
        {
            csv.append("AAA,").append(i).append(",1.5,100,1.6,200,1.55,10,").append(i).append('\n');
        }
        try (Socket feed = new Socket("127.0.0.1", ingestPort))
        {
            feed.getOutputStream().write(csv.toString().getBytes(StandardCharsets.US_ASCII));
            int seen = 0;
            while (seen < 3000)
            {
                final String frame = next();
                assertTrue(frame.startsWith("text [{") && frame.endsWith("}]"), "one JSON array per frame");
                seen += frame.split("\"type\":\"tick\"", -1).length - 1;
            }
            assertEquals(3000, seen);
        }

        final HttpResponse<String> notWebSocket = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/symbols")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(404, notWebSocket.statusCode());
    }

    /** Whole text messages, pongs and closes, in order, as strings. */
    private final class Recorder implements WebSocket.Listener
    {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            text.append(data);
            if (last)
            {
                events.add("text " + text);
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(final WebSocket webSocket, final ByteBuffer message)
        {
            events.add("pong " + StandardCharsets.US_ASCII.decode(message));
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
        {
            events.add("close " + statusCode);
            return null;
        }
    }
}
