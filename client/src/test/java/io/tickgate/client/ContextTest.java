package io.tickgate.client;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's stream URLs: derived from host, port and format, one {@code uri}, or a list; bad ones refused by name.
 */
class ContextTest
{
    private static TickgateClient.Context context()
    {
        return new TickgateClient.Context().quoteListener(quote -> { });
    }

    @Test
    void shouldDeriveOneUrlOrTakeTheListInOrder()
    {
        assertEquals(List.of(URI.create("ws://example.org:9000/stream?format=binary")),
            context().host("example.org").port(9000).format(Format.BINARY).conclude().uris());
        final List<URI> two = List.of(URI.create("wss://a.example/stream"), URI.create("ws://b.example:8080/stream"));
        final TickgateClient.Context ctx = context().uris(two).conclude();
        assertEquals(two, ctx.uris());
        assertEquals(two.get(0), ctx.uri());
        assertEquals(List.of(two.get(1)), context().uri(two.get(1)).conclude().uris());
    }

    @Test
    void shouldRefuseAnEmptyListAndUrlsThatAreNotWebSockets()
    {
        assertThrows(IllegalArgumentException.class, () -> context().uris(List.of()));
        for (final String bad : List.of("http://a.example/stream", "ws:///stream", "mailto:ops@example.org"))
        {
            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> context().uris(List.of(URI.create("ws://ok.example/stream"), URI.create(bad))).conclude());
            assertTrue(refused.getMessage().startsWith("uris: ") && refused.getMessage().contains(bad),
                refused::getMessage);
        }
    }
}
