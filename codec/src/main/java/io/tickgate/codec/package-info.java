/**
 * Flyweight codecs shared by every tickgate process: the journal's tick and symbol records, exact fixed-point
 * prices, the symbol table and the JSON quote writer. Nothing here allocates per message.
 */
package io.tickgate.codec;
