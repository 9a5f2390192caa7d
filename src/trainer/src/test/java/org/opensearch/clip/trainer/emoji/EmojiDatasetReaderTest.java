package org.opensearch.clip.trainer.emoji;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.clip.trainer.TestImages;
import org.opensearch.clip.trainer.data.Example;
import org.opensearch.clip.trainer.data.LoadedDataset;
import org.opensearch.clip.trainer.data.PromptTemplates;
import org.opensearch.clip.trainer.data.RowProblem;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmojiDatasetReaderTest {
    static final String EMOJI_JSON = """
        [
          {"name": "SLICE OF PIZZA", "unified": "1F355", "image": "1f355.png", "short_names": ["pizza"],
           "category": "Food & Drink", "subcategory": "food-prepared", "has_img_google": true, "has_img_twitter": true},
          {"name": "HEAVY BLACK HEART", "unified": "2764-FE0F", "image": "2764-fe0f.png", "short_names": ["heart"],
           "category": "Smileys & Emotion", "subcategory": "heart", "has_img_google": true, "has_img_twitter": true},
          {"name": "Germany Flag", "unified": "1F1E9-1F1EA", "image": "1f1e9-1f1ea.png", "short_names": ["de", "flag-de"],
           "category": "Flags", "subcategory": "country-flag", "has_img_google": true, "has_img_twitter": false},
          {"name": "GHOST", "unified": "1F47B", "image": "1f47b.png", "short_names": ["ghost"],
           "category": "Smileys & Emotion", "subcategory": "face-costume", "has_img_google": true, "has_img_twitter": true},
          {"unified": "1F600", "image": "1f600.png", "has_img_google": true},
          "not an object"
        ]
        """;

    /** Writes a package folder as the npm tarball unpacks, with images for pizza, heart and the flag. */
    static Path fakePackage(Path dir, String set) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("emoji.json"), EMOJI_JSON);
        Path images = dir.resolve("img").resolve(set).resolve("64");
        TestImages.png(images.resolve("1f355.png"), new Color(230, 120, 20), 0);
        TestImages.png(images.resolve("2764-fe0f.png"), Color.RED, 1);
        TestImages.png(images.resolve("1f1e9-1f1ea.png"), Color.BLACK, 2);
        return dir;
    }

    @Test
    void readsEverySetAndReportsBadEntries(@TempDir Path tmp) throws Exception {
        Map<String, Path> dirs = new LinkedHashMap<>();
        dirs.put("google", fakePackage(tmp.resolve("g"), "google"));
        dirs.put("twitter", fakePackage(tmp.resolve("t"), "twitter"));

        LoadedDataset loaded = EmojiDatasetReader.read(dirs);

        assertEquals("emoji:google,twitter", loaded.dataset().name());
        assertEquals(PromptTemplates.EMOJI, loaded.dataset().templates());
        List<Example> examples = loaded.dataset().examples();
        assertEquals(5, examples.size()); // pizza, heart, flag from google; pizza, heart from twitter
        Example pizza = examples.get(0);
        assertEquals(List.of("slice of pizza", "pizza", "slice of pizza, food prepared, food & drink", "orange pizza"), pizza.captions());
        assertEquals("1F355", pizza.group());
        assertEquals("1F355", pizza.splitKey());
        assertEquals(examples.get(3).group(), pizza.group());
        assertEquals("food & drink", pizza.label(), "the Unicode category is the zero-shot class");
        assertEquals(List.of("flags", "food & drink", "smileys & emotion"), loaded.dataset().classes());
        assertEquals(List.of("heavy black heart", "heart", "heavy black heart, heart, smileys & emotion", "red heart"),
            examples.get(1).captions());
        assertEquals(List.of("germany flag", "de", "germany flag, country flag, flags", "black de"), examples.get(2).captions());

        List<String> problems = loaded.problems().stream().map(RowProblem::toString).toList();
        assertEquals(7, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("(1F47B)") && p.contains("does not exist")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("(1F600)") && p.contains("needs")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("entry 5") && p.contains("not a JSON object")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("(1F1E9-1F1EA)") && p.contains("has_img_twitter is false")), problems.toString());
    }

    @Test
    void bySubcategoryEveryPictureIsLabelledWithItsSubcategoryInWords(@TempDir Path tmp) throws Exception {
        LoadedDataset loaded = EmojiDatasetReader.read(Map.of("google", fakePackage(tmp.resolve("g"), "google")), true);

        assertEquals("emoji-subcategories:google", loaded.dataset().name());
        assertTrue(loaded.dataset().isClassification());
        assertEquals(List.of("country flag", "food prepared", "heart"), loaded.dataset().classes());
        assertEquals(List.of("food prepared", "heart", "country flag"),
            loaded.dataset().examples().stream().map(Example::label).toList());
    }
}
