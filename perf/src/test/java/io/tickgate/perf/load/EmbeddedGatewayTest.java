package io.tickgate.perf.load;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedGatewayTest
{
    @Test
    void embeddedGatewayCommandHasTheLauncherFlagsAndTheUnsafeFlagOnlyFrom23()
    {
        final List<String> on17 = EmbeddedGateway.command("java", 17, "gw.jar", "-XX:+UseZGC -Xmx1g",
            "--ring-bytes 65536", java.nio.file.Path.of("/tmp/j"));
        assertTrue(on17.containsAll(EmbeddedGateway.JVM_FLAGS));
        assertFalse(on17.contains("--sun-misc-unsafe-memory-access=allow"));
        assertTrue(on17.indexOf("-XX:+UseZGC") < on17.indexOf("-jar"));
        assertEquals(List.of("serve", "--port", "0", "--ingest-port", "0", "--journal", "/tmp/j", "--ring-bytes",
            "65536"), on17.subList(on17.indexOf("serve"), on17.size()));
        assertTrue(EmbeddedGateway.command("java", 25, "gw.jar", "", "", java.nio.file.Path.of("/tmp/j"))
            .contains("--sun-misc-unsafe-memory-access=allow"));
    }
}
