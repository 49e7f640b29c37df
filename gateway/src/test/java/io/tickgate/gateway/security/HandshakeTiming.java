package io.tickgate.gateway.security;

import io.tickgate.gateway.Gateway;
import io.tickgate.gateway.GatewayContext;
import io.tickgate.testing.RawWsClient;
import org.agrona.CloseHelper;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A measurement, not a test: WebSocket connections per second, one after another (TCP connect, TLS handshake when
 * on, the HTTP upgrade with the token checked when on, close), against four gateways in this JVM — plain, HS256
 * tokens, TLS (an EC P-256 certificate of a test authority), TLS and tokens — in alternating rounds; every TLS
 * handshake is a full one (each session is invalidated, so none resumes). Client and server share the JVM and the
 * machine, so the client's half of the cryptography is in the figure too.
 * <pre>
 *   ROUNDS CONNECTIONS    print each round's rates and the medians
 * </pre>
 */
final class HandshakeTiming
{
    private static final byte[] SECRET = "handshake timing's secret, 32 bytes or more".getBytes(
        StandardCharsets.US_ASCII);

    private record Target(String name, Gateway gateway, SSLSocketFactory tls, String query, double[] rates)
    {
    }

    private HandshakeTiming()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final int rounds = Integer.parseInt(args[0]);
        final int connections = Integer.parseInt(args[1]);
        final Path dir = Files.createTempDirectory("handshake-timing");
        final TestCertificates ca = TestCertificates.authority("timing CA");
        ca.issue("gateway").write(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        final Path secret = Files.write(dir.resolve("secret"), SECRET);
        final long now = System.currentTimeMillis() / 1000;
        final String token = "?access_token=" + TokenMinter.hs256(SECRET)
            .mint("timing", List.of("AAPL", "MSFT", "EUR/*", "GBP/*", "BTC-*"), 0, true, false, now, now + 3600);
        final SSLSocketFactory tls = ca.clientContext().getSocketFactory();
        final List<Target> targets = new ArrayList<>();
        try
        {
            targets.add(new Target("plain", launch(dir, "plain", false, null), null, "", new double[rounds]));
            targets.add(new Target("token", launch(dir, "token", false, secret), null, token, new double[rounds]));
            targets.add(new Target("TLS", launch(dir, "tls", true, null), tls, "", new double[rounds]));
            targets.add(new Target("TLS+token", launch(dir, "both", true, secret), tls, token, new double[rounds]));
            for (final Target target : targets)
            {
                connect(target, connections); // warm-up
            }
            for (int round = 0; round < rounds; round++)
            {
                final StringBuilder line = new StringBuilder("round " + round + ":");
                for (final Target target : targets)
                {
                    target.rates[round] = connect(target, connections);
                    line.append(String.format(" %s %.0f/s", target.name, target.rates[round]));
                }
                System.out.println(line);
            }
            final StringBuilder medians = new StringBuilder("median of " + rounds + " rounds of " + connections +
                " connections:");
            for (final Target target : targets)
            {
                Arrays.sort(target.rates);
                medians.append(String.format(" %s %.0f/s", target.name, target.rates[rounds / 2]));
            }
            System.out.println(medians);
        }
        finally
        {
            targets.forEach(target -> CloseHelper.quietClose(target.gateway));
        }
    }

    private static Gateway launch(final Path dir, final String name, final boolean tls, final Path secret)
    {
        final GatewayContext ctx = new GatewayContext().port(0).journalDir(dir.resolve(name))
            .authHs256SecretFile(secret);
        return Gateway.launch(tls ? ctx.tlsCertFile(dir.resolve("cert.pem")).tlsKeyFile(dir.resolve("key.pem")) : ctx);
    }

    /**
     * @return connections per second.
     */
    private static double connect(final Target target, final int connections) throws IOException
    {
        final long start = System.nanoTime();
        for (int i = 0; i < connections; i++)
        {
            final RawWsClient client = RawWsClient.connect(target.gateway.port(), target.query, 0, target.tls);
            if (null != target.tls)
            {
                ((SSLSocket)client.socket()).getSession().invalidate();
            }
            client.close();
        }
        return connections * 1e9 / (System.nanoTime() - start);
    }
}
