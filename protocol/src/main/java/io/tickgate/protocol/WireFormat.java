package io.tickgate.protocol;

/**
 * The layout of the binary stream ({@code tickgate.bin.v1}, docs/binary-format.md), the one definition both the
 * gateway's encoders and the client's decoder use. A frame holds records back to back; every record is an 8-byte
 * header and a body of {@code blockLength} bytes. All fields are little-endian.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      blockLength (u16)        |       templateId (u16)        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |       schemaId (u16)          |        version (u16)          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * A symbol definition (template {@value #SYMBOL_TEMPLATE_ID}) binds a symbol id to its name before that id's first
 * quote; a quote (template {@value #QUOTE_TEMPLATE_ID}) has the journal's tick body with the kind in its reserved
 * word. Body offsets are from the end of the header.
 */
public final class WireFormat
{
    /** Length of the header that starts every record. */
    public static final int HEADER_LENGTH = 8;
    /** Header: length of the body that follows (u16). */
    public static final int BLOCK_LENGTH_OFFSET = 0;
    /** Header: which record the body is (u16). */
    public static final int TEMPLATE_ID_OFFSET = 2;
    /** Header: {@link #SCHEMA_ID} (u16). */
    public static final int SCHEMA_ID_OFFSET = 4;
    /** Header: {@link #SCHEMA_VERSION} (u16). */
    public static final int VERSION_OFFSET = 6;
    /** "tg" in ASCII: identifies tickgate records. */
    public static final int SCHEMA_ID = 0x6774;
    /** The version written; a decoder accepts later ones, which only append to bodies. */
    public static final int SCHEMA_VERSION = 1;

    /** Template of a symbol definition on the wire. */
    public static final int SYMBOL_TEMPLATE_ID = 10;
    /** Body length of a symbol definition. */
    public static final int SYMBOL_BLOCK_LENGTH = 24;
    /** Symbol definition: the id being defined (i32). */
    public static final int SYMBOL_ID_OFFSET = 0;
    /** Symbol definition: length of the name (i32, 1 to {@link SymbolRule#MAX_LENGTH}). */
    public static final int SYMBOL_NAME_LENGTH_OFFSET = 4;
    /** Symbol definition: the name, ASCII, zero padded to {@link SymbolRule#MAX_LENGTH} bytes. */
    public static final int SYMBOL_NAME_OFFSET = 8;

    /** Template of a quote on the wire. */
    public static final int QUOTE_TEMPLATE_ID = 11;
    /** Body length of a quote (and of the journal's tick). */
    public static final int QUOTE_BLOCK_LENGTH = 88;
    /** Quote: the symbol's id (i32). */
    public static final int QUOTE_SYMBOL_ID_OFFSET = 0;
    /** Quote: {@link #KIND_TICK} or {@link #KIND_SNAPSHOT} (u8); in the journal, the first byte of a reserved i32. */
    public static final int QUOTE_KIND_OFFSET = 4;
    /** Quote: flags (u8), 0 in version 1. */
    public static final int QUOTE_FLAGS_OFFSET = 5;
    /** Quote: per-symbol sequence number, from 1 (i64). */
    public static final int QUOTE_SEQ_OFFSET = 8;
    /** Quote: the feed's event time, microseconds since the epoch (i64). */
    public static final int QUOTE_TS_OFFSET = 16;
    /** Quote: when the tick entered the journal, nanoseconds since the epoch (i64). */
    public static final int QUOTE_INGEST_TIME_OFFSET = 24;
    /** Quote: bid, a {@link Prices} mantissa (i64). */
    public static final int QUOTE_BID_OFFSET = 32;
    /** Quote: ask, a {@link Prices} mantissa (i64). */
    public static final int QUOTE_ASK_OFFSET = 40;
    /** Quote: last trade price, a {@link Prices} mantissa (i64). */
    public static final int QUOTE_LAST_OFFSET = 48;
    /** Quote: bid size (i64). */
    public static final int QUOTE_BID_SIZE_OFFSET = 56;
    /** Quote: ask size (i64). */
    public static final int QUOTE_ASK_SIZE_OFFSET = 64;
    /** Quote: last trade size (i64). */
    public static final int QUOTE_LAST_SIZE_OFFSET = 72;
    /** Quote: volume (i64). */
    public static final int QUOTE_VOLUME_OFFSET = 80;
    /** Quote kind: an update. */
    public static final byte KIND_TICK = 1;
    /** Quote kind: the last value at subscription time. */
    public static final byte KIND_SNAPSHOT = 2;

    private WireFormat()
    {
    }
}
