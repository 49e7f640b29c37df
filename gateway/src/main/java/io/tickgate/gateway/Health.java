package io.tickgate.gateway;

import io.tickgate.gateway.publisher.Publisher;
import io.undertow.util.StatusCodes;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code /health} as JSON: {@code starting} (503) until the journal was read to its end, then {@code serving}
 * (200), or {@code degraded} with the reasons its {@link HealthCheck}s give: 200 while the gateway still does its
 * job, 503 when a check says it cannot (the journal refuses writes); {@code draining} (503) from the moment a drain
 * starts, so load balancers stop sending new clients while the open ones are still served.
 * <b>Note:</b> threadsafe; cold path, once per request.
 */
final class Health
{
    private final Publisher publisher;
    private final GatewayMetrics metrics;
    private final FeedSupport feed;
    private final List<HealthCheck> checks;

    Health(final Publisher publisher, final GatewayMetrics metrics, final FeedSupport feed,
        final List<HealthCheck> checks)
    {
        this.publisher = publisher;
        this.metrics = metrics;
        this.feed = feed;
        this.checks = List.copyOf(checks);
    }

    /**
     * The answer to one request.
     *
     * @param status HTTP status.
     * @param json   the body.
     */
    record Answer(int status, String json)
    {
    }

    Answer evaluate()
    {
        final List<HealthCheck.Problem> problems = new ArrayList<>();
        for (final HealthCheck check : checks)
        {
            final HealthCheck.Problem problem = check.check();
            if (null != problem)
            {
                problems.add(problem);
            }
        }
        final boolean caughtUp = publisher.isCaughtUp();
        final boolean unavailable = problems.stream().anyMatch(HealthCheck.Problem::unavailable);
        final boolean draining = publisher.isDraining();
        final String status = draining ? "draining" : !caughtUp ? "starting" :
            problems.isEmpty() ? "serving" : "degraded";

        final StringBuilder json = new StringBuilder(256)
            .append("{\"status\":\"").append(status)
            .append("\",\"version\":\"").append(GatewayContext.VERSION)
            .append("\",\"connections\":").append(metrics.connectionsOpen.get())
            .append(",\"symbols\":").append(publisher.symbols().count())
            .append(",\"symbolCapacity\":").append(publisher.symbols().capacity())
            .append(",\"ticksIn\":").append(metrics.ticksIn.get())
            .append(",\"agentErrors\":").append(metrics.agentErrors.get())
            .append(",\"lastAgentError\":");
        string(json, metrics.lastAgentError());
        json.append(",\"journalRefused\":").append(feed.journalRefused()).append(",\"reasons\":[");
        for (int i = 0; i < problems.size(); i++)
        {
            final HealthCheck.Problem problem = problems.get(i);
            json.append(i > 0 ? "," : "").append("{\"check\":");
            string(json, problem.check());
            json.append(",\"unavailable\":").append(problem.unavailable()).append(",\"detail\":");
            string(json, problem.detail());
            json.append('}');
        }
        json.append("]}");
        return new Answer(caughtUp && !unavailable && !draining ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE,
            json.toString());
    }

    /**
     * A JSON string, or null; the text (an exception's message) may hold anything.
     */
    private static void string(final StringBuilder json, final String text)
    {
        if (null == text)
        {
            json.append("null");
            return;
        }
        json.append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                json.append('\\').append(c);
            }
            else if (c < 0x20 || Character.isSurrogate(c))
            {
                json.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                json.append(c);
            }
        }
        json.append('"');
    }
}
