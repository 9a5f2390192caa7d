package org.opensearch.clip.trainer.emoji;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The captions of one emoji, from its {@code emoji.json} entry: the name, each short name (underscores and
 * hyphens read as spaces; country-code short names such as {@code flag-de} left out, they say nothing a picture
 * shows), the name with its subcategory and category ({@code slice of pizza, food prepared, food & drink}) and,
 * when the picture has a dominant colour that neither the name nor the first short name says, that colour before
 * the first kept short name, or the name ({@code red heart} for {@code HEAVY BLACK HEART}, nothing more for {@code GREEN HEART}).
 */
final class EmojiCaptions {
    private static final Pattern COUNTRY_CODE = Pattern.compile("flag-[a-z]{2}");

    private EmojiCaptions() {}

    static List<String> of(String name, List<String> shortNames, String category, String subcategory, Optional<String> colour) {
        Set<String> captions = new LinkedHashSet<>();
        String cleanName = clean(name);
        captions.add(cleanName);
        List<String> kept = new ArrayList<>();
        for (String shortName : shortNames) {
            if (!COUNTRY_CODE.matcher(shortName).matches()) {
                String caption = clean(shortName);
                if (!caption.isEmpty()) {
                    kept.add(caption);
                }
            }
        }
        captions.addAll(kept);
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
        String first = kept.isEmpty() ? cleanName : kept.get(0);
        if (colour.isPresent() && !says(cleanName, colour.get()) && !says(first, colour.get())) {
            captions.add(colour.get() + " " + first);
        }
        return List.copyOf(captions);
    }

    private static boolean says(String caption, String colour) {
        return List.of(caption.split("[^a-z]+")).contains(colour);
    }

    private static String clean(String text) {
        return text.replaceAll("[_\\-]+", " ").replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
    }
}
