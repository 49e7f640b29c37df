package io.tickgate.gateway.hostile;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What every hostile test class shares: one {@link HostileGateway} for the class, on a journal in a temp directory,
 * its cases run one after another against it.
 */
@Timeout(120)
abstract class HostileSuite
{
    @TempDir
    static Path dir;
    static HostileGateway gateway;

    @BeforeAll
    static void start() throws IOException
    {
        gateway = new HostileGateway(dir);
    }

    @AfterAll
    static void stop()
    {
        gateway.close();
    }
}
