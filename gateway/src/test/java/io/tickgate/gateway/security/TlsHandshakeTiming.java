package io.tickgate.gateway.security;

import io.tickgate.gateway.Gateway;
import io.tickgate.gateway.GatewayContext;
import io.tickgate.testing.RawWsClient;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A measurement, not a test: WebSocket connections per second, one after another (TCP connect, TLS handshake when
 * on, the HTTP upgrade, close), against a plain gateway and one with TLS (an EC P-256 certificate of a test
 * authority), alternating rounds; every TLS handshake is a full one (each session is invalidated, so none resumes).
 * Client and server share the JVM and the machine, so the client's half of the cryptography is in the figure too.
 * <pre>
 *   ROUNDS CONNECTIONS    print each round's rate and the medians
 * </pre>
 */
final class TlsHandshakeTiming
{
    private TlsHandshakeTiming()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final int rounds = Integer.parseInt(args[0]);
        final int connections = Integer.parseInt(args[1]);
        final Path dir = Files.createTempDirectory("tls-timing");
        final TestCertificates ca = TestCertificates.authority("timing CA");
        ca.issue("gateway").write(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        final SSLSocketFactory tls = ca.clientContext().getSocketFactory();
        try (Gateway plain = Gateway.launch(new GatewayContext().port(0).journalDir(dir.resolve("plain")));
            Gateway secure = Gateway.launch(new GatewayContext().port(0).journalDir(dir.resolve("tls"))
                .tlsCertFile(dir.resolve("cert.pem")).tlsKeyFile(dir.resolve("key.pem"))))
        {
            connect(plain.port(), null, connections); // warm-up of both
            connect(secure.port(), tls, connections);
            final double[] plainRates = new double[rounds];
            final double[] tlsRates = new double[rounds];
            for (int round = 0; round < rounds; round++)
            {
                plainRates[round] = connect(plain.port(), null, connections);
                tlsRates[round] = connect(secure.port(), tls, connections);
                System.out.printf("round %d: plain %.0f/s, TLS %.0f/s%n", round, plainRates[round], tlsRates[round]);
            }
            Arrays.sort(plainRates);
            Arrays.sort(tlsRates);
            System.out.printf("median of %d rounds of %d connections: plain %.0f/s, TLS %.0f/s%n", rounds,
                connections, plainRates[rounds / 2], tlsRates[rounds / 2]);
        }
    }

    /**
     * @return connections per second.
     */
    private static double connect(final int port, final SSLSocketFactory tls, final int connections)
        throws IOException
    {
        final long start = System.nanoTime();
        for (int i = 0; i < connections; i++)
        {
            final RawWsClient client = RawWsClient.connect(port, "", 0, tls);
            if (null != tls)
            {
                ((SSLSocket)client.socket()).getSession().invalidate();
            }
            client.close();
        }
        return connections * 1e9 / (System.nanoTime() - start);
    }
}
