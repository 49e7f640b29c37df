package io.tickgate.codec;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Times as tickgate carries them, microseconds since the Unix epoch, to and from ISO-8601 text: the one reading of
 * "2026-11-25T14:30:00Z" that the replay command and the command line share. Cold path only.
 */
public final class EpochMicros
{
    private EpochMicros()
    {
    }

    /**
     * @param text an ISO-8601 instant with a zone offset, e.g. {@code 2026-11-25T14:30:00.123456Z} or
     *             {@code 2026-11-25T15:30:00+01:00}.
     * @return microseconds since the epoch; sub-microsecond digits are dropped.
     * @throws java.time.format.DateTimeParseException when the text is not such an instant.
     * @throws ArithmeticException                     when it is too far from the epoch for a long.
     */
    public static long parseIso(final CharSequence text)
    {
        final Instant instant = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /**
     * @param micros since the epoch.
     * @return the instant in ISO-8601 UTC.
     */
    public static String toIso(final long micros)
    {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000)
            .toString();
    }
}
