package io.tickgate.protocol;

/**
 * Reads one character of ASCII text from a source of any kind (a char array, a byte buffer, a string), so that
 * {@link Prices} and {@link SymbolRule} hold the only copy of their rules whatever holds the text. Keep an instance
 * in a static final field (a method reference that captures nothing): a call then allocates nothing.
 *
 * @param <T> the kind of source.
 */
@FunctionalInterface
public interface AsciiReader<T>
{
    /** Reads a char array. */
    AsciiReader<char[]> CHARS = (chars, index) -> chars[index];

    /** Reads any CharSequence. */
    AsciiReader<CharSequence> CHAR_SEQUENCE = CharSequence::charAt;

    /**
     * @param source holding the text.
     * @param index  of the character.
     * @return the character; anything outside 0 to 127 (a negative byte, say) is not ASCII.
     */
    int charAt(T source, int index);
}
