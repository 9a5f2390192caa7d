package org.opensearch.clip.encoder.tokenize;

import java.util.ArrayList;
import java.util.List;

/**
 * A text as the text encoder sees it: its tokens (special tokens left out), its words, and whether the context
 * length cut it short.
 *
 * @param tokens    every token of the text, in order
 * @param words     the words, each with its tokens and whether the vocabulary knows it
 * @param truncated whether tokens beyond the context length were dropped before encoding
 */
public record TokenizedText(List<String> tokens, List<TokenizedWord> words, boolean truncated) {

    /** Copies the lists. */
    public TokenizedText {
        tokens = List.copyOf(tokens);
        words = List.copyOf(words);
    }

    /** The words the vocabulary does not know, in text order, each once. */
    public List<String> unknownWords() {
        List<String> out = new ArrayList<>();
        for (TokenizedWord word : words) {
            if (!word.known() && !out.contains(word.word())) {
                out.add(word.word());
            }
        }
        return out;
    }
}
