package io.tickgate.perf.protocol;

/**
 * A reusable {@link CharSequence} view of a byte range, one byte per char (ISO-8859-1), so that
 * {@link FrameScanner} and {@link SymbolIndex} can scan a received WebSocket payload in place without decoding it.
 * JSON structure and the protocol's symbols are ASCII; any UTF-8 multi-byte sequence in a string value shows up
 * as chars above 0x7F, which the scanner skips like any other string content.
 * <b>Note:</b> a flyweight; not threadsafe, re-{@link #wrap} per frame.
 */
public final class AsciiView implements CharSequence
{
    private byte[] bytes = new byte[0];
    private int offset;
    private int length;

    public AsciiView wrap(final byte[] bytes, final int offset, final int length)
    {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        return this;
    }

    @Override
    public int length()
    {
        return length;
    }

    @Override
    public char charAt(final int index)
    {
        return (char)(bytes[offset + index] & 0xFF);
    }

    /** Allocates; for error paths only. */
    @Override
    public CharSequence subSequence(final int start, final int end)
    {
        return new String(bytes, offset + start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString()
    {
        return new String(bytes, offset, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
