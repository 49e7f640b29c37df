/**
 * The tick journal over Chronicle Queue: {@link io.tickgate.journal.JournalWriter} appends (one writer per journal,
 * which stamps per-symbol seqs and defines symbols), {@link io.tickgate.journal.JournalReader} tails, in this or
 * another process.
 */
package io.tickgate.journal;
