package org.opensearch.clip.plugin.ingest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.OpenSearchException;
import org.opensearch.clip.plugin.NodeModels;
import org.opensearch.clip.plugin.embed.EmbeddingService;
import org.opensearch.ingest.ConfigurationUtils;
import org.opensearch.ingest.Processor;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pipeline definitions of {@code clip_embedding}: good ones give the processor they describe, every wrong one is
 * refused with a message naming the option and what is wrong with it. The node has two models, "default-model" (its
 * default) and "other-model".
 */
class ClipEmbeddingProcessorFactoryTest {
    @TempDir
    Path models;

    private ClipEmbeddingProcessorFactory factory;

    @BeforeEach
    void node() {
        NodeModels.addBundle(models, "default", "default-model");
        NodeModels.addBundle(models, "other", "other-model");
        EmbeddingService service = NodeModels.service(models, "");
        factory = new ClipEmbeddingProcessorFactory(() -> service, () -> null);
    }

    /** A mutable config map, as the ingest service hands a factory (it removes what it reads). */
    private static Map<String, Object> config(Object... keysAndValues) {
        Map<String, Object> config = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }

    private ClipEmbeddingProcessor create(Map<String, Object> config) {
        return factory.create(Map.of(), "my-tag", null, config);
    }

    private void assertRefused(String expectedMessage, Map<String, Object> config) {
        OpenSearchException e = assertThrows(OpenSearchException.class, () -> create(config));
        assertEquals(expectedMessage, e.getMessage());
        assertEquals(List.of(ClipEmbeddingProcessor.TYPE), e.getMetadata("opensearch.processor_type"));
        assertEquals(List.of("my-tag"), e.getMetadata("opensearch.processor_tag"));
    }

    @Test
    void aStringEntryMapsAnImageFieldToAVectorField() {
        ClipEmbeddingProcessor processor = create(config("field_map", config("photo", "photo_vector")));
        assertEquals(List.of(new FieldMapping("photo", "photo_vector", InputType.IMAGE)), processor.fieldMap());
        assertEquals(ClipEmbeddingProcessor.TYPE, processor.getType());
        assertEquals("my-tag", processor.getTag());
        assertNull(processor.model(), "no model: the node's default");
    }

    @Test
    void objectEntriesNameTheirTypeAndKeepTheirOrder() {
        Map<String, Object> fieldMap = new java.util.LinkedHashMap<>();
        fieldMap.put("caption", config("target", "caption_vector", "type", "text"));
        fieldMap.put("photo", config("target", "photo_vector", "type", "image"));
        fieldMap.put("thumbnail", config("target", "thumbnail_vector"));
        ClipEmbeddingProcessor processor = create(config("field_map", fieldMap, "model", "other-model", "ignore_missing", true));
        assertEquals(
            List.of(
                new FieldMapping("caption", "caption_vector", InputType.TEXT),
                new FieldMapping("photo", "photo_vector", InputType.IMAGE),
                new FieldMapping("thumbnail", "thumbnail_vector", InputType.IMAGE)
            ),
            processor.fieldMap()
        );
        assertEquals("other-model", processor.model());
    }

    @Test
    void theFactoryConsumesEveryOptionItReads() {
        Map<String, Object> config = config("field_map", config("photo", "v"), "model", "default-model", "ignore_missing", false);
        create(config);
        assertTrue(config.isEmpty(), "left over: " + config);
    }

    @Test
    void aMissingFieldMapIsRefused() {
        assertRefused("[field_map] required property is missing", config());
    }

    @Test
    void anEmptyFieldMapIsRefused() {
        assertRefused("[field_map] must map at least one source field to a vector field", config("field_map", config()));
    }

    @Test
    void aFieldMapThatIsNotAnObjectIsRefused() {
        assertRefused("[field_map] property isn't a map, but of type [java.lang.String]", config("field_map", "photo"));
        assertRefused("[field_map] property isn't a map, but of type [java.util.ArrayList]", config("field_map", new java.util.ArrayList<>(List.of("photo"))));
    }

    @Test
    void anEntryOfTheWrongTypeIsRefusedNamingItsSourceField() {
        assertRefused(
            "[field_map.photo] must be a vector field name (an image field) or an object with [target] and [type] (image or text)",
            config("field_map", config("photo", 42))
        );
        assertRefused(
            "[field_map.photo] must be a vector field name (an image field) or an object with [target] and [type] (image or text)",
            config("field_map", config("photo", List.of("a", "b")))
        );
    }

    @Test
    void anEmptyTargetIsRefused() {
        assertRefused("[field_map.photo] target field must not be empty", config("field_map", config("photo", " ")));
    }

    @Test
    void anEmptySourceIsRefused() {
        assertRefused("[field_map] source field names must not be empty", config("field_map", config("", "v")));
    }

    @Test
    void anUnknownOptionInsideAnEntryIsRefusedNamingIt() {
        assertRefused(
            "[field_map.photo] unknown option [dims]; an entry takes [target] and [type]",
            config("field_map", config("photo", config("target", "v", "dims", 32)))
        );
    }

    @Test
    void anEntryWithoutTargetIsRefused() {
        assertRefused(
            "[field_map.caption.target] required: the vector field to write",
            config("field_map", config("caption", config("type", "text")))
        );
    }

    @Test
    void aTargetThatIsNoFieldNameIsRefusedShowingIt() {
        assertRefused(
            "[field_map.caption.target] must be the name of the vector field to write, got [5]",
            config("field_map", config("caption", config("target", 5, "type", "text")))
        );
        assertRefused(
            "[field_map.caption.target] must be the name of the vector field to write, got [ ]",
            config("field_map", config("caption", config("target", " ")))
        );
    }

    @Test
    void anUnknownTypeIsRefusedListingTheTypes() {
        assertRefused(
            "[field_map.caption.type] type [audio] must be one of [image, text]",
            config("field_map", config("caption", config("target", "v", "type", "audio")))
        );
    }

    @Test
    void twoSourcesWritingOneVectorFieldAreRefused() {
        Map<String, Object> fieldMap = new java.util.LinkedHashMap<>();
        fieldMap.put("photo", "vector");
        fieldMap.put("caption", config("target", "vector", "type", "text"));
        assertRefused("[field_map] target field [vector] is used by more than one source field", config("field_map", fieldMap));
    }

    @Test
    void anUnknownModelIsRefusedListingTheNodesModels() {
        assertRefused(
            "[model] unknown model [nope]; models on this node: [default-model, other-model]",
            config("field_map", config("photo", "v"), "model", "nope")
        );
    }

    @Test
    void aModelThatIsNotAStringIsRefused() {
        assertRefused("[model] property isn't a string, but of type [java.lang.Integer]", config("field_map", config("photo", "v"), "model", 3));
    }

    @Test
    void withoutModelANodeWithoutDefaultRefusesThePipeline(@TempDir Path empty) {
        EmbeddingService service = NodeModels.service(empty, "");
        ClipEmbeddingProcessorFactory noDefault = new ClipEmbeddingProcessorFactory(() -> service, () -> null);
        OpenSearchException e = assertThrows(
            OpenSearchException.class,
            () -> noDefault.create(Map.of(), null, null, config("field_map", config("photo", "v")))
        );
        assertEquals("[model] no model given and this node has no default model (set clip.default_model)", e.getMessage());
    }

    @Test
    void ignoreMissingMustBeABoolean() {
        assertRefused(
            "[ignore_missing] property isn't a boolean, but of type [java.lang.String]",
            config("field_map", config("photo", "v"), "ignore_missing", "yes")
        );
    }

    @Test
    void anUnknownTopLevelOptionIsRefusedByThePipelineWithItsName() {
        Map<String, Processor.Factory> registry = Map.of(ClipEmbeddingProcessor.TYPE, factory);
        Map<String, Object> config = config("field_map", config("photo", "v"), "batch", 8);
        OpenSearchException e = assertThrows(
            OpenSearchException.class,
            () -> ConfigurationUtils.readProcessor(registry, null, ClipEmbeddingProcessor.TYPE, config)
        );
        assertTrue(e.getMessage().contains("[batch]"), e.getMessage());
        assertTrue(e.getMessage().contains("doesn't support"), e.getMessage());
    }

    @Test
    void aGoodDefinitionPassesThePipelineAsAWhole() throws Exception {
        Map<String, Processor.Factory> registry = Map.of(ClipEmbeddingProcessor.TYPE, factory);
        Map<String, Object> config = config("field_map", config("photo", "v"), "tag", "t1", "description", "embeds photos");
        Processor processor = ConfigurationUtils.readProcessor(registry, null, ClipEmbeddingProcessor.TYPE, config);
        assertEquals("t1", processor.getTag());
        assertEquals("embeds photos", processor.getDescription());
        assertInstanceOf(ClipEmbeddingProcessor.class, processor);
    }
}
