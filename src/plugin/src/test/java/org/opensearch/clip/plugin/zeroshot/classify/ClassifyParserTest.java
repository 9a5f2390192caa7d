package org.opensearch.clip.plugin.zeroshot.classify;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The {@code _classify} body: images or documents, inline labels or a stored set, and every mistake named. */
class ClassifyParserTest {
    private static void assertRefused(String message, Map<String, Object> body) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> ClassifyParser.parse(body)).getMessage());
    }

    @Test
    void imagesWithInlineLabelsTakeTheDefaults() {
        ClassifySpec spec = ClassifyParser.parse(Map.of("images", List.of("AAAA"), "labels", List.of("cat", "dog")));
        assertEquals(List.of("AAAA"), spec.images());
        assertNull(spec.documents());
        assertEquals(ClassifyParser.DEFAULT_TOP_K, spec.topK());
        assertEquals(0.0, spec.minProbability());
        assertEquals(List.of("cat", "dog"), spec.labels().inline().labels());
    }

    @Test
    void documentsWithAStoredSetAndTemplates() {
        ClassifySpec spec = ClassifyParser.parse(Map.of("documents", Map.of("index", "photos", "ids", List.of("1", "2"), "field", "v"),
            "label_set", "animals", "templates", List.of("{} emoji"), "top_k", 2, "min_probability", 0.1, "model", "m"));
        assertEquals(new ClassifySpec.Documents("photos", List.of("1", "2"), "v"), spec.documents());
        assertEquals("animals", spec.labels().stored());
        assertEquals(List.of("{} emoji"), spec.labels().templates());
        assertEquals(2, spec.topK());
        assertEquals("m", spec.model());
    }

    @Test
    void mistakesAreRefusedNamingTheOption() {
        assertRefused("[_classify] needs either [images] (base64, data URIs or http(s) URLs) or [documents] ({\"index\", \"ids\", \"field\"}), not neither",
            Map.of("labels", List.of("cat")));
        assertRefused("[_classify] needs either [labels] (an array) or [label_set] (the name of a stored set), not neither",
            Map.of("images", List.of("AAAA")));
        assertRefused("[_classify] needs either [labels] (an array) or [label_set] (the name of a stored set), not both",
            Map.of("images", List.of("AAAA"), "labels", List.of("cat"), "label_set", "animals"));
        assertRefused("[_classify] unknown option [label]; it takes [documents, images, label_set, labels, min_probability, model, "
            + "prompts, templates, top_k]", Map.of("images", List.of("AAAA"), "label", List.of("cat")));
        assertRefused("[_classify] [top_k] must be at least 1, got 0", Map.of("images", List.of("AAAA"), "labels", List.of("cat"), "top_k", 0));
        assertRefused("[_classify] [top_k] must be an integer, got [two]",
            Map.of("images", List.of("AAAA"), "labels", List.of("cat"), "top_k", "two"));
        assertRefused("[_classify] [min_probability] must be a number between 0 and 1, got [2]",
            Map.of("images", List.of("AAAA"), "labels", List.of("cat"), "min_probability", 2));
        assertRefused("[_classify] [labels] holds [cat] twice", Map.of("images", List.of("AAAA"), "labels", List.of("cat", "cat")));
        assertRefused("[_classify] [documents.field] is required: the vector field to classify",
            Map.of("documents", Map.of("index", "i", "ids", List.of("1")), "labels", List.of("cat")));
        assertRefused("[_classify] [documents] unknown option [id]; it takes [field, ids, index]",
            Map.of("documents", Map.of("index", "i", "id", "1", "field", "v"), "labels", List.of("cat")));
        assertRefused("[_classify] [images] item 1 is empty", Map.of("images", List.of("AAAA", ""), "labels", List.of("cat")));
        assertRefused("[_classify] [templates] each template must contain {} where the label goes, got [a photo]",
            Map.of("images", List.of("AAAA"), "labels", List.of("cat"), "templates", List.of("a photo")));
        assertRefused("[_classify] [prompts] goes with inline [labels]; a stored set keeps its own prompts",
            Map.of("images", List.of("AAAA"), "label_set", "s", "prompts", Map.of("cat", List.of("a cat"))));
    }
}
