package io.tickgate.cli;

import io.tickgate.testing.Await;
import io.tickgate.testing.ChildJvm;
import io.tickgate.testing.Json;
import io.tickgate.testing.RawWsClient;
import io.tickgate.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real gateway in a child process with {@code --log-format json}: every line on its stderr is a JSON object, and
 * a client that stops reading is connected, cut off and disconnected in three lines that carry its address, its
 * session number and the reason.
 */
@Timeout(120)
class LogLinesProcessTest
{
    @TempDir
    Path dir;

    @Test
    void shouldLogASlowConsumersConnectCutOffAndDisconnectAsJsonLines() throws Exception
    {
        try (ChildJvm serve = Tickgate.start(dir, "serve", "--port", "0", "--journal", dir.resolve("j").toString(),
            "--sim-symbols", "20", "--sim-rate", "2000", "--session-buffer", "16384", "--max-frame-bytes", "4096",
            "--socket-send-buffer", "32768", "--log-format", "json"))
        {
            final int port = ServeProcessTest.awaitListening(serve).httpPort();
            try (WsClient fast = WsClient.connect(port);
                RawWsClient slow = RawWsClient.connect(port, "", 4096))
            {
                // the slow one never reads: its socket's buffers fill, then its queue, and it is cut off
                slow.sendText("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"mode\":\"full\"}");
                fast.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"mode\":\"full\"}");
                final String local = ":" + slow.socket().getLocalPort();

                Await.until(() -> line(serve, "disconnect", local).isPresent(), Duration.ofSeconds(60),
                    serve::describe);
                final Map<String, Object> connect = line(serve, "connect", local).orElseThrow();
                final Map<String, Object> cutOff = line(serve, "cut_off", local).orElseThrow();
                final Map<String, Object> disconnect = line(serve, "disconnect", local).orElseThrow();
                assertEquals("INFO", connect.get("level"));
                assertEquals("io.tickgate.gateway.connections", connect.get("loggerName"));
                assertEquals("json", fields(connect).get("format"));
                assertEquals(fields(connect).get("session"), fields(cutOff).get("session"));
                assertEquals(fields(connect).get("session"), fields(disconnect).get("session"));
                assertTrue(String.valueOf(fields(cutOff).get("why")).startsWith("slow_consumer"), cutOff::toString);
                assertEquals("1008", String.valueOf(fields(cutOff).get("code")));
                assertEquals("1008", String.valueOf(fields(disconnect).get("code")));
                assertEquals("gateway", fields(disconnect).get("closed_by"));
            }
        }
    }

    /**
     * @return the JSON line of this event for the client at {@code local}, once every stderr line parsed as JSON.
     */
    private static Optional<Map<String, Object>> line(final ChildJvm child, final String event, final String local)
    {
        final List<Map<String, Object>> lines = new ArrayList<>();
        for (final String text : child.stderr().split("\n"))
        {
            if (!text.isBlank())
            {
                lines.add(asMap(Json.parse(text)));
            }
        }
        return lines.stream().filter(line -> event.equals(line.get("formattedMessage")) &&
            String.valueOf(fields(line).get("remote")).endsWith(local)).findFirst();
    }

    /**
     * Logback's JSON lines have the key/values as a list of one-entry objects: {@code "kvpList":[{"a":"1"},...]}.
     */
    private static Map<String, Object> fields(final Map<String, Object> line)
    {
        final Map<String, Object> fields = new HashMap<>();
        for (final Object pair : (List<?>)line.getOrDefault("kvpList", List.of()))
        {
            fields.putAll(asMap(pair));
        }
        return fields;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(final Object json)
    {
        return (Map<String, Object>)json;
    }
}
