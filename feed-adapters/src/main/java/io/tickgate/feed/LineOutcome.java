package io.tickgate.feed;

/**
 * What became of one ingested line, for the per-connection counts that acknowledgements carry.
 */
enum LineOutcome
{
    /** A tick, journaled. */
    ACCEPTED,
    /** A tick line refused: malformed, over a limit, too far in the future, or refused by the journal. */
    REJECTED,
    /** A header, comment or empty line: neither. */
    SKIPPED
}
