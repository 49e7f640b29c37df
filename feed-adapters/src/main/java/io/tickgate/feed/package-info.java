/**
 * Feed adapters that put ticks into the journal: CSV ingest (file, stdin, TCP) per the {@code ingest-csv-v1}
 * contract and a market simulator, run by one {@link io.tickgate.feed.FeedAgent} that owns the journal writer.
 */
package io.tickgate.feed;
