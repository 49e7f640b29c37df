package io.tickgate.gateway.publisher;

import io.tickgate.gateway.ErrorCode;
import io.tickgate.gateway.MetricsProbe;
import io.tickgate.gateway.ws.Frames;
import io.tickgate.gateway.ws.ServerFrames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.tickgate.gateway.publisher.SessionLifecycleScenariosTest.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Commands through the publisher: the answers to one command in the protocol's order (errors for the refused parts,
 * then what was accepted, then snapshots), each with the command's id.
 */
@Timeout(30)
class CommandScenariosTest
{
    @TempDir
    Path dir;
    private PublisherHarness h;
    private PublisherHarness.Client client;

    @BeforeEach
    void open()
    {
        h = new PublisherHarness(dir, ctx -> ctx.maxSymbolsPerConnection(2));
        h.tick("AAPL");
        h.tick("MSFT");
        h.tick("IBM");
        h.cycle();
        client = h.connect();
        h.cycle();
    }

    @AfterEach
    void close()
    {
        h.close();
    }

    @Test
    void hugeSymbolsAndOpsAreRefusedWithABoundedEchoAndTheConnectionGoesOn()
    {
        final String huge = "a".repeat(20_000);
        final StringBuilder many = new StringBuilder("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"");
        for (int i = 0; i < 300; i++)
        {
            many.append(",\"").append(i).append(huge, 0, 150).append('"');
        }
        client.send("{\"op\":\"subscribe\",\"symbols\":[\"" + huge + "\"],\"id\":1}");
        client.send(many.append("],\"id\":2}").toString());
        client.send("{\"op\":\"" + huge + "\",\"id\":3}");
        client.send("{\"op\":\"ping\",\"id\":4}");
        h.cycle();

        final List<Map<String, Object>> errors = client.ofType("error");
        assertEquals(List.of(1L, 2L, 2L, 3L), errors.stream().map(m -> m.get("id")).toList(), () -> types(
            client.messages()) + "");
        final String echoed = "a".repeat(32) + "...";
        assertEquals(List.of("BAD_REQUEST", List.of(echoed)), codeAndSymbols(errors.get(0)));
        assertEquals(List.of(256, 44), errors.subList(1, 3).stream().map(m -> ((List<?>)m.get("symbols")).size())
            .toList(), "300 refused symbols in answers of at most 256");
        assertEquals("unknown op \"" + echoed + "\"", errors.get(3).get("message"));
        assertEquals(List.of(4L), client.ofType("pong").stream().map(m -> m.get("id")).toList(), "still answered");
        assertEquals(List.of("AAPL"), client.ofType("subscribed").get(0).get("symbols"), "the valid rest went ahead");
    }

    @Test
    void aClientThatAnAnswerNoLongerFitsIsCutOffNotLeftToMissIt()
    {
        final PublisherHarness.Client other = h.connect();
        h.cycle();
        client.socket.takePerWrite(0);
        int pings = 0;
        while (!client.session.isClosed() && pings < 10_000)
        {
            client.send("{\"op\":\"ping\",\"id\":" + pings++ + "}");
            h.cycle();
        }
        other.send("{\"op\":\"ping\",\"id\":\"other\"}");
        h.cycle();
        client.socket.takePerWrite(FakeSocket.UNLIMITED);
        h.run(1);

        final List<Map<String, Object>> messages = client.messages();
        final Map<String, Object> close = messages.get(messages.size() - 1);
        final int sent = pings;
        assertEquals("ws:close", close.get("type"), () -> "cut off after " + sent + " pings");
        assertEquals(1008, close.get("code"));
        assertTrue(((String)close.get("reason")).startsWith("slow consumer: a control message did not fit"));
        final List<Object> answered = client.ofType("pong").stream().map(m -> m.get("id")).toList();
        assertEquals(java.util.stream.LongStream.range(0, answered.size()).boxed().toList(), answered,
            "every ping answered in order up to the cut-off, none skipped");
        assertEquals(1, MetricsProbe.cutOffs(h.metrics, io.tickgate.gateway.GatewayMetrics.CutOff.SLOW_CONSUMER));
        assertEquals(List.of("other"), other.ofType("pong").stream().map(m -> m.get("id")).toList(),
            "another client is answered as before");
    }

    @Test
    void refusedPartsAreAnsweredFirstThenTheAcceptedOnesThenTheirSnapshots()
    {
        client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"bad symbol\",\"NOPE\",\"MSFT\",\"IBM\"],\"id\":5}");
        h.cycle();

        final List<Map<String, Object>> messages = client.messages();
        assertEquals(List.of("welcome", "error", "error", "error", "subscribed", "snapshot", "snapshot"),
            types(messages));
        assertEquals(List.of("BAD_REQUEST", List.of("bad symbol")), codeAndSymbols(messages.get(1)));
        assertEquals(List.of("UNKNOWN_SYMBOL", List.of("NOPE")), codeAndSymbols(messages.get(2)));
        assertEquals(List.of("LIMIT", List.of("IBM")), codeAndSymbols(messages.get(3)));
        assertEquals(List.of("AAPL", "MSFT"), messages.get(4).get("symbols"));
        messages.subList(1, 5).forEach(m -> assertEquals(5L, m.get("id"), "the id on every answer"));
        assertEquals(2, h.metrics.subscriptions.get());
        assertEquals(1, MetricsProbe.errors(h.metrics, ErrorCode.LIMIT));
        assertEquals(List.of(Frames.OP_TEXT, Frames.OP_TEXT),
            client.socket.frames().stream().map(ServerFrames.Frame::opcode).toList(),
            "what one duty cycle queued went out as one text frame: a JSON array of the six messages");
    }

    @Test
    void aWholeRefusalAndAPingAreAnsweredInTheOrderTheyCame()
    {
        client.send("{\"op\":\"dance\",\"id\":\"a\"}");
        client.send("{\"op\":\"ping\",\"id\":[1,2]}");
        h.cycle();

        final List<Map<String, Object>> messages = client.messages();
        assertEquals(List.of("welcome", "error", "pong"), types(messages));
        assertEquals("BAD_REQUEST", messages.get(1).get("code"));
        assertEquals("a", messages.get(1).get("id"));
        assertEquals(List.of(1L, 2L), messages.get(2).get("id"));
    }

    private static List<Object> codeAndSymbols(final Map<String, Object> error)
    {
        return List.of(error.get("code"), error.get("symbols"));
    }
}
