package io.tickgate.gateway.publisher;

import io.tickgate.gateway.GatewayMetrics;
import io.tickgate.gateway.MetricsProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An exception while the publisher works for one session (here: its socket throws, as a bug in the connection layer
 * would) costs that session alone: the subscribers after it in the same loop still get the tick, the publisher goes
 * on, and the session is closed at once and counted as {@code internal_error}.
 */
@Timeout(30)
class FaultIsolationScenariosTest
{
    private static final String FULL = "{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"mode\":\"full\"}";

    @TempDir
    Path dir;
    private PublisherHarness h;
    private PublisherHarness.Client first;
    private PublisherHarness.Client middle;
    private PublisherHarness.Client last;

    @BeforeEach
    void open()
    {
        h = new PublisherHarness(dir);
        h.tick("AAPL");
        h.cycle();
        first = h.connect();
        middle = h.connect();
        last = h.connect();
        h.cycle();
        // subscribed in this order, so the failing one sits between two others in the symbol's subscriber list
        for (final PublisherHarness.Client client : List.of(first, middle, last))
        {
            client.send(FULL);
            h.cycle();
        }
    }

    @AfterEach
    void close()
    {
        h.close();
    }

    @Test
    void aSubscriberThatThrowsInTheMiddleOfAFanOutIsClosedAndTheOnesAfterItStillGetTheTick()
    {
        // the middle client stops reading; when its queue passes the limit, its cut-off throws (logging its address)
        middle.socket.takePerWrite(0).failAddress(new IllegalStateException("address lookup failed"));
        long seq = 1;
        while (!middle.socket.isClosed())
        {
            seq = h.tick("AAPL");
            h.cycle();
            assertTrue(seq < 10_000, "the middle client is cut off at some point");
        }
        assertEquals(1, MetricsProbe.cutOffs(h.metrics, GatewayMetrics.CutOff.INTERNAL_ERROR));
        assertEquals(2, h.metrics.connectionsOpen.get());

        final long after = h.tick("AAPL");
        h.cycle();
        assertEquals(LongStream.rangeClosed(1, after).boxed().toList(), first.seqs("AAPL"));
        assertEquals(LongStream.rangeClosed(1, after).boxed().toList(), last.seqs("AAPL"),
            "the subscriber after the failing one got every tick, the one that failed included");
        assertEquals(0, h.buffersInUse(), "the closed session's buffer is back");
    }

    @Test
    void aSocketWriteThatThrowsClosesThatSessionAndTheOthersAreWrittenInTheSameCycle()
    {
        middle.socket.failWrites(new IllegalStateException("channel broken in an unexpected way"));
        h.tick("AAPL");
        h.cycle();
        assertEquals(List.of(1L, 2L), first.seqs("AAPL"));
        assertEquals(List.of(1L, 2L), last.seqs("AAPL"), "written after the failing session, in the same cycle");
        assertEquals(1, MetricsProbe.cutOffs(h.metrics, GatewayMetrics.CutOff.INTERNAL_ERROR));

        h.tick("AAPL");
        h.cycle();
        assertTrue(middle.socket.isClosed());
        assertFalse(first.socket.isClosed() || last.socket.isClosed());
        assertEquals(List.of(1L, 2L, 3L), last.seqs("AAPL"));
        assertEquals(2, h.metrics.connectionsOpen.get());
        assertEquals(2, h.metrics.subscriptions.get(), "the closed session's subscription is released");
    }
}
