package org.opensearch.clip.plugin.zeroshot;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Label sets: prompts from templates or per-label prompts, and every malformed set refused naming the option. */
class LabelSetTest {
    private static final Set<String> ALL = Set.of("labels", "templates", "prompts");

    private static void assertRefused(String message, Map<String, Object> body) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> LabelSet.fromMap(body, ALL)).getMessage());
    }

    @Test
    void labelsWithoutTemplatesUseTheDefaultEnsemble() {
        LabelSet set = LabelSet.fromMap(Map.of("labels", List.of("cat", "dog")), ALL);
        assertEquals(DefaultTemplates.ENSEMBLE.size(), set.promptsFor("cat").size());
        assertEquals("a photo of a cat.", set.promptsFor("cat").get(0));
        assertEquals("cat", set.promptsFor("cat").get(DefaultTemplates.ENSEMBLE.size() - 1));
    }

    @Test
    void templatesReplaceTheEnsembleAndPerLabelPromptsReplaceTheTemplates() {
        LabelSet set = LabelSet.fromMap(Map.of("labels", List.of("cat", "tabby"), "templates", List.of("{} emoji"),
            "prompts", Map.of("tabby", List.of("a striped cat", "a tabby cat"))), ALL);
        assertEquals(List.of("cat emoji"), set.promptsFor("cat"));
        assertEquals(List.of("a striped cat", "a tabby cat"), set.promptsFor("tabby"));
        assertEquals(Map.of("labels", List.of("cat", "tabby"), "templates", List.of("{} emoji"),
            "prompts", Map.of("tabby", List.of("a striped cat", "a tabby cat"))), set.toMap());
    }

    @Test
    void malformedSetsAreRefusedNamingTheOption() {
        assertRefused("[labels] is required", Map.of("templates", List.of("{}")));
        assertRefused("[labels] must hold at least one label", Map.of("labels", List.of()));
        assertRefused("[labels] holds [cat] twice", Map.of("labels", List.of("cat", "cat")));
        assertRefused("[labels] must not hold empty labels", Map.of("labels", List.of("cat", " ")));
        assertRefused("[labels] must hold only strings, found [3]", Map.of("labels", List.of("cat", 3)));
        assertRefused("[templates] each template must contain {} where the label goes, got [a photo]",
            Map.of("labels", List.of("cat"), "templates", List.of("a photo")));
        assertRefused("[prompts] names [dog], which is not one of the labels",
            Map.of("labels", List.of("cat"), "prompts", Map.of("dog", List.of("a dog"))));
        assertRefused("[prompts.cat] must be a non-empty array of non-empty texts",
            Map.of("labels", List.of("cat"), "prompts", Map.of("cat", List.of())));
        assertRefused("unknown option [label]; a label set takes [labels, prompts, templates]", Map.of("label", List.of("cat")));
    }
}
