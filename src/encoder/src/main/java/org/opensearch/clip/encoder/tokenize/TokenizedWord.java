package org.opensearch.clip.encoder.tokenize;

import java.util.List;

/**
 * One word of a text as the tokenizer split it, with the tokens the model sees for it and whether the model's
 * vocabulary knows it ({@link WordCoverage} says how that is decided).
 *
 * @param word   the word as it appears in the text
 * @param tokens the tokens it became, in order
 * @param known  whether the vocabulary represents it as a known word
 */
public record TokenizedWord(String word, List<String> tokens, boolean known) {

    /** Copies the tokens. */
    public TokenizedWord {
        tokens = List.copyOf(tokens);
    }
}
