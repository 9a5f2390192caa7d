package org.opensearch.clip.encoder.tokenize;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.opensearch.clip.encoder.bundle.BundleException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a tokenizer's vocabulary knows a word, from its {@code tokenizer.json}. A word without a letter
 * (punctuation, digits) is always known. Otherwise a word is unknown when one of its tokens is the vocabulary's
 * unknown token (a word-level vocabulary such as the default model's maps every word it lacks to it), or when a
 * subword vocabulary (BPE, WordPiece) splits it into several pieces and neither its first piece is a whole word of
 * the vocabulary with at least {@value #MIN_FIRST_PIECE_LETTERS} letters nor its last piece one with at least
 * {@value #MIN_LAST_PIECE_LETTERS} (so that endings such as {@code -ies} or {@code -ing} do not count):
 * {@code thunderstorm} as {@code thunder + storm} is known, {@code xyzzy} as {@code xy + zz + y} and
 * {@code galaxies} as {@code galax + ies} are not.
 */
public final class WordCoverage {
    /** The shortest first piece of a split word that makes it known when it is a whole word. */
    public static final int MIN_FIRST_PIECE_LETTERS = 3;
    /** The shortest last piece of a split word that makes it known when it is a whole word. */
    public static final int MIN_LAST_PIECE_LETTERS = 4;

    private final Set<String> vocabulary;
    private final String unknownToken;
    private final String wordEndSuffix;
    private final String continuationPrefix;
    private final boolean wordLevel;

    WordCoverage(Set<String> vocabulary, String unknownToken, String wordEndSuffix, String continuationPrefix, boolean wordLevel) {
        this.vocabulary = vocabulary;
        this.unknownToken = unknownToken;
        this.wordEndSuffix = wordEndSuffix == null ? "" : wordEndSuffix;
        this.continuationPrefix = continuationPrefix == null ? "" : continuationPrefix;
        this.wordLevel = wordLevel;
    }

    /** Reads the model section of a {@code tokenizer.json}. */
    public static WordCoverage read(Path tokenizerJson) {
        try {
            JsonObject model = JsonParser.parseString(Files.readString(tokenizerJson, StandardCharsets.UTF_8))
                .getAsJsonObject().getAsJsonObject("model");
            Set<String> vocabulary = new HashSet<>();
            JsonElement vocab = model.get("vocab");
            if (vocab != null && vocab.isJsonObject()) {
                vocabulary.addAll(vocab.getAsJsonObject().keySet());
            } else if (vocab != null && vocab.isJsonArray()) {
                // Unigram: [[piece, score], ...]
                vocab.getAsJsonArray().forEach(entry -> vocabulary.add(entry.getAsJsonArray().get(0).getAsString()));
            }
            String type = string(model, "type");
            return new WordCoverage(vocabulary, string(model, "unk_token"), string(model, "end_of_word_suffix"),
                string(model, "continuing_subword_prefix"), "WordLevel".equals(type));
        } catch (IOException | RuntimeException e) {
            throw new BundleException(tokenizerJson.getFileName() + ": cannot read the vocabulary: " + e.getMessage(), e);
        }
    }

    private static String string(JsonObject object, String key) {
        JsonElement value = object.get(key);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }

    /** Whether the vocabulary knows {@code word}, given the tokens the tokenizer made of it. */
    public boolean knows(String word, List<String> tokens) {
        if (word.codePoints().noneMatch(Character::isLetter)) {
            return true;
        }
        for (String token : tokens) {
            if (token.equals(unknownToken)) {
                return false;
            }
        }
        if (wordLevel || tokens.size() <= 1) {
            return true;
        }
        return isWholeWord(bare(tokens.get(0)), MIN_FIRST_PIECE_LETTERS)
            || isWholeWord(bare(tokens.get(tokens.size() - 1)), MIN_LAST_PIECE_LETTERS);
    }

    private String bare(String token) {
        String piece = token;
        if (!continuationPrefix.isEmpty() && piece.startsWith(continuationPrefix)) {
            piece = piece.substring(continuationPrefix.length());
        }
        if (!wordEndSuffix.isEmpty() && piece.endsWith(wordEndSuffix)) {
            piece = piece.substring(0, piece.length() - wordEndSuffix.length());
        }
        return piece.toLowerCase(Locale.ROOT);
    }

    private boolean isWholeWord(String piece, int minLetters) {
        if (piece.codePoints().filter(Character::isLetter).count() < minLetters) {
            return false;
        }
        return wordEndSuffix.isEmpty() ? vocabulary.contains(piece) : vocabulary.contains(piece + wordEndSuffix);
    }
}
