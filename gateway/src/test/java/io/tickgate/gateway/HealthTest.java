package io.tickgate.gateway;

import io.tickgate.testing.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /health} over real HTTP says why: serving with no reasons; degraded (200) with the reason when agents threw
 * or the symbol table is full; degraded and 503 when a check says the gateway cannot do its job, as the journal
 * writer's guard does while it refuses writes.
 */
@Timeout(60)
class HealthTest
{
    @TempDir
    Path dir;
    private GatewayFixture fixture;
    private final AtomicReference<HealthCheck.Problem> journalState = new AtomicReference<>();

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    @Test
    void servingSaysSoWithNoReasons()
    {
        fixture = new GatewayFixture(dir);
        fixture.tick("AAPL", "1");
        final Map<String, Object> health = health(200);
        assertEquals("serving", health.get("status"));
        assertEquals(List.of(), health.get("reasons"));
        assertEquals(0L, health.get("agentErrors"));
        assertNull(health.get("lastAgentError"));
        assertEquals(0L, health.get("journalRefused"));
    }

    @Test
    void agentErrorsDegradeItWithTheLastErrorAndAreCounted()
    {
        fixture = new GatewayFixture(dir);
        fixture.gateway().onAgentError(new IllegalStateException("boom \"quoted\"\n"));
        fixture.gateway().onAgentError(new IllegalArgumentException("the last one"));

        final Map<String, Object> health = health(200);
        assertEquals("degraded", health.get("status"));
        assertEquals(2L, health.get("agentErrors"));
        assertEquals("java.lang.IllegalArgumentException: the last one", health.get("lastAgentError"));
        final Map<?, ?> reason = (Map<?, ?>)((List<?>)health.get("reasons")).get(0);
        assertEquals("agent_errors", reason.get("check"));
        assertEquals(false, reason.get("unavailable"));
        assertTrue(((String)reason.get("detail")).contains("the last one"), reason.toString());
        assertEquals(2, fixture.metric("tickgate_agent_errors_total"));
    }

    @Test
    void aFullSymbolTableDegradesIt()
    {
        fixture = new GatewayFixture(dir, ctx -> ctx.symbolCapacity(2));
        fixture.tick("AAPL", "1");
        fixture.tick("MSFT", "1");
        final Map<String, Object> health = health(200);
        assertEquals("degraded", health.get("status"));
        assertEquals(2L, health.get("symbolCapacity"));
        assertEquals("symbol_table_full", ((Map<?, ?>)((List<?>)health.get("reasons")).get(0)).get("check"));
    }

    @Test
    void aCheckThatSaysTheJournalRefusesWritesMakesIt503WithTheReasonUntilItClears()
    {
        fixture = new GatewayFixture(dir, ctx -> ctx.healthCheck(journalState::get));
        journalState.set(new HealthCheck.Problem("journal_refusing", true, "refusing because the disk is full"));
        final Map<String, Object> refusing = health(503);
        assertEquals("degraded", refusing.get("status"));
        assertEquals(List.of(Map.of("check", "journal_refusing", "unavailable", true,
            "detail", "refusing because the disk is full")), refusing.get("reasons"));

        journalState.set(null);
        assertEquals("serving", health(200).get("status"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> health(final int status)
    {
        final HttpResponse<String> response = fixture.get("/health");
        assertEquals(status, response.statusCode(), response.body());
        return (Map<String, Object>)Json.parse(response.body());
    }
}
