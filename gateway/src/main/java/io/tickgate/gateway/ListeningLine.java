package io.tickgate.gateway;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line a gateway process prints on stdout once its sockets are bound: {@code listening http=P ingest=Q}, where
 * {@code Q} is {@code -1} when TCP ingest is off. Whoever starts a gateway with port 0 learns the ports from it (the
 * process tests, the load generator's embedded gateway, scripts), so the line's format and its one parser live
 * together here: {@code tickgate serve} and {@code demo} print {@link #toString()}, Java readers use
 * {@link #find(CharSequence)}. The dashboard's browser tests ({@code app/src/test/browser/tests/gateway.mjs}) carry
 * the same pattern in JavaScript.
 *
 * @param httpPort   the HTTP and WebSocket port.
 * @param ingestPort the TCP CSV ingest port, or -1 when there is none.
 */
public record ListeningLine(int httpPort, int ingestPort)
{
    /** Not anchored: the line may come mixed with other output, e.g. stderr merged into stdout. */
    private static final Pattern PATTERN = Pattern.compile("\\blistening http=(\\d+) ingest=(-?\\d+)\\b");

    /**
     * @return the line for a running gateway.
     */
    public static ListeningLine of(final Gateway gateway)
    {
        return new ListeningLine(gateway.port(), gateway.ingestPort());
    }

    /**
     * @param text one line of a gateway's output, or several.
     * @return the ports of the first listening line in it, or empty when there is none.
     */
    public static Optional<ListeningLine> find(final CharSequence text)
    {
        final Matcher matcher = PATTERN.matcher(text);
        if (!matcher.find())
        {
            return Optional.empty();
        }
        return Optional.of(new ListeningLine(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))));
    }

    /**
     * @return whether TCP ingest is listening.
     */
    public boolean hasIngest()
    {
        return ingestPort >= 0;
    }

    /**
     * @return the line as the gateway process prints it, e.g. {@code listening http=8080 ingest=-1}.
     */
    @Override
    public String toString()
    {
        return "listening http=" + httpPort + " ingest=" + ingestPort;
    }
}
