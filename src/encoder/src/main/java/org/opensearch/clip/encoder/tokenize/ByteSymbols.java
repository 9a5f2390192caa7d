package org.opensearch.clip.encoder.tokenize;

/**
 * The byte-level alphabet of GPT-2 style BPE vocabularies: every byte value stands for one printable Unicode
 * character, so that any UTF-8 text is a string of vocabulary symbols. Printable Latin-1 bytes stand for
 * themselves; the other 68 bytes (controls, space, soft hyphen …) take the characters from U+0100 on, in byte
 * order. {@link #inVocabularyOrder()} lists the symbols in the order such vocabularies number them.
 */
public final class ByteSymbols {
    private static final char[] BY_BYTE = new char[256];
    private static final char[] VOCABULARY_ORDER = new char[256];

    static {
        int next = 0;
        for (int b = 0; b < 256; b++) {
            if (printable(b)) {
                BY_BYTE[b] = (char) b;
                VOCABULARY_ORDER[next++] = (char) b;
            }
        }
        int shifted = 0;
        for (int b = 0; b < 256; b++) {
            if (!printable(b)) {
                BY_BYTE[b] = (char) (256 + shifted++);
                VOCABULARY_ORDER[next++] = BY_BYTE[b];
            }
        }
    }

    private ByteSymbols() {}

    private static boolean printable(int b) {
        return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    }

    /** The symbol that stands for byte {@code b} (0..255). */
    public static char symbol(int b) {
        return BY_BYTE[b & 0xFF];
    }

    /** The 256 symbols: printable bytes in byte order first, then the remapped ones in byte order. */
    public static char[] inVocabularyOrder() {
        return VOCABULARY_ORDER.clone();
    }
}
