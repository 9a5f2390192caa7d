package org.opensearch.clip.trainer.emoji;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keywords for emoji from an annotation file in emojilib's layout ({@code {"🐶": ["dog_face", "dog", "pet", "woof"]}}):
 * the words people use for an emoji besides its name, used as training-only captions. Keys are matched by code
 * points with variation selectors (U+FE0F) ignored; keywords that are not words ({@code :D}, {@code <3}) and those equal to a
 * caption the emoji already has are left out; underscores read as spaces.
 */
public final class EmojiKeywords {
    private static final Pattern WORDS = Pattern.compile("(?=.*\\p{L})[\\p{L}\\p{N}][\\p{L}\\p{N} '&.-]*");
    private static final int VARIATION_SELECTOR = 0xFE0F;

    private final Map<String, List<String>> byCodePoints;

    private EmojiKeywords(Map<String, List<String>> byCodePoints) {
        this.byCodePoints = byCodePoints;
    }

    /** No keywords. */
    public static EmojiKeywords none() {
        return new EmojiKeywords(Map.of());
    }

    /** Reads an emojilib-style file. */
    public static EmojiKeywords read(Path file) throws IOException {
        JsonElement root;
        try {
            root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) {
            throw new IOException(file + " must be a JSON object of emoji to keyword arrays");
        }
        Map<String, List<String>> keywords = new HashMap<>();
        for (Map.Entry<String, JsonElement> entry : ((JsonObject) root).entrySet()) {
            if (!entry.getValue().isJsonArray()) {
                continue;
            }
            List<String> words = new ArrayList<>();
            for (JsonElement word : entry.getValue().getAsJsonArray()) {
                if (word.isJsonPrimitive() && word.getAsJsonPrimitive().isString()) {
                    String clean = word.getAsString().replace('_', ' ').replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
                    if (WORDS.matcher(clean).matches()) {
                        words.add(clean);
                    }
                }
            }
            keywords.put(key(entry.getKey().codePoints().toArray()), List.copyOf(words));
        }
        return new EmojiKeywords(keywords);
    }

    /** How many emoji have keywords. */
    public int size() {
        return byCodePoints.size();
    }

    /** The keywords of the emoji whose {@code unified} code points are given ({@code 1F436}, {@code 1F468-200D-1F373}). */
    public List<String> of(String unified, List<String> captions) {
        int[] codePoints;
        try {
            codePoints = java.util.Arrays.stream(unified.split("-")).mapToInt(hex -> Integer.parseInt(hex, 16)).toArray();
        } catch (NumberFormatException e) {
            return List.of();
        }
        Set<String> words = new LinkedHashSet<>(byCodePoints.getOrDefault(key(codePoints), List.of()));
        words.removeAll(captions);
        return List.copyOf(words);
    }

    private static String key(int[] codePoints) {
        StringBuilder key = new StringBuilder();
        for (int codePoint : codePoints) {
            if (codePoint != VARIATION_SELECTOR) {
                key.append(Integer.toHexString(codePoint)).append(' ');
            }
        }
        return key.toString();
    }
}
