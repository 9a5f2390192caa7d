package org.opensearch.clip.plugin.ingest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.OpenSearchException;
import org.opensearch.clip.plugin.NodeModels;
import org.opensearch.clip.plugin.embed.EmbeddingService;
import org.opensearch.clip.plugin.zeroshot.LabelEmbeddingCache;
import org.opensearch.clip.plugin.zeroshot.ZeroShotClassifier;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Pipeline definitions of {@code clip_classify}: the defaults, and every wrong option refused naming it. */
class ClipClassifyProcessorFactoryTest {
    @TempDir
    Path models;

    private ClipClassifyProcessorFactory factory;

    @BeforeEach
    void node() {
        NodeModels.addBundle(models, "default", "default-model");
        EmbeddingService service = NodeModels.service(models, "");
        ZeroShotClassifier classifier = new ZeroShotClassifier(service, null, new LabelEmbeddingCache(1000));
        factory = new ClipClassifyProcessorFactory(() -> classifier);
    }

    private static Map<String, Object> config(Object... keysAndValues) {
        Map<String, Object> config = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }

    private ClipClassifyProcessor create(Map<String, Object> config) {
        return factory.create(Map.of(), "t", null, config);
    }

    private void assertRefused(String message, Map<String, Object> config) {
        OpenSearchException e = assertThrows(OpenSearchException.class, () -> create(config));
        assertEquals(message, e.getMessage());
        assertEquals(List.of(ClipClassifyProcessor.TYPE), e.getMetadata("opensearch.processor_type"));
    }

    @Test
    void aVectorFieldWithInlineLabelsTakesTheDefaults() {
        Map<String, Object> config = config("vector_field", "image_vector", "target_field", "tags", "labels", List.of("cat", "dog"));
        ClipClassifyProcessor.Settings settings = create(config).settings();
        assertEquals("image_vector", settings.vectorField());
        assertNull(settings.field());
        assertEquals("tags", settings.targetField());
        assertNull(settings.probabilityField());
        assertEquals(ClipClassifyProcessorFactory.DEFAULT_TOP_K, settings.topK());
        assertEquals(0.0, settings.minProbability());
        assertEquals(List.of("cat", "dog"), settings.labels().inline().labels());
        assertEquals(Map.of(), config, "every option was read");
    }

    @Test
    void anImageFieldWithAStoredSetAndEveryOption() {
        ClipClassifyProcessor.Settings settings = create(config("field", "image", "target_field", "tags", "probability_field", "scores",
            "label_set", "animals", "templates", List.of("{} emoji"), "top_k", 2, "min_probability", 0.2, "model", "default-model",
            "ignore_missing", true)).settings();
        assertEquals("animals", settings.labels().stored());
        assertEquals(List.of("{} emoji"), settings.labels().templates());
        assertEquals(2, settings.topK());
        assertEquals(0.2, settings.minProbability());
        assertEquals(true, settings.ignoreMissing());
    }

    @Test
    void wrongConfigurationsAreRefusedNamingTheOption() {
        assertRefused("[field] give either [field] (an image field) or [vector_field] (a vector an earlier clip_embedding wrote), not neither",
            config("target_field", "tags", "labels", List.of("cat")));
        assertRefused("[field] give either [field] (an image field) or [vector_field] (a vector an earlier clip_embedding wrote), not both",
            config("field", "image", "vector_field", "v", "target_field", "tags", "labels", List.of("cat")));
        assertRefused("[target_field] required property is missing", config("field", "image", "labels", List.of("cat")));
        assertRefused("[labels] give either [labels] (an array) or [label_set] (the name of a stored label set), not neither",
            config("field", "image", "target_field", "tags"));
        assertRefused("[labels] [labels] holds [cat] twice", config("field", "image", "target_field", "tags", "labels", List.of("cat", "cat")));
        assertRefused("[templates] [templates] each template must contain {} where the label goes, got [x]",
            config("field", "image", "target_field", "tags", "labels", List.of("cat"), "templates", List.of("x")));
        assertRefused("[top_k] must be at least 1, got 0", config("field", "image", "target_field", "tags", "labels", List.of("cat"), "top_k", 0));
        assertRefused("[min_probability] must be between 0 and 1, got 1.5",
            config("field", "image", "target_field", "tags", "labels", List.of("cat"), "min_probability", 1.5));
        assertRefused("[probability_field] must differ from [target_field]",
            config("field", "image", "target_field", "tags", "probability_field", "tags", "labels", List.of("cat")));
        assertRefused("[label_set] label set names are 1-128 lower-case letters, digits, '_', '.' or '-', starting with a letter or digit; "
            + "got [Animals]", config("field", "image", "target_field", "tags", "label_set", "Animals"));
    }

    @Test
    void anUnknownModelIsRefusedListingTheModels() {
        OpenSearchException e = assertThrows(OpenSearchException.class,
            () -> create(config("field", "image", "target_field", "tags", "labels", List.of("cat"), "model", "nope")));
        assertEquals("[model] unknown model [nope]; models on this node: [default-model]", e.getMessage());
    }
}
