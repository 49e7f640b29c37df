package io.tickgate.feed;

/**
 * Why a CSV line was rejected. Each kind has a stable snake_case {@link #metricLabel()} for Prometheus labels and a
 * short human message for logs. The {@link #ordinal()} doubles as the rejection code of {@link CsvTickParser#parse}.
 */
public enum IngestError
{
    FIELD_COUNT("field_count", "wrong number of fields, expected 9"),
    BAD_SYMBOL("bad_symbol", "symbol must be 1-16 chars of A-Z a-z 0-9 . _ : / -"),
    BAD_TIMESTAMP("bad_timestamp", "ts must be a non-negative 64-bit integer of microseconds"),
    BAD_PRICE("bad_price", "price must be a plain decimal, at most 8 decimals, |price| < 92233720368"),
    BAD_SIZE("bad_size", "size and volume must be non-negative 64-bit integers"),
    LINE_TOO_LONG("line_too_long", "line longer than 512 bytes"),
    NEW_SYMBOL_LIMIT("new_symbol_limit", "this connection defined as many new symbols as it may " +
        "(--ingest-max-new-symbols)"),
    TS_IN_FUTURE("ts_in_future", "ts is further ahead of the ingest clock than --max-ts-skew-ms allows"),
    /** Counted once per connection refused: its first line was not {@code #auth} and the token. */
    UNAUTHORIZED("unauthorized", "the first line was not '#auth' and the --ingest-token-file token");

    private static final IngestError[] VALUES = values();

    private final String metricLabel;
    private final String message;

    IngestError(final String metricLabel, final String message)
    {
        this.metricLabel = metricLabel;
        this.message = message;
    }

    /**
     * @return the snake_case label used in metrics, e.g. {@code bad_price}.
     */
    public String metricLabel()
    {
        return metricLabel;
    }

    /**
     * @return a short human explanation.
     */
    public String message()
    {
        return message;
    }

    /**
     * @param code a rejection code as returned by {@link CsvTickParser#parse}, i.e. an ordinal.
     * @return the kind, without allocating.
     */
    public static IngestError get(final int code)
    {
        return VALUES[code];
    }

    /**
     * @return how many kinds there are, for sizing per-kind arrays.
     */
    public static int count()
    {
        return VALUES.length;
    }
}
