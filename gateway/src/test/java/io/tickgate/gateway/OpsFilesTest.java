package io.tickgate.gateway;

import io.tickgate.gateway.security.TestCertificates;
import io.tickgate.testing.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Grafana dashboard and the alerting rules shipped in {@code dist/} cannot drift from the metrics: every metric
 * their queries name is in a real scrape of a gateway with TLS and a feed (the families that exist only then).
 */
@Timeout(60)
class OpsFilesTest
{
    private static final Path DIST = Path.of("").toAbsolutePath().getParent().resolve("dist");
    private static final Pattern METRIC = Pattern.compile("\\b((?:tickgate|jvm|process)_[a-z0-9_]+)\\b");

    @TempDir
    Path dir;

    @Test
    void everyMetricTheDashboardAndTheAlertsQueryIsScraped() throws IOException
    {
        final Set<String> scraped = sampleNames(scrapeOfAFullGateway());
        final List<String> dashboardQueries = new ArrayList<>();
        collectExpressions(Json.parse(Files.readString(DIST.resolve("grafana/tickgate-dashboard.json"))),
            dashboardQueries);
        final List<String> alertQueries = alertExpressions(Files.readString(DIST.resolve("prometheus/alerts.yml")));
        assertTrue(dashboardQueries.size() >= 15, "dashboard queries: " + dashboardQueries);
        assertTrue(alertQueries.size() >= 8, "alert expressions: " + alertQueries);

        final Set<String> missing = new TreeSet<>();
        final Set<String> queried = new TreeSet<>();
        for (final String query : concat(dashboardQueries, alertQueries))
        {
            final Matcher matcher = METRIC.matcher(query);
            while (matcher.find())
            {
                queried.add(matcher.group(1));
                if (!scraped.contains(matcher.group(1)))
                {
                    missing.add(matcher.group(1) + " in " + query);
                }
            }
        }
        assertEquals(Set.of(), missing, "queried but not scraped");
        for (final String needed : List.of("tickgate_fanout_latency_seconds_bucket", "tickgate_publisher_lag_seconds",
            "tickgate_cutoffs_total", "tickgate_buffer_limit_bytes", "jvm_memory_used_bytes", "process_open_fds"))
        {
            assertTrue(queried.contains(needed), "nothing queries " + needed);
        }
        assertTrue(Files.readString(DIST.resolve("prometheus/prometheus.yml")).contains("bearer_token_file:"));
    }

    private String scrapeOfAFullGateway()
    {
        final TestCertificates.Server server = TestCertificates.authority("ops files CA").issue("gateway");
        final Path cert = dir.resolve("cert.pem");
        final Path key = dir.resolve("key.pem");
        server.write(cert, key);
        try (Gateway gateway = Gateway.launch(new GatewayContext().port(0).ingestPort(0)
            .journalDir(dir.resolve("journal")).tlsCertFile(cert).tlsKeyFile(key)))
        {
            return gateway.metricsText();
        }
    }

    /**
     * @return the name of every sample line of a Prometheus text page (with its _bucket, _count, _sum, _total).
     */
    private static Set<String> sampleNames(final String text)
    {
        final Set<String> names = new TreeSet<>();
        for (final String line : text.split("\n"))
        {
            if (!line.isEmpty() && '#' != line.charAt(0))
            {
                final int end = line.indexOf('{') > 0 ? line.indexOf('{') : line.indexOf(' ');
                names.add(line.substring(0, end));
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static void collectExpressions(final Object json, final List<String> into)
    {
        if (json instanceof Map<?, ?> map)
        {
            map.forEach((key, value) ->
            {
                if ("expr".equals(key) && value instanceof String query)
                {
                    into.add(query);
                }
                else
                {
                    collectExpressions(value, into);
                }
            });
        }
        else if (json instanceof List<?> list)
        {
            list.forEach(item -> collectExpressions(item, into));
        }
    }

    /**
     * @return each rule's {@code expr}, with the lines of a folded ({@code >}) one joined.
     */
    private static List<String> alertExpressions(final String yaml)
    {
        final List<String> expressions = new ArrayList<>();
        final String[] lines = yaml.split("\n");
        for (int i = 0; i < lines.length; i++)
        {
            final String line = lines[i];
            final int indent = line.indexOf("expr:");
            if (indent >= 0 && line.substring(0, indent).isBlank())
            {
                final StringBuilder expression = new StringBuilder(line.substring(indent + "expr:".length()));
                while (i + 1 < lines.length && lines[i + 1].length() - lines[i + 1].stripLeading().length() > indent)
                {
                    expression.append(' ').append(lines[++i].trim());
                }
                expressions.add(expression.toString().replace(">", " ").trim());
            }
        }
        return expressions;
    }

    private static List<String> concat(final List<String> first, final List<String> second)
    {
        final List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
