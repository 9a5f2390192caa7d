package org.opensearch.clip.trainer.emoji;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The captions of one emoji, from its {@code emoji.json} entry: the name, each short name (underscores and
 * hyphens read as spaces; country-code short names such as {@code flag-de} left out, they say nothing a picture
 * shows) and the name with its subcategory and category ({@code slice of pizza, food prepared, food & drink}).
 */
final class EmojiCaptions {
    private static final Pattern COUNTRY_CODE = Pattern.compile("flag-[a-z]{2}");

    private EmojiCaptions() {}

    static List<String> of(String name, List<String> shortNames, String category, String subcategory) {
        Set<String> captions = new LinkedHashSet<>();
        String cleanName = clean(name);
        captions.add(cleanName);
        for (String shortName : shortNames) {
            if (!COUNTRY_CODE.matcher(shortName).matches()) {
                String caption = clean(shortName);
                if (!caption.isEmpty()) {
                    captions.add(caption);
                }
            }
        }
        List<String> context = new ArrayList<>();
        if (subcategory != null && !subcategory.isBlank()) {
            context.add(clean(subcategory));
        }
        if (category != null && !category.isBlank()) {
            context.add(clean(category));
        }
        if (!context.isEmpty()) {
            captions.add(cleanName + ", " + String.join(", ", context));
        }
        return List.copyOf(captions);
    }

    private static String clean(String text) {
        return text.replaceAll("[_\\-]+", " ").replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
    }
}
