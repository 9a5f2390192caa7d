package org.opensearch.clip.trainer.emoji;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.opensearch.clip.trainer.data.Dataset;
import org.opensearch.clip.trainer.data.Example;
import org.opensearch.clip.trainer.data.ImageFileCheck;
import org.opensearch.clip.trainer.data.LoadedDataset;
import org.opensearch.clip.trainer.data.PromptTemplates;
import org.opensearch.clip.trainer.data.RowProblem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads emoji image sets unpacked from the {@code emoji-datasource-<set>} npm packages: one example per emoji and
 * set (the 64 px image), captioned by {@link EmojiCaptions} (names, short names, categories and the picture's
 * dominant colour). The same emoji in two sets is one group (each picture
 * matches the other's captions) and one split key, so held-out emoji are unseen in every style. Skin-tone
 * variations are not used.
 */
public final class EmojiDatasetReader {
    private EmojiDatasetReader() {}

    /** Reads the sets, in the given order; {@code packageDirs} maps set name to unpacked package folder. */
    public static LoadedDataset read(Map<String, Path> packageDirs) throws IOException {
        return read(packageDirs, false);
    }

    /**
     * Reads the sets; with {@code bySubcategory} every example is labelled with its emoji subcategory in words
     * ({@code food-prepared} becomes {@code food prepared}), so zero-shot classification into the subcategories is
     * measured (entries without a subcategory are left out).
     */
    public static LoadedDataset read(Map<String, Path> packageDirs, boolean bySubcategory) throws IOException {
        return read(packageDirs, bySubcategory, EmojiKeywords.none());
    }

    /** Reads the sets, each emoji given {@code keywords} as training-only captions. */
    public static LoadedDataset read(Map<String, Path> packageDirs, boolean bySubcategory, EmojiKeywords keywords) throws IOException {
        List<Example> examples = new ArrayList<>();
        List<RowProblem> problems = new ArrayList<>();
        for (Map.Entry<String, Path> entry : packageDirs.entrySet()) {
            readSet(entry.getKey(), entry.getValue(), examples, problems, bySubcategory, keywords);
        }
        String name = (bySubcategory ? "emoji-subcategories:" : "emoji:") + String.join(",", packageDirs.keySet());
        List<String> classes = examples.stream().map(Example::label).distinct().sorted().toList();
        return new LoadedDataset(new Dataset(name, examples, PromptTemplates.EMOJI, classes), problems);
    }

    /** The emoji's Unicode category as a zero-shot class ({@code food & drink}); {@code other} when it has none. */
    static String categoryLabel(String category) {
        return category == null || category.isBlank() ? "other" : category.strip().toLowerCase(Locale.ROOT);
    }

    /** An emoji subcategory as words: {@code animal-mammal} → {@code animal mammal}. */
    public static String subcategoryLabel(String subcategory) {
        return subcategory.replace('-', ' ').strip();
    }

    private static void readSet(String set, Path dir, List<Example> examples, List<RowProblem> problems, boolean bySubcategory,
        EmojiKeywords keywords) throws IOException {
        Path json = dir.resolve("emoji.json");
        String source = json.toString();
        JsonElement root = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8));
        if (!root.isJsonArray()) {
            throw new IOException(json + " is not a JSON array of emoji");
        }
        JsonArray entries = root.getAsJsonArray();
        Path imageDir = dir.resolve("img").resolve(set).resolve("64");
        for (int i = 0; i < entries.size(); i++) {
            JsonElement element = entries.get(i);
            if (!element.isJsonObject()) {
                problems.add(new RowProblem(source, "entry " + i, "not a JSON object"));
                continue;
            }
            JsonObject emoji = element.getAsJsonObject();
            String unified = string(emoji, "unified");
            String location = "entry " + i + (unified == null ? "" : " (" + unified + ")");
            String name = string(emoji, "name");
            String image = string(emoji, "image");
            if (unified == null || name == null || name.isBlank() || image == null) {
                problems.add(new RowProblem(source, location, "needs \"unified\", \"name\" and \"image\" strings"));
                continue;
            }
            if (!emoji.has("has_img_" + set) || !emoji.get("has_img_" + set).getAsBoolean()) {
                problems.add(new RowProblem(source, location, "has no " + set + " image (has_img_" + set + " is false)"));
                continue;
            }
            Path file = imageDir.resolve(image);
            Optional<String> fileProblem = ImageFileCheck.problem(file);
            if (fileProblem.isPresent()) {
                problems.add(new RowProblem(source, location, fileProblem.get()));
                continue;
            }
            List<String> shortNames = new ArrayList<>();
            if (emoji.has("short_names") && emoji.get("short_names").isJsonArray()) {
                for (JsonElement s : emoji.getAsJsonArray("short_names")) {
                    shortNames.add(s.getAsString());
                }
            }
            Optional<String> colour;
            try {
                colour = EmojiColour.of(file);
            } catch (IOException e) {
                problems.add(new RowProblem(source, location, "image " + file + " cannot be read: " + e.getMessage()));
                continue;
            }
            List<String> captions = EmojiCaptions.of(name, shortNames, string(emoji, "category"), string(emoji, "subcategory"), colour);
            String subcategory = string(emoji, "subcategory");
            if (bySubcategory && (subcategory == null || subcategory.isBlank())) {
                problems.add(new RowProblem(source, location, "has no subcategory"));
                continue;
            }
            String label = bySubcategory ? subcategoryLabel(subcategory) : categoryLabel(string(emoji, "category"));
            examples.add(new Example(file, captions, unified, unified, label, keywords.of(unified, captions)));
        }
    }

    private static String string(JsonObject object, String key) {
        JsonElement e = object.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }
}
