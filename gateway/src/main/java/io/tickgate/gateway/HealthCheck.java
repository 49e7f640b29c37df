package io.tickgate.gateway;

/**
 * One thing {@code /health} looks at. The gateway has its own (agent errors, journal refusals, a full symbol table);
 * an embedder, or a part such as the journal writer's disk guard, adds more with
 * {@link GatewayContext#healthCheck(HealthCheck)}.
 * <b>Note:</b> called on an HTTP worker thread for each {@code /health} request: threadsafe and cheap.
 */
@FunctionalInterface
public interface HealthCheck
{
    /**
     * @return what is wrong now, or null when nothing is.
     */
    Problem check();

    /**
     * What a check found wrong.
     *
     * @param check       the check's name, a stable identifier for alerting (e.g. {@code journal_refusing}).
     * @param unavailable true when the gateway cannot do its job (e.g. the journal refuses every write): {@code
     *                    /health} answers 503; false for a degradation it answers 200 with.
     * @param detail      for a person: what is wrong and, when known, why.
     */
    record Problem(String check, boolean unavailable, String detail)
    {
    }
}
