package io.tickgate.feed;

import io.tickgate.codec.TickFields;
import io.tickgate.journal.Journal;
import io.tickgate.journal.JournalWriter;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ticks stamped ahead of the ingest clock, against a hand-set clock: at the bound they pass, past it each policy does
 * its one thing and counts it; bad option values are refused naming the option.
 */
class TsSkewPolicyTest
{
    private static final long NOW_MICROS = 1_796_000_000_000_000L;
    private static final long NOW_NANOS = NOW_MICROS * 1_000 + 999;
    private static final long SKEW_MS = 60_000;
    private static final long BOUND = NOW_MICROS + SKEW_MS * 1_000;

    @TempDir
    Path dir;

    @Test
    void shouldPassATickExactlyAtTheBoundAndRejectOneMicrosecondBeyond()
    {
        final IngestCounters counters = new IngestCounters();
        final TsSkewPolicy policy = TsSkewPolicy.of("reject", SKEW_MS);
        assertTrue(policy.admit(tick(BOUND), NOW_NANOS, counters));
        assertTrue(policy.admit(tick(0), NOW_NANOS, counters), "the past is not this policy's business");
        assertFalse(policy.admit(tick(BOUND + 1), NOW_NANOS, counters));
        assertFalse(policy.admit(tick(Long.MAX_VALUE), NOW_NANOS, counters));
        assertFalse(TsSkewPolicy.of("reject", 0).admit(tick(NOW_MICROS + 1), NOW_NANOS, counters),
            "skew 0: nothing ahead of the clock");
        assertEquals(0, counters.futureTs(TsSkewPolicy.Action.CLAMP) + counters.futureTs(TsSkewPolicy.Action.ACCEPT));
    }

    @Test
    void shouldClampToTheBoundOrAcceptAsIsAndCountEither()
    {
        final IngestCounters counters = new IngestCounters();
        final TickFields far = tick(Long.MAX_VALUE);
        assertTrue(TsSkewPolicy.of("clamp", SKEW_MS).admit(far, NOW_NANOS, counters));
        assertEquals(BOUND, far.eventTimeMicros);
        final TickFields atBound = tick(BOUND);
        assertTrue(TsSkewPolicy.of("clamp", SKEW_MS).admit(atBound, NOW_NANOS, counters));
        assertEquals(BOUND, atBound.eventTimeMicros, "at the bound: untouched and not counted");

        final TickFields ahead = tick(BOUND + 1);
        assertTrue(TsSkewPolicy.of("accept", SKEW_MS).admit(ahead, NOW_NANOS, counters));
        assertEquals(BOUND + 1, ahead.eventTimeMicros);
        assertEquals(1, counters.futureTs(TsSkewPolicy.Action.CLAMP));
        assertEquals(1, counters.futureTs(TsSkewPolicy.Action.ACCEPT));

        final TickFields largest = tick(Long.MAX_VALUE);
        assertTrue(TsSkewPolicy.of("clamp", TsSkewPolicy.MAX_SKEW_MS).admit(largest, NOW_NANOS, counters),
            "the bound saturates instead of wrapping negative");
        assertEquals(Long.MAX_VALUE, largest.eventTimeMicros);
    }

    @ParameterizedTest
    @ValueSource(longs = { -1, Long.MIN_VALUE, TsSkewPolicy.MAX_SKEW_MS + 1 })
    void shouldRefuseASkewOutOfRange(final long skewMs)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> TsSkewPolicy.of("reject", skewMs));
        assertTrue(ex.getMessage().startsWith("invalid --max-ts-skew-ms: " + skewMs), ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "REJECT", "drop", "clamp " })
    void shouldRefuseAnUnknownPolicy(final String name)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> TsSkewPolicy.of(name, SKEW_MS));
        assertTrue(ex.getMessage().contains("--ts-skew-policy") && ex.getMessage().contains("reject, clamp or accept"),
            ex.getMessage());
    }

    @Test
    void shouldJournalRejectOrClampFutureTicksThroughTheIngestPath()
    {
        final String csv = line("PAST", NOW_MICROS - 1) + line("EDGE", BOUND) + line("AHEAD", BOUND + 1) +
            line("FAR", 9_999_999_999_999_999L);
        final IngestCounters rejecting = ingest(dir.resolve("reject"), "reject", csv);
        assertEquals(2, rejecting.accepted());
        assertEquals(2, rejecting.rejected(IngestError.TS_IN_FUTURE));
        assertEquals(2, rejecting.refused());
        assertEquals("accepted 2 rejected 2 skipped 0", rejecting.summary());

        final IngestCounters clamping = ingest(dir.resolve("clamp"), "clamp", csv);
        assertEquals(4, clamping.accepted());
        assertEquals(2, clamping.futureTs(TsSkewPolicy.Action.CLAMP));
        assertTrue(clamping.toString().endsWith(" futureTsClamped=2"), clamping.toString());
        try (Journal journal = Journal.open(dir.resolve("clamp")))
        {
            final List<Long> ts = JournalContents.read(journal).stream().map(JournalContents.Tick::eventTimeMicros)
                .toList();
            assertEquals(List.of(NOW_MICROS - 1, BOUND, BOUND, BOUND), ts);
        }
    }

    private static IngestCounters ingest(final Path journalDir, final String policy, final String csv)
    {
        final IngestCounters counters = new IngestCounters();
        try (Journal journal = Journal.open(journalDir); JournalWriter writer = journal.writer(64))
        {
            final CsvIngest ingest = new CsvIngest(writer, counters, new RateLimitedLog(10, SystemNanoClock.INSTANCE),
                () -> NOW_NANOS, null, TsSkewPolicy.of(policy, SKEW_MS));
            final byte[] bytes = csv.getBytes(StandardCharsets.US_ASCII);
            new LineFramer("test").onBytes(new UnsafeBuffer(bytes), 0, bytes.length, ingest);
        }
        return counters;
    }

    private static String line(final String symbol, final long ts)
    {
        return symbol + "," + ts + ",1,1,2,1,1.5,1,1\n";
    }

    private static TickFields tick(final long ts)
    {
        final TickFields fields = new TickFields();
        fields.eventTimeMicros = ts;
        return fields;
    }
}
