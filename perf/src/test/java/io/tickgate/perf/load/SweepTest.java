package io.tickgate.perf.load;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepTest
{
    static SweepRule.Step step(final int rate, final double delivered, final long p99Micros, final long gaps,
        final long cutOffs)
    {
        return new SweepRule.Step(rate, rate, delivered, rate * 10.0, 100, p99Micros, p99Micros * 2, p99Micros * 3,
            gaps, cutOffs, 0, true);
    }

    @Test
    void sweepStopsAtTheFirstUnsustainableStep()
    {
        assertNull(SweepRule.failure(step(1000, 10_000, 4_000, 0, 0), 5));
        assertNull(SweepRule.failure(step(1000, 9_500, 5_000, 0, 0), 5), "exactly at the limits is fine");
        assertTrue(SweepRule.failure(step(1000, 10_000, 5_001, 0, 0), 5).startsWith("p99 5.00 ms > 5.00 ms"));
        assertTrue(SweepRule.failure(step(1000, 10_000, 100, 1, 0), 5).contains("gap"));
        assertTrue(SweepRule.failure(step(1000, 10_000, 100, 0, 2), 5).contains("cut-off"));
        assertTrue(SweepRule.failure(step(1000, 9_400, 100, 0, 0), 5).startsWith("delivered 94.0%"));
        assertTrue(SweepRule.failure(new SweepRule.Step(1000, 900, 10_000, 10_000, 1, 1, 1, 1, 0, 0, 0, true), 5)
            .contains("feeder"));
        final SweepRule.Step conflated = new SweepRule.Step(1000, 1000, 10, 10_000, 1, 1, 1, 1, 7, 0, 0, false);
        assertNull(SweepRule.failure(conflated, 5), "conflated: fewer messages and gaps are by design");
        assertTrue(SweepRule.failure(new SweepRule.Step(1000, 1000, 1, 1, 1, 1, 1, 1, 0, 0, 3, true), 5)
            .contains("error"));

        assertEquals(1250, SweepRule.next(1000, 1.25));
        assertEquals(2, SweepRule.next(1, 1.25), "always at least one more");
    }

    @Test
    void sweepRatesAreGeometricOrListedAndOptionsAreChecked()
    {
        final LoadOptions geo = LoadOptions.parse(new String[]{ "--sweep", "--sweep-start", "1000",
            "--sweep-step-factor", "2", "--sweep-max-rate", "9000" });
        assertTrue(geo.embedded);
        assertEquals(List.of(1000, 2000, 4000, 8000), Sweep.rates(geo));
        assertEquals(2, geo.warmupSeconds);
        assertEquals(5, geo.durationSeconds);
        final LoadOptions listed = LoadOptions.parse(new String[]{ "--sweep", "--sweep-rates", "10,20,30",
            "--port", "8080", "--warmup", "1" });
        assertFalse(listed.embedded);
        assertEquals(List.of(10, 20, 30), Sweep.rates(listed));
        assertEquals(1, listed.warmupSeconds);
        assertEquals("x-step03-30.hgrm", Sweep.stepFile("x.hgrm", 3, 30));
        assertEquals("latency.html", LoadOptions.parse(new String[0]).report);
        assertThrows(ParameterException.class, () -> LoadOptions.parse(new String[]{ "--sweep-rates", "1,2" }));
        assertThrows(ParameterException.class,
            () -> LoadOptions.parse(new String[]{ "--sweep", "--sweep-rates", "5,2" }));
        assertThrows(ParameterException.class,
            () -> LoadOptions.parse(new String[]{ "--embedded", "--port", "8080" }));
        assertThrows(ParameterException.class,
            () -> LoadOptions.parse(new String[]{ "--port", "8080", "--gateway-java-opts", "-XX:+UseZGC" }));
    }
}
