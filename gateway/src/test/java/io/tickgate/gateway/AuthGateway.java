package io.tickgate.gateway;

import io.tickgate.gateway.security.TokenMinter;
import io.tickgate.testing.RawWsClient;
import io.tickgate.testing.WsClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real gateway with HS256 token authentication on (a secret file in the test's directory), the minter of its
 * tokens, and raw handshakes that show the status and body of a refused one.
 */
final class AuthGateway implements AutoCloseable
{
    static final byte[] SECRET = "tickgate test secret, 32 bytes or more".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: *(\\d+)");

    final GatewayFixture fixture;
    final TokenMinter minter = TokenMinter.hs256(SECRET);
    private final HttpClient http = HttpClient.newHttpClient();

    AuthGateway(final Path dir, final UnaryOperator<GatewayContext> configure)
    {
        try
        {
            final Path secret = Files.write(Files.createDirectories(dir).resolve("secret"), SECRET);
            fixture = new GatewayFixture(dir.resolve("journal"),
                ctx -> configure.apply(ctx.authHs256SecretFile(secret)));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    int port()
    {
        return fixture.port();
    }

    static long now()
    {
        return System.currentTimeMillis() / 1000;
    }

    /**
     * @return a token valid for an hour with these symbol patterns (null: all), replay allowed, not admin.
     */
    String token(final String sub, final List<String> symbols)
    {
        return minter.mint(sub, symbols, 0, true, false, now(), now() + 3600);
    }

    WsClient connect(final String token)
    {
        return connect(token, "");
    }

    /**
     * @param format extra query parameters, e.g. {@code &format=binary}.
     */
    WsClient connect(final String token, final String format)
    {
        return WsClient.connect(port(), "?access_token=" + token + format, true);
    }

    /**
     * A raw handshake with extra header lines ({@code "Authorization: Bearer X\r\n"}) and query.
     *
     * @return the response's status line, headers and body.
     */
    String handshake(final String query, final String headers) throws IOException
    {
        return handshake(port(), query, headers);
    }

    static String handshake(final int port, final String query, final String headers) throws IOException
    {
        try (RawWsClient client = RawWsClient.open(port))
        {
            final String head = client.request("GET /stream" + query + " HTTP/1.1\r\nHost: 127.0.0.1:" + port +
                "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
                "Sec-WebSocket-Version: 13\r\n" + headers + "\r\n");
            return head + body(head, client.socket().getInputStream());
        }
    }

    HttpResponse<String> get(final String path, final String bearer)
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path));
        if (null != bearer)
        {
            request.header("Authorization", "Bearer " + bearer);
        }
        try
        {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    long refused(final String reason)
    {
        return fixture.metric("tickgate_auth_refused_total{reason=\"" + reason.toLowerCase(Locale.ROOT) + "\"}");
    }

    public void close()
    {
        fixture.close();
    }

    private static String body(final String head, final InputStream in) throws IOException
    {
        final Matcher length = CONTENT_LENGTH.matcher(head);
        return length.find() ? new String(in.readNBytes(Integer.parseInt(length.group(1))),
            StandardCharsets.UTF_8) : "";
    }
}
